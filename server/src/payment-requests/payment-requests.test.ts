import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  onboardedCarrier,
  pay,
  paymentRequestBody,
  problemType,
  type TestServer,
} from '../../test/harness.ts';
import { startWithMerchant } from '../../test/payments.ts';

let t: TestServer;
let key: string;
let otherKey: string;

beforeAll(async () => {
  ({ t, key } = await startWithMerchant({ env: { RATE_LIMIT_API_PER_MINUTE: '1000', BODY_LIMIT_KB: '4' } }));
  otherKey = (await t.merchant()).apiKey;
});
afterAll(() => t.close());

const create = (body: unknown, k = key, headers: Record<string, string> = {}) =>
  t.request('POST', '/v1/payment-requests', { key: k, body, headers });

describe('merchant authentication', () => {
  it('refuses a request without a key with 401 unauthorized and WWW-Authenticate', async () => {
    const res = await t.request('GET', '/v1/payment-requests');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.type).toBe(problemType('unauthorized'));
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a well-formed but unknown key', async () => {
    const res = await t.request('GET', '/v1/payment-requests', { key: `cp_test_${'x'.repeat(43)}` });
    expect(res.status).toBe(401);
  });

  it('answers another merchant’s request as not found', async () => {
    const created = await create(paymentRequestBody());
    const res = await t.request('GET', `/v1/payment-requests/${String(created.json.id)}`, { key: otherKey });
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(problemType('payment-request-not-found'));
    const cancel = await t.request('POST', `/v1/payment-requests/${String(created.json.id)}/cancel`, {
      key: otherKey,
    });
    expect(cancel.status).toBe(404);
  });
});

describe('creating a payment request', () => {
  it('stores it open and answers 201 with the request and a Location', async () => {
    const account = await onboardedCarrier(t);
    const res = await create(
      paymentRequestBody({
        carrier: { name: 'Iberia Cargo', stripe_account: account, platform_fee: 500 },
        metadata: { order: '42' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      object: 'payment_request',
      status: 'open',
      amount: 12_500,
      currency: 'eur',
      customer: { email: 'buyer@example.com', name: 'Berta Buyer' },
      carrier: { name: 'Iberia Cargo', stripe_account: account, platform_fee: 500 },
      metadata: { order: '42' },
      payment_intent: null,
      last_error: null,
    });
    expect(res.json.id).toMatch(/^pr_[0-9A-Za-z]{24}$/);
    expect(res.headers.get('location')).toBe(`/v1/payment-requests/${String(res.json.id)}`);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it.each([
    ['a string amount', { amount: '125' }, 'amount'],
    ['a negative amount', { amount: -1 }, 'amount'],
    ['a fractional amount', { amount: 10.5 }, 'amount'],
    ['a huge amount', { amount: 100_000_000 }, 'amount'],
    ['an unknown currency', { currency: 'xyz' }, 'currency'],
    ['an upper-case currency', { currency: 'EUR' }, 'currency'],
    ['a missing reference', { reference: undefined }, 'reference'],
    ['a bad email', { customer: { email: 'not-an-email', name: 'B' } }, 'customer.email'],
    ['an unknown field', { surprise: true }, 'surprise'],
    ['a fee without an account', { carrier: { name: 'X', platform_fee: 10 } }, 'carrier.platform_fee'],
    [
      'a fee above the amount',
      { carrier: { name: 'X', stripe_account: 'acct_1Abcdefg', platform_fee: 20_000 } },
      'carrier.platform_fee',
    ],
    ['a past expiry', { expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    ['a bad account id', { carrier: { name: 'X', stripe_account: 'acc_nope' } }, 'carrier.stripe_account'],
    ['an unknown capture method', { capture: 'later' }, 'capture'],
  ])('refuses %s with validation-failed naming the field', async (_label, override, path) => {
    const res = await create(paymentRequestBody(override));
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('validation-failed'));
    expect(res.json.title).toBeTruthy();
    expect((res.json.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  });

  it('captures automatically unless the merchant asks for manual capture, and keeps the choice', async () => {
    const automatic = await create(paymentRequestBody());
    expect(automatic.json.capture).toBe('automatic');
    const manual = await create(paymentRequestBody({ capture: 'manual' }));
    expect(manual.status).toBe(201);
    expect(manual.json.capture).toBe('manual');
    const read = await t.request('GET', `/v1/payment-requests/${String(manual.json.id)}`, { key });
    expect(read.json.capture).toBe('manual');
  });

  it('refuses a missing body as validation-failed', async () => {
    const res = await t.request('POST', '/v1/payment-requests', { key });
    expect(res.status).toBe(422);
  });

  it('refuses malformed JSON', async () => {
    const res = await t.request('POST', '/v1/payment-requests', {
      key,
      rawBody: '{"amount": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe(problemType('malformed-json'));
  });

  it('refuses a body that is not JSON', async () => {
    const res = await t.request('POST', '/v1/payment-requests', {
      key,
      rawBody: 'amount=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.json.type).toBe(problemType('unsupported-media-type'));
  });

  it('refuses an oversized body with 413', async () => {
    const res = await create(paymentRequestBody({ description: 'x'.repeat(5_000) }));
    expect(res.status).toBe(413);
    expect(res.json.type).toBe(problemType('payload-too-large'));
  });

  it('refuses a card number anywhere in the body and never logs it', async () => {
    const pan = '4000 0566 5566 5556';
    const res = await create(paymentRequestBody({ metadata: { note: `card ${pan}` } }));
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('card-data-refused'));
    const all = t.logs.join('\n');
    expect(all).not.toContain(pan);
    expect(all).not.toContain('4000056655665556');
    expect(all).not.toContain('card 4000');
    expect(await t.request('GET', `/v1/payment-requests?reference=4000056655665556`, { key })).toMatchObject({
      status: 422,
    });
    expect(t.logs.join('\n')).not.toContain('4000056655665556');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, creating one request', async () => {
    const headers = { 'idempotency-key': `create-${Date.now()}` };
    const first = await create(paymentRequestBody({ reference: 'IDEM-1' }), key, headers);
    const second = await create(paymentRequestBody({ reference: 'IDEM-1' }), key, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const list = await t.request('GET', '/v1/payment-requests?reference=IDEM-1', { key });
    expect((list.json.data as unknown[]).length).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const headers = { 'idempotency-key': `reuse-${Date.now()}` };
    await create(paymentRequestBody({ reference: 'IDEM-2' }), key, headers);
    const res = await create(paymentRequestBody({ reference: 'IDEM-3' }), key, headers);
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('idempotency-key-reused'));
  });

  it('keeps keys per merchant', async () => {
    const headers = { 'idempotency-key': `shared-${Date.now()}` };
    const a = await create(paymentRequestBody(), key, headers);
    const b = await create(paymentRequestBody(), otherKey, headers);
    expect(b.status).toBe(201);
    expect(b.json.id).not.toBe(a.json.id);
  });

  it('honours the key on cancel too', async () => {
    const pr = await create(paymentRequestBody());
    const headers = { 'idempotency-key': `cancel-${Date.now()}` };
    const path = `/v1/payment-requests/${String(pr.json.id)}/cancel`;
    const first = await t.request('POST', path, { key, headers });
    const again = await t.request('POST', path, { key, headers });
    expect(first.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.status).toBe('canceled');
  });
});

describe('reading and listing', () => {
  it('gets a request by id, and refuses a malformed id', async () => {
    const pr = await create(paymentRequestBody());
    const got = await t.request('GET', `/v1/payment-requests/${String(pr.json.id)}`, { key });
    expect(got.status).toBe(200);
    expect(got.json.id).toBe(pr.json.id);
    const bad = await t.request('GET', '/v1/payment-requests/nope', { key });
    expect(bad.status).toBe(422);
    expect((bad.json.errors as { path: string }[])[0]?.path).toBe('id');
    const missing = await t.request('GET', `/v1/payment-requests/pr_${'A'.repeat(24)}`, { key });
    expect(missing.status).toBe(404);
  });

  it('lists newest first with cursor pagination and filters', async () => {
    const { apiKey } = await t.merchant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await create(paymentRequestBody({ reference: `LIST-${i % 2}` }), apiKey);
      ids.push(String(r.json.id));
    }
    const page1 = await t.request('GET', '/v1/payment-requests?limit=2', { key: apiKey });
    expect(page1.json.has_more).toBe(true);
    const seen = (page1.json.data as { id: string }[]).map((d) => d.id);
    let cursor = page1.json.next_cursor as string | null;
    while (cursor) {
      const next = await t.request('GET', `/v1/payment-requests?limit=2&starting_after=${cursor}`, {
        key: apiKey,
      });
      seen.push(...(next.json.data as { id: string }[]).map((d) => d.id));
      cursor = next.json.next_cursor as string | null;
    }
    expect(seen).toEqual([...ids].reverse());

    const filtered = await t.request('GET', '/v1/payment-requests?reference=LIST-1', { key: apiKey });
    expect((filtered.json.data as unknown[]).length).toBe(2);
    await t.request('POST', `/v1/payment-requests/${ids[0] as string}/cancel`, { key: apiKey });
    const canceled = await t.request('GET', '/v1/payment-requests?status=canceled', { key: apiKey });
    expect((canceled.json.data as { id: string }[]).map((d) => d.id)).toEqual([ids[0]]);
    const future = await t.request('GET', '/v1/payment-requests?created_gte=2999-01-01T00:00:00Z', {
      key: apiKey,
    });
    expect(future.json.data).toEqual([]);
  });

  it('refuses bad list filters', async () => {
    for (const q of [
      'limit=0',
      'limit=101',
      'status=lost',
      'created_gte=yesterday',
      'starting_after=x',
      'sort=asc',
    ]) {
      const res = await t.request('GET', `/v1/payment-requests?${q}`, { key });
      expect(res.status, q).toBe(422);
    }
  });
});

describe('canceling', () => {
  it('cancels an open request, is idempotent, and then refuses checkout', async () => {
    const pr = await create(paymentRequestBody());
    const path = `/v1/payment-requests/${String(pr.json.id)}/cancel`;
    const res = await t.request('POST', path, { key });
    expect(res.json.status).toBe('canceled');
    const again = await t.request('POST', path, { key });
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('canceled');
  });

  it('cancels the PaymentIntent at Stripe too', async () => {
    const { apiKey } = await t.merchant({ origins: ['https://shop.example'] });
    const pr = await create(paymentRequestBody(), apiKey);
    const intent = await t.request('POST', `/v1/checkout/${String(pr.json.id)}/intent`, {
      body: { device_id: 'device-12345', signals: { ready_to_submit_ms: null, attempts: 0 } },
    });
    expect(intent.status).toBe(200);
    await t.request('POST', `/v1/payment-requests/${String(pr.json.id)}/cancel`, { key: apiKey });
    const pi = await t.sandbox.stripeClient().paymentIntents.retrieve(String(intent.json.payment_intent));
    expect(pi.status).toBe('canceled');
  });

  it('refuses to cancel a paid request', async () => {
    const pr = await create(paymentRequestBody());
    const intent = await t.request('POST', `/v1/checkout/${String(pr.json.id)}/intent`, {
      body: { device_id: 'device-12345', signals: { ready_to_submit_ms: 900, attempts: 1 } },
    });
    await pay(t, String(intent.json.payment_intent));
    const res = await t.request('POST', `/v1/payment-requests/${String(pr.json.id)}/cancel`, { key });
    expect(res.status).toBe(409);
    expect(res.json.type).toBe(problemType('payment-request-not-cancelable'));
  });
});
