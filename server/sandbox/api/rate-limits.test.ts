import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { Sandbox } from '../sandbox.ts';
import { startTestSandbox } from '../testing.ts';

/**
 * Stripe's API rate limits in the sandbox (https://docs.stripe.com/rate-limits). The clock is the test's: the
 * limiter counts in one-second windows of it, so which request is refused never depends on the machine's speed.
 */
let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const clock = { ms: 1_800_000_000_000 };
const start = (rateLimits?: 'test' | 'live') =>
  startTestSandbox({ now: () => clock.ms, ...(rateLimits ? { rateLimits } : {}) }).then((s) => (sandbox = s));

async function call(s: Sandbox, method: string, path: string, body?: string, idempotencyKey?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${s.secretKey}` };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(`${s.url}${path}`, { method, headers, body: body ?? null });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const CREATE = 'amount=1000&currency=eur&payment_method_types[]=card';

describe('sandbox: Stripe rate limits', () => {
  it('are off unless asked for: 40 requests in one second all answer', async () => {
    const s = await start();
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await call(s, 'GET', '/v1/payment_intents')).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('test mode: the 26th request in one second gets Stripe’s 429, and the next second is served again', async () => {
    const s = await start('test');
    clock.ms = 1_800_000_000_000;
    for (let i = 0; i < 25; i++) expect((await call(s, 'GET', '/v1/payment_intents')).status).toBe(200);
    const refused = await call(s, 'GET', '/v1/payment_intents');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('stripe-rate-limited-reason')).toBe('endpoint-rate');
    // Stripe documents no Retry-After and sends no Stripe-Should-Retry for a rate limit.
    expect(refused.headers.get('stripe-should-retry')).toBeNull();
    expect(refused.headers.get('request-id')).toMatch(/^req_/);
    expect(refused.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: expect.stringContaining('rate limit') as unknown,
    });
    // The global limit (25 in test mode) is spent too: another endpoint is refused in the same second.
    const other = await call(s, 'GET', '/v1/charges');
    expect(other.status).toBe(429);
    expect(other.headers.get('stripe-rate-limited-reason')).toBe('global-rate');

    clock.ms += 1_000;
    expect((await call(s, 'GET', '/v1/payment_intents')).status).toBe(200);
    expect(s.rateLimited()).toBe(2);
  });

  it('the SDK raises StripeRateLimitError for it and does not retry it by itself', async () => {
    const s = await start('test');
    clock.ms = 1_800_000_010_000;
    const stripe = s.stripeClient({ maxNetworkRetries: 3 });
    for (let i = 0; i < 25; i++) await stripe.paymentIntents.list({ limit: 1 });
    const error = await stripe.paymentIntents.list({ limit: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((error as Stripe.errors.StripeRateLimitError).code).toBe('rate_limit');
    expect(s.rateLimited()).toBe(1);
  });

  it('live mode: 25 per endpoint, 100 across the account', async () => {
    const s = await start('live');
    clock.ms = 1_800_000_020_000;
    for (let i = 0; i < 25; i++) expect((await call(s, 'GET', '/v1/charges')).status).toBe(200);
    const sameEndpoint = await call(s, 'GET', '/v1/charges');
    expect(sameEndpoint.status).toBe(429);
    expect(sameEndpoint.headers.get('stripe-rate-limited-reason')).toBe('endpoint-rate');
    // Every id of GET /v1/payment_intents/:id is one endpoint; other endpoints still answer.
    for (const path of ['/v1/payment_intents', '/v1/refunds', '/v1/disputes']) {
      for (let i = 0; i < 24; i++) expect((await call(s, 'GET', path)).status).toBe(200);
    }
    // 25 + 72 = 97 served (a refused request uses up nothing); three more fit, the 101st does not.
    for (let i = 0; i < 3; i++) expect((await call(s, 'GET', '/v1/events')).status).toBe(200);
    const global = await call(s, 'GET', '/v1/events');
    expect(global.status).toBe(429);
    expect(global.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
  });

  it('a refused create leaves no idempotency record: its retry with the same key makes the one PaymentIntent', async () => {
    const s = await start('test');
    clock.ms = 1_800_000_030_000;
    for (let i = 0; i < 25; i++) await call(s, 'GET', '/v1/payment_intents');
    const refused = await call(s, 'POST', '/v1/payment_intents', CREATE, 'order-1');
    expect(refused.status).toBe(429);
    clock.ms += 1_000;
    const first = await call(s, 'POST', '/v1/payment_intents', CREATE, 'order-1');
    const again = await call(s, 'POST', '/v1/payment_intents', CREATE, 'order-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    expect(s.events().filter((e) => e.type === 'payment_intent.created')).toHaveLength(1);
  });

  it('the control API turns the limits on and off', async () => {
    const s = await start();
    clock.ms = 1_800_000_040_000;
    const on = await fetch(`${s.url}/_sandbox/rate_limits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true, mode: 'test', global: 2 }),
    });
    expect(await on.json()).toMatchObject({
      enabled: true,
      limits: { mode: 'test', global: 2, endpoint: 25 },
    });
    expect((await call(s, 'GET', '/v1/charges')).status).toBe(200);
    expect((await call(s, 'GET', '/v1/charges')).status).toBe(200);
    expect((await call(s, 'GET', '/v1/charges')).status).toBe(429);
    const off = await fetch(`${s.url}/_sandbox/rate_limits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(await off.json()).toMatchObject({ enabled: false, refused: 1 });
    expect((await call(s, 'GET', '/v1/charges')).status).toBe(200);
    const missing = await fetch(`${s.url}/_sandbox/rate_limits`, { method: 'POST' });
    expect(missing.status).toBe(400);
  });
});
