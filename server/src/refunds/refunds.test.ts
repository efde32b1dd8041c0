import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { chargeOf, openSandboxDispute } from '../disputes/test-helpers.ts';
import { eventJson, postSigned } from '../webhooks/test-helpers.ts';
import { onboardedCarrier, pay, problemType, type TestServer } from '../../test/harness.ts';
import {
  authorizedRequest,
  notificationsOf,
  notificationTypes,
  openRequest,
  paidRequest,
  startWithMerchant,
  stripeEventsSettled,
} from '../../test/payments.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  ({ t, key } = await startWithMerchant({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' } }));
});
afterAll(() => t.close());

const get = (id: string) => t.request('GET', `/v1/payment-requests/${id}`, { key });
const refund = (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.request('POST', `/v1/payment-requests/${id}/refunds`, { key, body, headers });
const refunds = (id: string, query = '') =>
  t.request('GET', `/v1/payment-requests/${id}/refunds${query}`, { key });
const reason = 'requested_by_customer';

describe('POST /v1/payment-requests/:id/refunds', () => {
  it('refunds the whole payment by default: 201 with the refund, the request refunded, told once', async () => {
    const { id, pi } = await paidRequest(t, key);
    const res = await refund(id, { reason, metadata: { ticket: 'T-1' } });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      object: 'refund',
      payment_request: id,
      amount: 12_500,
      currency: 'eur',
      reason,
      status: 'succeeded',
      failure_reason: null,
      metadata: { ticket: 'T-1' },
    });
    expect(String(res.json.id)).toMatch(/^re_/);
    expect((await get(id)).json).toMatchObject({
      status: 'refunded',
      amount_refunded: 12_500,
      amount_received: 12_500,
    });
    const atStripe = await t.sandbox.stripeClient().refunds.list({ payment_intent: pi });
    expect(atStripe.data.map((r) => [r.id, r.amount, r.reason])).toEqual([[res.json.id, 12_500, reason]]);
    await stripeEventsSettled(t, pi);
    expect((await get(id)).json.status).toBe('refunded');
    expect(await notificationTypes(t, key, id)).toEqual(['payment_request.paid', 'payment_request.refunded']);
    const listed = await refunds(id);
    expect(listed.json).toMatchObject({ object: 'list', has_more: false, next_cursor: null });
    expect(listed.json.data).toEqual([res.json]);
  });

  it('takes two partial refunds and then the rest, listed newest first', async () => {
    const { id, pi } = await paidRequest(t, key);
    const first = await refund(id, { reason, amount: 2_500 });
    expect(first.status).toBe(201);
    expect((await get(id)).json).toMatchObject({ status: 'partially_refunded', amount_refunded: 2_500 });
    const second = await refund(id, { reason: 'duplicate', amount: 3_000 });
    expect(second.status).toBe(201);
    expect((await get(id)).json).toMatchObject({ status: 'partially_refunded', amount_refunded: 5_500 });
    const rest = await refund(id, { reason });
    expect(rest.status).toBe(201);
    expect(rest.json.amount).toBe(7_000);
    expect((await get(id)).json).toMatchObject({ status: 'refunded', amount_refunded: 12_500 });
    await stripeEventsSettled(t, pi);
    expect((await get(id)).json).toMatchObject({ status: 'refunded', amount_refunded: 12_500 });
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.paid',
      'payment_request.partially_refunded',
      'payment_request.partially_refunded',
      'payment_request.refunded',
    ]);
    const ids = [first, second, rest].map((r) => r.json.id);
    const all = await refunds(id);
    expect(new Set((all.json.data as { id: string }[]).map((r) => r.id))).toEqual(new Set(ids));
    const page = await refunds(id, '?limit=2');
    expect(page.json).toMatchObject({ has_more: true });
    const next = await refunds(id, `?limit=2&starting_after=${String(page.json.next_cursor)}`);
    expect(next.json).toMatchObject({ has_more: false, next_cursor: null });
    expect([...(page.json.data as unknown[]), ...(next.json.data as unknown[])]).toEqual(all.json.data);
  });

  it('refuses more than is refundable with refund-amount-too-large naming the maximum (0 once all is refunded)', async () => {
    const { id } = await paidRequest(t, key);
    const over = await refund(id, { reason, amount: 12_501 });
    expect(over.status).toBe(422);
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(over.json).toMatchObject({ type: problemType('refund-amount-too-large'), maximum: 12_500 });
    expect((await refund(id, { reason, amount: 10_000 })).status).toBe(201);
    const after = await refund(id, { reason, amount: 2_501 });
    expect(after.json).toMatchObject({ type: problemType('refund-amount-too-large'), maximum: 2_500 });
    expect((await refund(id, { reason })).status).toBe(201);
    const none = await refund(id, { reason });
    expect(none.status).toBe(422);
    expect(none.json).toMatchObject({ type: problemType('refund-amount-too-large'), maximum: 0 });
  });

  it('counts refunds against what was captured: €120 quote captured at €110, €110 refunded is refunded', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const captured = await t.request('POST', `/v1/payment-requests/${id}/capture`, {
      key,
      body: { amount: 11_000 },
    });
    expect(captured.json).toMatchObject({ status: 'paid', amount_received: 11_000 });
    const over = await refund(id, { reason, amount: 11_001 });
    expect(over.json).toMatchObject({ type: problemType('refund-amount-too-large'), maximum: 11_000 });
    const res = await refund(id, { reason });
    expect(res.json.amount).toBe(11_000);
    await stripeEventsSettled(t, pi);
    expect((await get(id)).json).toMatchObject({
      status: 'refunded',
      amount_received: 11_000,
      amount_refunded: 11_000,
    });
  });

  it('refuses a disputed payment with payment-request-disputed, naming the dispute status', async () => {
    const { id, pi } = await paidRequest(t, key);
    const dispute = await openSandboxDispute(t, await chargeOf(t, pi), 'fraudulent');
    await waitFor(async () => (await get(id)).json.status === 'disputed', 5_000, 'disputed');
    const res = await refund(id, { reason });
    expect(res.status).toBe(409);
    expect(res.json.type).toBe(problemType('payment-request-disputed'));
    expect(String(res.json.detail)).toContain(dispute.id);
    // Casework may already have answered it (under review) by now; either way the status is named.
    expect(String(res.json.detail)).toMatch(/status (needs_response|under_review)\)/);
    expect((await t.sandbox.stripeClient().refunds.list({ payment_intent: pi })).data).toEqual([]);
  });

  it('refuses a request with no payment (open, canceled) with payment-request-not-refundable', async () => {
    const { id } = await openRequest(t, key);
    const open = await refund(id, { reason });
    expect(open.status).toBe(409);
    expect(open.json).toMatchObject({
      type: problemType('payment-request-not-refundable'),
      detail: 'The request is open: nothing was paid to refund.',
    });
    expect((await t.request('POST', `/v1/payment-requests/${id}/cancel`, { key })).status).toBe(200);
    const canceled = await refund(id, { reason, amount: 100 });
    expect(canceled.json.type).toBe(problemType('payment-request-not-refundable'));
  });

  it('answers payment-request-not-found for another merchant’s request, to a refund and to its list', async () => {
    const { id, pi } = await paidRequest(t, key);
    const other = (await t.merchant()).apiKey;
    const res = await t.request('POST', `/v1/payment-requests/${id}/refunds`, {
      key: other,
      body: { reason },
    });
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(problemType('payment-request-not-found'));
    const list = await t.request('GET', `/v1/payment-requests/${id}/refunds`, { key: other });
    expect(list.json.type).toBe(problemType('payment-request-not-found'));
    expect((await t.sandbox.stripeClient().refunds.list({ payment_intent: pi })).data).toEqual([]);
  });

  it('refuses a body without a reason, or with one Stripe does not take, naming the field', async () => {
    const { id } = await paidRequest(t, key);
    for (const body of [{}, { reason: 'changed_mind' }, { reason, amount: 0 }]) {
      const res = await refund(id, body);
      expect(res.status).toBe(422);
      expect(res.json.type).toBe(problemType('validation-failed'));
    }
    expect((await get(id)).json.status).toBe('paid');
  });
});

describe('a carrier’s payment (a destination charge)', () => {
  it('takes the carrier’s share back and returns the platform fee in proportion, not from the platform alone', async () => {
    const account = await onboardedCarrier(t);
    const { id, pi } = await openRequest(t, key, {
      carrier: { name: 'Iberia Cargo', stripe_account: account, platform_fee: 700 },
    });
    await pay(t, pi, 'pm_card_visa');
    await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid', 5_000, 'paid');
    const res = await refund(id, { amount: 2_500, reason });
    expect(res.status, res.text).toBe(201);
    const atStripe = await t.sandbox.stripeClient().refunds.retrieve(String(res.json.id));
    expect(atStripe.transfer_reversal).toMatch(/^trr_/);
  });

  it('a payment without a carrier account is refunded from the platform, with no transfer to reverse', async () => {
    const { id } = await paidRequest(t, key);
    const res = await refund(id, { amount: 1_000, reason });
    expect(res.status, res.text).toBe(201);
    const atStripe = await t.sandbox.stripeClient().refunds.retrieve(String(res.json.id));
    expect(atStripe.transfer_reversal).toBeNull();
  });
});

describe('a refund before capture is a void', () => {
  it('voids the whole hold: 200 with the request canceled, the PaymentIntent canceled, no refund', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const res = await refund(id, { reason });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id,
      object: 'payment_request',
      status: 'canceled',
      amount_capturable: 0,
    });
    expect((await t.sandbox.stripeClient().paymentIntents.retrieve(pi)).status).toBe('canceled');
    expect((await refunds(id)).json.data).toEqual([]);
    await stripeEventsSettled(t, pi);
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.canceled',
    ]);
  });

  it('voids with the amount equal to the hold; refuses part of it with payment-request-not-captured', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    const part = await refund(id, { reason, amount: 5_000 });
    expect(part.status).toBe(409);
    expect(part.json).toMatchObject({
      type: problemType('payment-request-not-captured'),
      detail: 'Capture the final amount instead; capture releases the rest.',
    });
    expect((await t.sandbox.stripeClient().paymentIntents.retrieve(pi)).status).toBe('requires_capture');
    const whole = await refund(id, { reason, amount: 12_000 });
    expect(whole.status).toBe(200);
    expect(whole.json.status).toBe('canceled');
  });
});

describe('refunds move through Stripe’s states by webhook', () => {
  it('a pending refund holds its amount back and succeeds later', async () => {
    const { id, pi } = await paidRequest(t, key, 'pm_card_pendingRefund');
    const res = await refund(id, { reason, amount: 4_000 });
    // Stripe answers `pending`; its `refund.updated` may already have been applied by the time we answer.
    expect(res.json).toMatchObject({ amount: 4_000, status: expect.stringMatching(/^(pending|succeeded)$/) });
    expect((await get(id)).json).toMatchObject({ status: 'partially_refunded', amount_refunded: 4_000 });
    await waitFor(
      async () => (await t.store.refunds.get(String(res.json.id)))?.status === 'succeeded',
      5_000,
      'refund succeeded',
    );
    await stripeEventsSettled(t, pi);
    expect((await refunds(id)).json.data).toMatchObject([{ id: res.json.id, status: 'succeeded' }]);
    expect((await get(id)).json).toMatchObject({ status: 'partially_refunded', amount_refunded: 4_000 });
  });

  it('a failed refund is told to the merchant with the refund, and its amount is refundable again', async () => {
    const { id, pi } = await paidRequest(t, key, 'pm_card_refundFail');
    const res = await refund(id, { reason });
    // Stripe answers `succeeded`; its `refund.failed` may already have been applied by the time we answer.
    expect(res.json).toMatchObject({ amount: 12_500, status: expect.stringMatching(/^(succeeded|failed)$/) });
    await waitFor(
      async () => (await t.store.refunds.get(String(res.json.id)))?.status === 'failed',
      5_000,
      'refund failed',
    );
    await stripeEventsSettled(t, pi);
    expect((await get(id)).json).toMatchObject({ status: 'paid', amount_refunded: 0 });
    expect((await refunds(id)).json.data).toMatchObject([
      { id: res.json.id, status: 'failed', failure_reason: 'unknown' },
    ]);
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.paid',
      'payment_request.refunded',
      'payment_request.refund_failed',
    ]);
    const [failed] = await notificationsOf(t, key, id, 'payment_request.refund_failed');
    expect(failed?.data).toMatchObject({
      object: { id, status: 'paid', amount_refunded: 0 },
      refund: { id: res.json.id, status: 'failed', amount: 12_500, failure_reason: 'unknown' },
    });
    const again = await refund(id, { reason, amount: 12_500 });
    expect(again.status).toBe(201);
  });

  it('a pending refund made elsewhere holds its amount back until it is canceled, which tells no failure', async () => {
    const { id, pi } = await paidRequest(t, key);
    const base = Math.floor(Date.now() / 1000);
    const object = (status: string) => ({
      id: `re_elsewhere_${id.slice(3)}`,
      object: 'refund',
      amount: 3_000,
      currency: 'eur',
      created: base,
      payment_intent: pi,
      metadata: { payment_request: id, note: 'made by hand' },
      reason: null,
      status,
    });
    const applied = (event: string) =>
      waitFor(
        async () =>
          (await t.rows('SELECT id FROM webhook_inbox WHERE id = ? AND processed_at IS NOT NULL', [event]))
            .length === 1,
        5_000,
        'event applied',
      );
    const created = eventJson({ type: 'refund.created', created: base, data: { object: object('pending') } });
    expect((await postSigned(t, created)).status).toBe(200);
    await applied(String(JSON.parse(created).id));
    expect((await get(id)).json).toMatchObject({ status: 'partially_refunded', amount_refunded: 3_000 });
    expect((await refunds(id)).json.data).toMatchObject([
      { amount: 3_000, status: 'pending', metadata: { note: 'made by hand' } },
    ]);
    expect((await refund(id, { reason, amount: 9_501 })).json.maximum).toBe(9_500);
    const canceled = eventJson({
      type: 'refund.updated',
      created: base + 5,
      data: { object: object('canceled') },
    });
    expect((await postSigned(t, canceled)).status).toBe(200);
    await applied(String(JSON.parse(canceled).id));
    expect((await get(id)).json).toMatchObject({ status: 'paid', amount_refunded: 0 });
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.paid',
      'payment_request.partially_refunded',
    ]);
  });

  it('a late or repeated refund event changes nothing', async () => {
    const { id, pi } = await paidRequest(t, key);
    const res = await refund(id, { reason, amount: 2_000 });
    await stripeEventsSettled(t, pi);
    const refundId = String(res.json.id);
    const base = Math.floor(Date.now() / 1000);
    const object = (status: string) => ({
      ...(t.sandbox
        .events()
        .find((e) => e.type === 'refund.created' && (e.data.object as { id: string }).id === refundId)?.data
        .object as unknown as Record<string, unknown>),
      status,
      ...(status === 'failed' ? { failure_reason: 'lost_or_stolen_card' } : {}),
    });
    const failed = eventJson({
      type: 'refund.failed',
      created: base + 60,
      data: { object: object('failed') },
    });
    expect((await postSigned(t, failed)).status).toBe(200);
    await waitFor(async () => (await t.store.refunds.get(refundId))?.status === 'failed', 5_000, 'failed');
    // The same event again, then an older one saying the refund succeeded.
    expect((await postSigned(t, failed)).status).toBe(200);
    const older = eventJson({
      type: 'refund.updated',
      created: base + 30,
      data: { object: object('succeeded') },
    });
    expect((await postSigned(t, older)).status).toBe(200);
    await waitFor(
      async () =>
        (
          await t.rows('SELECT id FROM webhook_inbox WHERE id = ? AND processed_at IS NOT NULL', [
            JSON.parse(older).id,
          ])
        ).length === 1,
      5_000,
      'older event applied',
    );
    expect((await t.store.refunds.get(refundId))?.status).toBe('failed');
    expect((await get(id)).json).toMatchObject({ status: 'paid', amount_refunded: 0 });
    expect((await notificationsOf(t, key, id, 'payment_request.refund_failed')).length).toBe(1);
  });
});

describe('refunds made elsewhere, and races', () => {
  it('records a refund made in Stripe’s Dashboard from its events, counted against what the capture took', async () => {
    const { id, pi } = await authorizedRequest(t, key);
    await t.request('POST', `/v1/payment-requests/${id}/capture`, { key, body: { amount: 11_000 } });
    await stripeEventsSettled(t, pi);
    const made = await t.sandbox
      .stripeClient()
      .refunds.create({ payment_intent: pi, amount: 11_000, metadata: { by: 'dashboard' } });
    await waitFor(async () => (await get(id)).json.status === 'refunded', 5_000, 'refunded');
    await stripeEventsSettled(t, pi);
    expect((await get(id)).json).toMatchObject({ amount_received: 11_000, amount_refunded: 11_000 });
    expect((await refunds(id)).json.data).toMatchObject([
      { id: made.id, amount: 11_000, status: 'succeeded', reason: null, metadata: { by: 'dashboard' } },
    ]);
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.paid',
      'payment_request.refunded',
    ]);
  });

  it('refunds once when two full refunds race: the other is told nothing is left', async () => {
    const { id, pi } = await paidRequest(t, key);
    const answers = await Promise.all([refund(id, { reason }), refund(id, { reason })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const refused = answers.find((a) => a.status === 422);
    expect(refused?.json).toMatchObject({ type: problemType('refund-amount-too-large'), maximum: 0 });
    expect((await t.sandbox.stripeClient().refunds.list({ payment_intent: pi })).data).toHaveLength(1);
    await stripeEventsSettled(t, pi);
    expect((await get(id)).json).toMatchObject({ status: 'refunded', amount_refunded: 12_500 });
  });
});

describe('idempotency', () => {
  it('replays the same refund for the same Idempotency-Key, with one refund at Stripe', async () => {
    const { id, pi } = await paidRequest(t, key);
    const headers = { 'idempotency-key': `refund-${id}` };
    const first = await refund(id, { reason, amount: 1_500 }, headers);
    const again = await refund(id, { reason, amount: 1_500 }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    const atStripe = await t.sandbox.stripeClient().refunds.list({ payment_intent: pi });
    expect(atStripe.data.map((r) => r.id)).toEqual([first.json.id]);
    expect((await get(id)).json.amount_refunded).toBe(1_500);
    // Another key is another refund.
    const other = await refund(id, { reason, amount: 1_500 }, { 'idempotency-key': `other-${id}` });
    expect(other.json.id).not.toBe(first.json.id);
    expect((await get(id)).json.amount_refunded).toBe(3_000);
  });

  it('asks Stripe with a key derived from the Idempotency-Key, so a retry after a lost answer gets the same refund', async () => {
    const { id, pi } = await paidRequest(t, key);
    const headers = { 'idempotency-key': `lost-${id}` };
    const first = await refund(id, { reason, amount: 1_000 }, headers);
    // The stored answer is lost (as after a crash before it was recorded): the retry reaches Stripe again.
    await t.rows('DELETE FROM idempotency_keys WHERE key = ?', [`lost-${id}`]);
    const retry = await refund(id, { reason, amount: 1_000 }, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.json.id).toBe(first.json.id);
    expect((await t.sandbox.stripeClient().refunds.list({ payment_intent: pi })).data).toHaveLength(1);
  });

  it('gives a lost answer’s refund again even once it is counted and nothing is left to refund', async () => {
    const { id, pi } = await paidRequest(t, key);
    const headers = { 'idempotency-key': `all-${id}` };
    const first = await refund(id, { reason, metadata: { ticket: 'T-9' } }, headers);
    expect(first.status).toBe(201);
    await stripeEventsSettled(t, pi);
    await t.rows('DELETE FROM idempotency_keys WHERE key = ?', [`all-${id}`]);
    const retry = await refund(id, { reason, metadata: { ticket: 'T-9' } }, headers);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.json).toEqual(first.json);
    expect((await t.sandbox.stripeClient().refunds.list({ payment_intent: pi })).data).toHaveLength(1);
    // Without the key (or with another), it is what it is: nothing left.
    const other = await refund(id, { reason }, { 'idempotency-key': `another-${id}` });
    expect(other.json).toMatchObject({ type: problemType('refund-amount-too-large'), maximum: 0 });
    expect(await notificationTypes(t, key, id)).toEqual(['payment_request.paid', 'payment_request.refunded']);
  });
});
