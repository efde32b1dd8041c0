import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { intentBody, problemType, type TestServer } from '../../test/harness.ts';
import { authorizedRequest, notificationTypes, openRequest, startWithMerchant } from '../../test/payments.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  ({ t, key } = await startWithMerchant({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' } }));
});
afterAll(() => t.close());

const get = (id: string) => t.request('GET', `/v1/payment-requests/${id}`, { key });
const capture = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  t.request('POST', `/v1/payment-requests/${id}/capture`, { key, body, headers });
const cancel = (id: string) => t.request('POST', `/v1/payment-requests/${id}/cancel`, { key });

/** A €120.00 manual-capture request with a PaymentIntent, not yet paid. */
const manualRequest = (capture = 'manual') => openRequest(t, key, { amount: 12_000, capture });

/** Waits until Stripe's own events for the PaymentIntent have been applied, so nothing more is pending. */
const settled = (pi: string) =>
  waitFor(
    async () => (await t.store.paymentRequests.byIntent(pi))?.lastIntentEvent.rank === 6,
    5_000,
    'payment_intent.succeeded applied',
  );

describe('POST /v1/payment-requests/:id/capture', () => {
  it('captures less than the hold, releasing the rest, and pays the request once', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const res = await capture(id, { amount: 11_000 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, status: 'paid', amount_capturable: 0, capture: 'manual' });
    const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 11_000, amount_capturable: 0 });
    await settled(pi);
    expect((await get(id)).json.status).toBe('paid');
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.paid',
    ]);
  });

  it('refuses a second capture with payment-request-already-captured', async () => {
    const { id } = await authorizedRequest(t, key);
    expect((await capture(id, { amount: 12_000 })).status).toBe(200);
    for (const amount of [12_000, 5_000]) {
      const again = await capture(id, { amount });
      expect(again.status).toBe(409);
      expect(again.json.type).toBe(problemType('payment-request-already-captured'));
    }
  });

  it('captures more than the hold when the card grants incremental authorization (increment, then capture)', async () => {
    const { id, pi } = await authorizedRequest(t, key, {}, 'pm_card_visa');
    expect((await get(id)).json.incremental_authorization).toBe(true);
    const res = await capture(id, { amount: 13_450 });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('paid');
    const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi);
    expect(intent).toMatchObject({ status: 'succeeded', amount: 13_450, amount_received: 13_450 });
  });

  it('refuses more than the hold without incremental authorization, naming the maximum; the hold stays', async () => {
    const { id, pi } = await authorizedRequest(t, key, {}, 'pm_card_amex');
    expect((await get(id)).json.incremental_authorization).toBe(false);
    const res = await capture(id, { amount: 13_450 });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ type: problemType('capture-amount-too-large'), maximum: 12_000 });
    expect(String(res.json.detail)).toContain('12000');
    expect((await t.sandbox.stripeClient().paymentIntents.retrieve(pi)).status).toBe('requires_capture');
    expect((await get(id)).json.status).toBe('authorized');
    expect((await capture(id, { amount: 12_000 })).status).toBe(200);
  });

  it('refuses a request that is not authorized: not paid yet, or captured automatically', async () => {
    const open = await manualRequest();
    const res = await capture(open.id, { amount: 1_000 });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      type: problemType('payment-request-not-authorized'),
      detail: 'The request is open.',
    });
    const automatic = await manualRequest('automatic');
    const refused = await capture(automatic.id, { amount: 1_000 });
    expect(refused.json.type).toBe(problemType('payment-request-not-authorized'));
    expect(String(refused.json.detail)).toContain('automatic');
  });

  it.each([
    ['no amount', {}],
    ['a zero amount', { amount: 0 }],
    ['a fractional amount', { amount: 10.5 }],
    ['an unknown field', { amount: 100, currency: 'usd' }],
  ])('refuses %s with validation-failed', async (_label, body) => {
    const { id } = await manualRequest();
    const res = await capture(id, body);
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('validation-failed'));
  });

  it('answers another merchant’s request as not found', async () => {
    const { id } = await manualRequest();
    const other = (await t.merchant()).apiKey;
    const res = await t.request('POST', `/v1/payment-requests/${id}/capture`, {
      key: other,
      body: { amount: 100 },
    });
    expect(res.status).toBe(404);
  });

  it('honours Idempotency-Key: a retry gets the first answer, and Stripe captures once', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const headers = { 'idempotency-key': `capture-${id}` };
    const first = await capture(id, { amount: 11_500 }, headers);
    const retry = await capture(id, { amount: 11_500 }, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const reused = await capture(id, { amount: 11_000 }, headers);
    expect(reused.json.type).toBe(problemType('idempotency-key-reused'));
    const captured = t.sandbox
      .events()
      .filter((e) => e.type === 'charge.captured' && JSON.stringify(e.data.object).includes(pi));
    expect(captured).toHaveLength(1);
  });
});

describe('the checkout of an authorized request', () => {
  it('shows it authorized and refuses a second payment', async () => {
    const { id } = await authorizedRequest(t, key);
    expect((await t.request('GET', `/v1/checkout/${id}`)).json.status).toBe('authorized');
    const again = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      type: problemType('payment-request-paid'),
      detail: expect.stringContaining('already authorized') as unknown,
    });
  });
});

describe('concurrent captures', () => {
  it('capture once at Stripe whatever the race: one amount wins, the others are told it was captured', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const answers = await Promise.all(
      [12_000, 11_000, 10_000, 12_000, 11_000].map((amount) => capture(id, { amount })),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of answers.filter((r) => r.status !== 200))
      expect(a.json.type).toBe(problemType('payment-request-already-captured'));
    const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi);
    // Every 200 is the one capture Stripe made (a repeat of the same amount shares its idempotency key).
    expect(new Set(ok.map((a) => a.json.status))).toEqual(new Set(['paid']));
    expect(
      answers.filter(
        (a, i) => a.status === 200 && [12_000, 11_000, 10_000, 12_000, 11_000][i] !== intent.amount_received,
      ),
    ).toEqual([]);
    const captured = t.sandbox
      .events()
      .filter((e) => e.type === 'charge.captured' && JSON.stringify(e.data.object).includes(pi));
    expect(captured).toHaveLength(1);
  });
});

describe('POST /v1/payment-requests/:id/cancel on an authorized request', () => {
  it('voids the hold: the request is canceled, the PaymentIntent canceled, and nothing can be captured', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const res = await cancel(id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi);
    expect(intent).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    const refused = await capture(id, { amount: 12_000 });
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe(problemType('payment-request-not-authorized'));
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.lastIntentEvent.rank === 5,
      5_000,
      'payment_intent.canceled applied',
    );
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.canceled',
    ]);
  });

  it('cannot cancel a captured request', async () => {
    const { id } = await authorizedRequest(t, key);
    await capture(id, { amount: 12_000 });
    const res = await cancel(id);
    expect(res.status).toBe(409);
    expect(res.json.type).toBe(problemType('payment-request-not-cancelable'));
  });
});
