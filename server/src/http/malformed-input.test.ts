import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRequestBody, problemType, startTestServer, type TestServer } from '../../test/harness.ts';

/**
 * Issue 12, finding 3: malformed input answered 500 with a stack trace in the log. Each finding has its
 * test here (real HTTP), and every one asserts that nothing was logged as an "unhandled error".
 */

let t: TestServer;
let key: string;
let id: string;
const SHOP = 'https://shop.example';
const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

beforeAll(async () => {
  t = await startTestServer({
    workers: false,
    env: { RATE_LIMIT_API_PER_MINUTE: '100000', RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000' },
  });
  key = (await t.merchant({ origins: [SHOP] })).apiKey;
  const created = await t.request('POST', '/v1/payment-requests', { key, body: paymentRequestBody() });
  id = String(created.json.id);
});
afterAll(() => t.close());

const unhandled = () => t.logs.filter((line) => line.includes('unhandled error'));
const json = (text: string, headers: Record<string, string> = {}) => ({
  rawBody: text,
  headers: { 'content-type': 'application/json', ...headers },
});

function expectProblem(
  res: { status: number; headers: Headers; json: Record<string, unknown> },
  slug: string,
) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json.type).toBe(problemType(slug));
}

describe('bad percent-encoding in a path id', () => {
  it('GET /v1/checkout/%E0%A4%A answers 400 malformed-path problem+json and logs no unhandled error', async () => {
    const res = await t.request('GET', '/v1/checkout/%E0%A4%A');
    expect(res.status).toBe(400);
    expectProblem(res, 'malformed-path');
    expect(unhandled()).toEqual([]);
  });

  it('every router with a path id answers it the same way (merchant API, disputes, carriers, intent)', async () => {
    for (const [method, path] of [
      ['GET', '/v1/payment-requests/%E0%A4%A'],
      ['POST', '/v1/payment-requests/%FF/cancel'],
      ['GET', '/v1/disputes/%E0%A4%A'],
      ['GET', '/v1/carriers/%E0%A4%A'],
      ['POST', '/v1/checkout/%E0%A4%A/intent'],
    ] as const) {
      const res = await t.request(method, path, { key });
      expect(res.status, path).toBe(400);
      expectProblem(res, 'malformed-path');
    }
    expect(unhandled()).toEqual([]);
  });
});

describe('a 10,000-deep JSON body with an Idempotency-Key', () => {
  it('on the merchant API (POST /v1/payment-requests) answers 400 json-too-deep, nothing stored', async () => {
    const before = await t.request('GET', '/v1/payment-requests?limit=100', { key });
    const res = await t.request('POST', '/v1/payment-requests', {
      key,
      ...json(deep(10_000), { 'idempotency-key': 'deep-merchant-1' }),
    });
    expect(res.status).toBe(400);
    expectProblem(res, 'json-too-deep');
    const after = await t.request('GET', '/v1/payment-requests?limit=100', { key });
    expect((after.json.data as unknown[]).length).toBe((before.json.data as unknown[]).length);
    expect(unhandled()).toEqual([]);
  });

  it('on the public intent endpoint (POST /v1/checkout/:id/intent) answers 400 json-too-deep', async () => {
    const res = await t.request('POST', `/v1/checkout/${id}/intent`, {
      ...json(deep(10_000), { 'idempotency-key': 'deep-intent-1', origin: SHOP }),
    });
    expect(res.status).toBe(400);
    expectProblem(res, 'json-too-deep');
    expect(unhandled()).toEqual([]);
  });

  it('a 33-deep object is refused while 32 levels reach validation (422 for this body)', async () => {
    const wrap = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    const over = await t.request('POST', '/v1/settings/risk', { key, ...json(wrap(33)) });
    expect(over.status).toBe(400);
    expectProblem(over, 'json-too-deep');
    const at = await t.request('POST', '/v1/settings/risk', { key, ...json(wrap(32)) });
    expect(at.status).toBe(422);
    expectProblem(at, 'validation-failed');
  });
});

describe('lone UTF-16 surrogates and control characters in text fields', () => {
  it('a lone surrogate in a payment request description answers 400 malformed-text naming description', async () => {
    const body = JSON.stringify(paymentRequestBody({ description: 'Pallets \ud800 to Oslo' }));
    expect(body).toContain('\\ud800');
    const res = await t.request('POST', '/v1/payment-requests', { key, ...json(body) });
    expect(res.status).toBe(400);
    expectProblem(res, 'malformed-text');
    expect(res.json.errors).toEqual([{ path: 'description', message: expect.stringMatching(/surrogate/) }]);
    expect(unhandled()).toEqual([]);
  });

  it('a lone surrogate in a carrier name answers 400 naming name (the Stripe SDK threw on it: 500)', async () => {
    const res = await t.request('POST', '/v1/carriers', {
      key,
      ...json('{"name":"Iberia \\udc00 Cargo","country":"ES"}'),
    });
    expect(res.status).toBe(400);
    expectProblem(res, 'malformed-text');
    expect(res.json.errors).toEqual([{ path: 'name', message: expect.stringMatching(/surrogate/) }]);
    expect(unhandled()).toEqual([]);
  });

  it('NUL in a nested field and __proto__ as a metadata key are refused naming the field', async () => {
    const nul = JSON.stringify(paymentRequestBody({ customer: { email: 'a@b.example', name: 'A\u0000B' } }));
    const res = await t.request('POST', '/v1/payment-requests', { key, ...json(nul) });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'customer.name', message: expect.stringMatching(/control/) }]);
    const proto = JSON.stringify(paymentRequestBody({ metadata: { order: '1' } })).replace(
      '"order"',
      '"__proto__"',
    );
    const refused = await t.request('POST', '/v1/payment-requests', { key, ...json(proto) });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ path: 'metadata.__proto__', message: expect.any(String) }]);
    expect(({} as Record<string, unknown>).order).toBeUndefined();
  });

  it('emoji (surrogate pairs), accents, tabs and line breaks are still accepted', async () => {
    const res = await t.request('POST', '/v1/payment-requests', {
      key,
      body: paymentRequestBody({ description: '📦 Łódź → Göteborg\n2 pallets\tfragile' }),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.description).toBe('📦 Łódź → Göteborg\n2 pallets\tfragile');
  });
});

describe('every other body the client can get wrong answers a 4xx problem', () => {
  it('odd content types and charsets, corrupt or unknown encodings, wrong top-level JSON', async () => {
    const cases: [string, Record<string, string>, string, number, string][] = [
      ['latin1', { 'content-type': 'application/json; charset=latin1' }, '{}', 415, 'unsupported-media-type'],
      ['utf-16', { 'content-type': 'application/json; charset=utf-16' }, '{}', 415, 'unsupported-media-type'],
      ['json-seq', { 'content-type': 'application/json-seq' }, '{}', 415, 'unsupported-media-type'],
      [
        'corrupt gzip',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        'not gzip',
        400,
        'malformed-request',
      ],
      [
        'unknown encoding',
        { 'content-type': 'application/json', 'content-encoding': 'zz' },
        '{}',
        415,
        'unsupported-media-type',
      ],
      ['string', { 'content-type': 'application/json' }, '"text"', 400, 'malformed-json'],
      ['number', { 'content-type': 'application/json' }, '1e400', 400, 'malformed-json'],
      ['array', { 'content-type': 'application/json' }, '[]', 422, 'validation-failed'],
      ['1e400 amount', { 'content-type': 'application/json' }, '{"amount":1e400}', 422, 'validation-failed'],
    ];
    for (const [name, headers, body, status, slug] of cases) {
      const res = await fetch(`${t.url}/v1/payment-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, ...headers },
        body,
      });
      const parsed = (await res.json()) as { type: string };
      expect(res.status, name).toBe(status);
      expect(parsed.type, name).toBe(problemType(slug));
    }
    const gz = await fetch(`${t.url}/v1/payment-requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: gzipSync(deep(100)),
    });
    expect(gz.status, 'deep JSON inside gzip').toBe(400);
    expect(unhandled()).toEqual([]);
  });

  it('amounts 1e400, -0 and 9007199254740993 are refused as invalid amounts', async () => {
    for (const amount of ['1e400', '-0', '9007199254740993']) {
      const body = JSON.stringify(paymentRequestBody({ amount: 0 })).replace(
        '"amount":0',
        `"amount":${amount}`,
      );
      const res = await t.request('POST', '/v1/payment-requests', { key, ...json(body) });
      expect(res.status, amount).toBe(422);
      const paths = new Set((res.json.errors as { path: string }[]).map((e) => e.path));
      expect([...paths], amount).toEqual(['amount']);
    }
  });

  it('query strings with arrays or objects, and a 10 kB path, are refused or not found, never 5xx', async () => {
    for (const query of ['limit[]=1', 'status[$ne]=x', 'limit=1&limit=2', 'status=%00']) {
      const res = await t.request('GET', `/v1/payment-requests?${query}`, { key });
      expect(res.status, query).toBeGreaterThanOrEqual(400);
      expect(res.status, query).toBeLessThan(500);
    }
    // An encoded lone surrogate is not UTF-8: it decodes to U+FFFD, an ordinary character (no match).
    const replaced = await t.request('GET', '/v1/payment-requests?reference=%ED%A0%80', { key });
    expect(replaced.status).toBe(200);
    const long = await t.request('GET', `/v1/checkout/${'a'.repeat(10_000)}`);
    expect(long.status).toBe(422);
    expect(unhandled()).toEqual([]);
  });
});
