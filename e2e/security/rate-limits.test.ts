/**
 * Bursts past every rate limit of a running server process, with tight limits set through its environment:
 * each group of routes lets exactly its limit through in the window and then answers `429 rate-limited`
 * (problem+json, `Retry-After`) to everything else, without touching the other groups' counters. The merchant
 * API is one group, whichever of its routers serves a request. Failed authentications have their own throttle
 * per client address, which refuses even valid keys from that address once tripped; that burst comes from
 * other loopback addresses (127.0.0.2, 127.0.0.3) so that it leaves 127.0.0.1 alone.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createMerchantWithCli, startStack, type CliMerchant, type Stack } from '../support/stack.ts';

const LIMITS = { checkout: 8, api: 10, webhooks: 9, authFailures: 6 };
let stack: Stack;
let m: CliMerchant;
let other: CliMerchant;
let id = '';

beforeAll(async () => {
  stack = await startStack({
    logLevel: 'warn',
    env: {
      RATE_LIMIT_CHECKOUT_PER_MINUTE: String(LIMITS.checkout),
      RATE_LIMIT_API_PER_MINUTE: String(LIMITS.api),
      RATE_LIMIT_WEBHOOKS_PER_MINUTE: String(LIMITS.webhooks),
      RATE_LIMIT_AUTH_FAILURES: String(LIMITS.authFailures),
    },
  });
  m = createMerchantWithCli(stack, { name: 'Burst Freight', origins: ['https://shop.example'] });
  other = createMerchantWithCli(stack, { name: 'Quiet Freight', origins: ['https://shop.example'] });
  const created = await api(stack.url, 'POST', '/v1/payment-requests', {
    key: other.apiKey,
    body: {
      amount: 5_000,
      currency: 'eur',
      reference: 'RL-1',
      description: 'Parcel',
      customer: { email: 'b@example.com', name: 'B' },
    },
  });
  expect(created.status, created.text).toBe(201);
  id = String(created.json.id);
});
afterAll(() => stack?.close());

/** Sends `count` requests one after another; answers their statuses and the first 429. */
async function burst(count: number, send: () => Promise<Response>) {
  const statuses: number[] = [];
  let refused: { body: Record<string, unknown>; retryAfter: string | null; type: string | null } | null =
    null;
  for (let i = 0; i < count; i++) {
    const res = await send();
    statuses.push(res.status);
    const text = await res.text();
    if (res.status === 429 && !refused) {
      refused = {
        body: JSON.parse(text) as Record<string, unknown>,
        retryAfter: res.headers.get('retry-after'),
        type: res.headers.get('content-type'),
      };
    }
  }
  return { statuses, refused };
}

function expectLimited(result: Awaited<ReturnType<typeof burst>>, limit: number, windowSeconds = 60) {
  expect(result.statuses.slice(0, limit).filter((s) => s === 429)).toEqual([]);
  expect(
    result.statuses.slice(limit).every((s) => s === 429),
    result.statuses.join(','),
  ).toBe(true);
  expect(result.refused?.body.type).toBe('urn:cargopay:problem:rate-limited');
  expect(result.refused?.type).toContain('application/problem+json');
  expect(Number(result.refused?.retryAfter)).toBeGreaterThan(0);
  expect(Number(result.refused?.retryAfter)).toBeLessThanOrEqual(windowSeconds);
}

/** A GET sent from another loopback address (the server sees it as another client, no proxy involved). */
function getFrom(
  localAddress: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.url}${path}`, { localAddress, headers, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') answer.set(name, value);
        }
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: answer }));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${path} within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

const get =
  (path: string, headers: Record<string, string> = {}) =>
  () =>
    fetch(`${stack.url}${path}`, { headers, signal: AbortSignal.timeout(5_000) });

describe('bursts past every rate limit', () => {
  it(`checkout (per IP): ${LIMITS.checkout} per minute, then 429`, async () => {
    expectLimited(
      await burst(LIMITS.checkout + 4, get(`/v1/checkout/${id}`, { origin: 'https://shop.example' })),
      LIMITS.checkout,
    );
  });

  it(`example shop (per IP, its own counter): ${LIMITS.checkout} per minute, then 429`, async () => {
    expectLimited(await burst(LIMITS.checkout + 4, get('/example-shop/')), LIMITS.checkout);
  });

  it(`merchant API (per merchant key, one budget across its routes): ${LIMITS.api} per minute, then 429; another merchant is unaffected`, async () => {
    const auth = { authorization: `Bearer ${m.apiKey}` };
    // Payment requests, events, and the dispute and risk settings take turns: they draw on one budget.
    const routes = ['/v1/payment-requests', '/v1/events', '/v1/settings/risk', '/v1/settings/disputes'];
    let turn = 0;
    const result = await burst(LIMITS.api + 8, () => get(routes[turn++ % routes.length] as string, auth)());
    expectLimited(result, LIMITS.api);
    const quiet = await api(stack.url, 'GET', `/v1/payment-requests/${id}`, { key: other.apiKey });
    expect(quiet.status).toBe(200);
  });

  it('failed authentications (per address): bad keys answer 401 up to the limit, then 429 for every key from that address, valid ones included; another address is unaffected', async () => {
    const routes = ['/v1/payment-requests', '/v1/events', '/v1/disputes', '/v1/settings/risk'];
    let turn = 0;
    const result = await burst(30, () =>
      getFrom('127.0.0.2', routes[turn++ % routes.length] as string, {
        authorization: `Bearer cp_test_${randomBytes(24).toString('base64url')}`,
      }),
    );
    expect(result.statuses.slice(0, LIMITS.authFailures).every((s) => s === 401)).toBe(true);
    // The default window is 15 minutes.
    expectLimited(result, LIMITS.authFailures, 900);
    // A merchant with its whole API budget left: the refusal is the address's, not the key's.
    const fresh = createMerchantWithCli(stack, { name: 'Fresh Freight', origins: ['https://shop.example'] });
    const auth = { authorization: `Bearer ${fresh.apiKey}` };
    const blocked = await getFrom('127.0.0.2', '/v1/payment-requests', auth);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await getFrom('127.0.0.3', '/v1/payment-requests', auth)).status).toBe(200);
    const elsewhere = await getFrom('127.0.0.3', `/v1/payment-requests/${id}`, {
      authorization: `Bearer ${other.apiKey}`,
    });
    expect(elsewhere.status).toBe(200);
  });

  it(`Stripe webhooks (per IP): ${LIMITS.webhooks} per minute, then 429 before any signature work`, async () => {
    const result = await burst(LIMITS.webhooks + 4, () =>
      fetch(`${stack.url}/v1/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
        body: '{}',
        signal: AbortSignal.timeout(5_000),
      }),
    );
    expect(result.statuses.slice(0, LIMITS.webhooks).every((s) => s === 400)).toBe(true);
    expectLimited(result, LIMITS.webhooks);
  });
});
