import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiOperation } from '../../server/src/api-reference.ts';
import type { DocumentedCall } from '../data/freight-snippets.ts';
import { checkDocumentedCalls, checkDocumentedProblems } from './documented-calls.ts';

const refundOperation: ApiOperation = {
  method: 'POST',
  path: '/v1/things/:id/refunds',
  summary: 'A test operation',
  auth: 'merchant-key',
  body: z.strictObject({ amount: z.int().optional(), reason: z.enum(['duplicate']) }),
  response: z.object({ id: z.string(), amount: z.int() }),
  problems: [],
};

const operations: ApiOperation[] = [
  refundOperation,
  { method: 'GET', path: '/v1/things', summary: 'A list', auth: 'merchant-key', problems: [] },
];

const call = (documented: Partial<DocumentedCall['call']>, answer?: string): DocumentedCall => ({
  name: 'guide',
  call: { method: 'POST', path: '/v1/things/th_1/refunds', body: { reason: 'duplicate' }, ...documented },
  answer,
});

describe('curl examples held against the API reference', () => {
  it('passes a call whose path, body and example answer are all documented', () => {
    const checked = checkDocumentedCalls(operations, [call({}, '{"id": "re_1", "amount": 5}')]);
    expect(checked.failures).toEqual([]);
    expect(checked.found).toEqual(['guide: POST /v1/things/th_1/refunds (with its example answer)']);
  });

  it('fails a path or method that the reference does not have', () => {
    const checked = checkDocumentedCalls(operations, [call({ path: '/v1/things/th_1/refund' })]);
    expect(checked.failures).toEqual([
      'guide: POST /v1/things/th_1/refund is not an operation of the API reference',
    ]);
  });

  it('fails a body field the schema refuses, naming it', () => {
    const checked = checkDocumentedCalls(operations, [call({ body: { reason: 'duplicate', note: 'x' } })]);
    expect(checked.failures).toHaveLength(1);
    expect(checked.failures[0]).toMatch(/the body does not match the operation's schema \(.*note/);
  });

  it('fails a body sent to an operation that takes none', () => {
    const checked = checkDocumentedCalls(operations, [
      call({ method: 'GET', path: '/v1/things', body: { limit: 1 } }),
    ]);
    expect(checked.failures).toEqual(['guide: GET /v1/things sends a body, but the operation takes none']);
  });

  it('fails an example answer that shows a field the response lacks', () => {
    const checked = checkDocumentedCalls(operations, [call({}, '{"id": "re_1", "status": "pending"}')]);
    expect(checked.failures).toEqual([
      'guide: POST /v1/things/th_1/refunds: the example answer shows fields the response lacks: status',
    ]);
  });
});

describe('problem types named by the guides', () => {
  const problems = { 'capture-amount-too-large': { status: 422, title: 'Too much' } };
  const refund = { method: 'POST' as const, path: '/v1/things/th_1/refunds' };
  const withProblems: ApiOperation[] = [{ ...refundOperation, problems: ['capture-amount-too-large'] }];

  it('passes a problem the operation answers with, shown with its status and title', () => {
    const example =
      '{"type": "urn:cargopay:problem:capture-amount-too-large", "status": 422, "title": "Too much"}';
    const checked = checkDocumentedProblems(withProblems, problems, [
      { name: 'over-capture', call: refund, slug: 'capture-amount-too-large', example },
    ]);
    expect(checked.failures).toEqual([]);
  });

  it('fails an unknown problem type, one the operation does not list, and a wrong title', () => {
    const example =
      '{"type": "urn:cargopay:problem:capture-amount-too-large", "status": 422, "title": "Other"}';
    const checked = checkDocumentedProblems(operations, problems, [
      { name: 'renamed', call: refund, slug: 'capture-too-large' },
      { name: 'unlisted', call: refund, slug: 'capture-amount-too-large', example },
    ]);
    expect(checked.failures).toEqual([
      'renamed: capture-too-large is not a problem type of the server',
      'unlisted: capture-amount-too-large is not among the problems of POST /v1/things/:id/refunds',
      'unlisted: capture-amount-too-large: the example\'s title is not the server\'s ("Too much")',
    ]);
  });
});
