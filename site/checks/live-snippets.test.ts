import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { apiOperations } from '../../server/src/api-reference.ts';
import {
  apiBaseUrl,
  createPaymentRequest,
  examplePaymentRequestId,
  recordShipment,
} from '../data/snippets.ts';
import { callsApi, runFetchSnippets } from './live-snippets.ts';

const documented = { apiBaseUrl, paymentRequestId: examplePaymentRequestId, operations: apiOperations };

describe('the integration guide’s fetch snippets against a live server', () => {
  let t: TestServer;
  let apiKey: string;
  beforeAll(async () => {
    t = await startTestServer({ workers: false, registerWebhook: false });
    apiKey = (await t.merchant()).apiKey;
  });
  afterAll(() => t.close());

  it('creates a payment request and records its shipment, each answered 2xx as the API reference documents', async () => {
    const snippets = [
      // Out of page order on purpose: the runner creates the payment request first.
      { name: 'record-shipment.ts', code: recordShipment },
      { name: 'create-payment-request.ts', code: createPaymentRequest },
    ];
    expect(snippets.every((snippet) => callsApi(snippet.code, apiBaseUrl))).toBe(true);
    const { failures, found } = await runFetchSnippets(snippets, { url: t.url, apiKey }, documented);
    expect(failures).toEqual([]);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^create-payment-request\.ts: POST \/v1\/payment-requests → 201, matches the documented response$/,
    );
    expect(found[1]).toMatch(/^record-shipment\.ts: POST \/v1\/payment-requests\/pr_\w+\/shipment → 200$/);
    const created = await t.request('GET', '/v1/payment-requests', { key: apiKey });
    expect((created.json.data as unknown[]).length).toBeGreaterThan(0);
  });

  it('reports a snippet the server refuses, one that calls an undocumented path, and one that throws', async () => {
    const broken = [
      { name: 'bad-amount.ts', code: createPaymentRequest.replace('"amount": 12500', '"amount": "12500"') },
      { name: 'undocumented.ts', code: `await fetch('${apiBaseUrl}/v1/nowhere', { method: 'POST' });` },
      {
        name: 'throws.ts',
        code: `const r = await fetch('${apiBaseUrl}/v1/payment-requests'); if (!r.ok) throw new Error('no');`,
      },
    ];
    const { failures } = await runFetchSnippets(broken, { url: t.url, apiKey: 'cp_test_wrong' }, documented);
    expect(failures).toEqual([
      expect.stringMatching(/^bad-amount\.ts: threw CargoPay answered 4\d\d/),
      expect.stringMatching(/^bad-amount\.ts: POST \/v1\/payment-requests answered 4\d\d/),
      'undocumented.ts: POST /v1/nowhere is not an operation of the API reference',
      'throws.ts: threw no',
      expect.stringMatching(/^throws\.ts: GET \/v1\/payment-requests answered 401/),
    ]);
  });
});
