import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { paymentRequestBody, problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from '../store/crypto.ts';
import { migratePostgres } from '../store/pg-migrations.ts';
import { rateLimitsMigration } from '../store/pg-migrations/0004-rate-limits.ts';
import { createPool } from '../store/pg-pool.ts';
import { PgRateLimits } from '../store/pg-rate-limits.ts';
import { PgScope } from '../store/pg-scope.ts';
import { MemoryRateLimits } from '../store/memory-rate-limits.ts';
import { AuthThrottle } from './auth-throttle.ts';

const badKey = (prefix = 'cp_test_') => `${prefix}${randomBytes(24).toString('base64url')}`;

/** Counts the store's key lookups, to show which requests never reached one. */
function countLookups(t: TestServer): { count: number } {
  const counter = { count: 0 };
  const lookup = t.store.merchants.byKeyHash.bind(t.store.merchants);
  t.store.merchants.byKeyHash = (hash) => {
    counter.count++;
    return lookup(hash);
  };
  return counter;
}

describe('failed merchant authentications are throttled before the key lookup', () => {
  let t: TestServer;
  let lookups: { count: number };
  const WINDOW_SECONDS = 900;
  beforeAll(async () => {
    t = await startTestServer({
      registerWebhook: false,
      workers: false,
      env: {
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_AUTH_FAILURES: '5',
        RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX: '4',
        RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS: String(WINDOW_SECONDS),
      },
    });
    lookups = countLookups(t);
  });
  afterAll(() => t.close());

  const from = (address: string, key?: string) => ({
    headers: { 'x-forwarded-for': address, ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });

  it('30 bad keys from one address: 401 up to the limit, then 429 with Retry-After and no lookup, on every merchant route; a valid key from it too; another address unaffected', async () => {
    const { apiKey } = await t.merchant();
    const address = '198.51.100.7';
    const routes = [
      '/v1/payment-requests',
      '/v1/events',
      '/v1/disputes',
      '/v1/settings/risk',
      '/v1/settings/disputes',
      '/v1/carriers',
    ];
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<TestServer['request']>> | null = null;
    let lookupsWhenThrottled = 0;
    for (let i = 0; i < 30; i++) {
      const res = await t.request('GET', routes[i % routes.length] as string, from(address, badKey()));
      statuses.push(res.status);
      if (res.status === 429 && !refused) {
        refused = res;
        lookupsWhenThrottled = lookups.count;
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(refused?.json.type).toBe(problemType('rate-limited'));
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);

    // While throttled, even the valid key is refused from that address, and no key is looked up.
    const valid = await t.request('GET', '/v1/payment-requests', from(address, apiKey));
    expect(valid.status).toBe(429);
    expect(valid.headers.get('retry-after')).toBeTruthy();
    expect(lookups.count).toBe(lookupsWhenThrottled);

    // Another address: its own count.
    expect((await t.request('GET', '/v1/payment-requests', from('198.51.100.8', apiKey))).status).toBe(200);
    expect((await t.request('GET', '/v1/events', from('198.51.100.8', badKey()))).status).toBe(401);

    const metrics = await t.metrics();
    expect(metrics).toMatch(/cargopay_auth_failures_total\{reason="unknown"\} 6\b/);
    expect(metrics).toMatch(/cargopay_rate_limited_total\{limit="auth"\} 26\b/);
  });

  it('a successful authentication does not count as a failure, nor clear the failures before it', async () => {
    const { apiKey } = await t.merchant();
    const address = '198.51.100.20';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.request('GET', '/v1/events', from(address, badKey()))).status);
    for (let i = 0; i < 10; i++)
      statuses.push((await t.request('GET', '/v1/events', from(address, apiKey))).status);
    // The fifth failure is still within the limit; only then is the address throttled.
    statuses.push((await t.request('GET', '/v1/events', from(address))).status);
    statuses.push((await t.request('GET', '/v1/events', from(address, apiKey))).status);
    expect(statuses).toEqual([401, 401, 401, 401, ...Array<number>(10).fill(200), 401, 429]);
  });

  it('failures at one key prefix from many addresses throttle that prefix, the valid key included, before any lookup; other prefixes are unaffected', async () => {
    const target = await t.merchant();
    const other = await t.merchant();
    const prefix = target.apiKey.slice(0, 12);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await t.request('GET', '/v1/payment-requests', from(`203.0.113.${i + 1}`, badKey(prefix)))).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    const before = lookups.count;
    const fresh = '203.0.113.200';
    const refused = await t.request('GET', '/v1/payment-requests', from(fresh, target.apiKey));
    expect(refused.status).toBe(429);
    expect(refused.json.type).toBe(problemType('rate-limited'));
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(lookups.count).toBe(before);
    const created = await t.request('POST', '/v1/payment-requests', {
      ...from(fresh, other.apiKey),
      body: paymentRequestBody(),
    });
    expect(created.status, created.text).toBe(201);
  });
});

describe('when the rate-limit counters cannot be reached', () => {
  it('request limits let requests through uncounted (fail open); the auth throttle refuses (fail closed)', async () => {
    const t = await startTestServer({ registerWebhook: false, workers: false });
    try {
      const { apiKey } = await t.merchant();
      const counters = t.store.rateLimits;
      const down = () => Promise.reject(new Error('counters unreachable'));
      counters.hit = down;
      // The throttle reads (no failure so far), the key is valid, and the `api` limit cannot count: it passes.
      expect((await t.request('GET', '/v1/payment-requests', { key: apiKey })).status).toBe(200);
      expect(t.logs.some((l) => l.includes('error from store, allowing request'))).toBe(true);
      // A failure that cannot be counted is not answered as if it had been.
      const bad = await t.request('GET', '/v1/payment-requests', { key: badKey() });
      expect(bad.status).toBe(500);
      expect(bad.json.type).toBe(problemType('internal-error'));
      // The throttle cannot be consulted: even a valid key is refused.
      counters.peek = down;
      expect((await t.request('GET', '/v1/payment-requests', { key: apiKey })).status).toBe(500);
    } finally {
      await t.close();
    }
  });
});

describe('AuthThrottle windows', () => {
  it('lets an address try again once its window has ended, and counts each prefix apart', async () => {
    let now = 1_000_000;
    const throttle = new AuthThrottle(
      { windowMs: 60_000, perAddress: 2, perKeyPrefix: 3 },
      new MemoryRateLimits(),
      () => now,
    );
    const a = { address: '192.0.2.1', token: 'cp_test_AAAAxxxxxxxxxxxxxxxxxxxxxxxx' };
    await throttle.failed(a);
    expect(await throttle.retryAfterSeconds(a)).toBe(0);
    await throttle.failed(a);
    expect(await throttle.retryAfterSeconds(a)).toBe(60);
    now += 30_500;
    expect(await throttle.retryAfterSeconds(a)).toBe(30);
    expect(await throttle.retryAfterSeconds({ address: '192.0.2.2', token: 'cp_test_BBBByyyy' })).toBe(0);
    // Same prefix from another address: 2 failures so far, limit 3.
    expect(await throttle.retryAfterSeconds({ address: '192.0.2.2', token: 'cp_test_AAAAzzzz' })).toBe(0);
    now += 30_000;
    expect(await throttle.retryAfterSeconds(a)).toBe(0);
  });
});

describe('the failed-authentication throttle on PostgreSQL', () => {
  let url: string;
  beforeAll(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
  });
  const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 5) });
  const MINUTE = 60_000;
  it('throttles failed authentications spread over two instances as if made at one', async () => {
    let now = 5_000_000;
    const limit = { windowMs: 15 * MINUTE, perAddress: 5, perKeyPrefix: 100 };
    const pools = [createPool(url, { max: 2 }), createPool(url, { max: 2 })] as const;
    await migratePostgres(pools[0], [rateLimitsMigration]);
    const on = (p: Pool) => new AuthThrottle(limit, new PgRateLimits(new PgScope(p, sealer)), () => now);
    const [a, b] = [on(pools[0]), on(pools[1])];
    const attempt = { address: '203.0.113.9', token: 'cp_test_AAAAxxxxxxxx' };
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).failed(attempt);
    expect(await a.retryAfterSeconds(attempt)).toBe(0);
    await b.failed(attempt);
    expect(await a.retryAfterSeconds(attempt)).toBe(15 * 60);
    expect(await b.retryAfterSeconds(attempt)).toBe(15 * 60);
    now += 15 * MINUTE;
    expect(await a.retryAfterSeconds(attempt)).toBe(0);
    await Promise.all(pools.map((p) => p.end()));
  });
});
