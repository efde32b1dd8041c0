import { describe, expect, it } from 'vitest';
import { apiReference } from './api-reference.ts';

describe('the problem types /reference/api/ lists per operation', () => {
  const operations = apiReference();
  const problemsOf = (method: string, path: string) =>
    operations.find((o) => o.method === method && o.path === path)?.problems;

  it('lists storage-full (507) for every POST, which writes, and for the GET that may write an expiry', () => {
    for (const operation of operations.filter((o) => o.method === 'POST')) {
      expect(operation.problems, `${operation.method} ${operation.path}`).toContain('storage-full');
    }
    expect(problemsOf('GET', '/v1/checkout/:id')).toContain('storage-full');
  });

  it('does not list storage-full for reads that never write, and lists every type once', () => {
    expect(problemsOf('GET', '/v1/events')).not.toContain('storage-full');
    expect(problemsOf('GET', '/v1/payment-requests/:id')).not.toContain('storage-full');
    for (const operation of operations) {
      expect(new Set(operation.problems).size, `${operation.method} ${operation.path}`).toBe(
        operation.problems.length,
      );
    }
  });

  it('lists the malformed-input problems where they can occur: path ids, JSON bodies, text', () => {
    expect(problemsOf('GET', '/v1/payment-requests/:id')).toEqual(
      expect.arrayContaining(['malformed-path', 'malformed-text']),
    );
    expect(problemsOf('POST', '/v1/payment-requests')).toEqual(
      expect.arrayContaining(['malformed-json', 'json-too-deep', 'malformed-text']),
    );
    expect(problemsOf('POST', '/v1/payment-requests')).not.toContain('malformed-path');
  });
});
