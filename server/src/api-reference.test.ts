import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { apiOperations } from './api-reference.ts';

describe('apiOperations (source of the docs’ /reference/api/)', () => {
  it('lists every endpoint the server routes, once', () => {
    const routes = apiOperations.map((o) => `${o.method} ${o.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/payment-requests',
        'GET /v1/payment-requests',
        'GET /v1/payment-requests/:id',
        'POST /v1/payment-requests/:id/cancel',
        'POST /v1/payment-requests/:id/capture',
        'GET /v1/settings/capture',
        'POST /v1/settings/capture',
        'POST /v1/payment-requests/:id/refunds',
        'GET /v1/payment-requests/:id/refunds',
        'GET /v1/events',
        'GET /v1/checkout/:id',
        'POST /v1/checkout/:id/intent',
        'POST /v1/checkout/:id/vat',
        'POST /v1/webhooks/stripe',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
      ]),
    );
  });

  it('converts every schema to JSON Schema', () => {
    for (const op of apiOperations) {
      for (const part of ['params', 'query', 'body', 'response'] as const) {
        const schema = op[part];
        if (schema) expect(() => z.toJSONSchema(schema), `${op.method} ${op.path} ${part}`).not.toThrow();
      }
    }
  });
});
