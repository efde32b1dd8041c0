import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCarrierAccount } from '../connect/accounts.ts';
import { chargeOf, createIntent, openSandboxDispute } from '../disputes/test-helpers.ts';
import { createRequest } from '../../test/payments.ts';
import { pay, startTestServer, type TestServer } from '../../test/harness.ts';
import { eventJson, postSigned } from './test-helpers.ts';

/**
 * State only moves forward, whatever order Stripe delivers a payment's events in: every permutation of them,
 * each signed and posted to the real webhook endpoint, applied by the worker and its casework one at a time,
 * ends in the state the in-order delivery gives. The server is not registered with the sandbox, so it hears
 * only what a test sends; the sandbox holds the real payments and disputes that casework reads back.
 */

let t: TestServer;
let key: string;
let buyers = 0;

beforeAll(async () => {
  t = await startTestServer({
    registerWebhook: false,
    env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000', RATE_LIMIT_API_PER_MINUTE: '100000' },
  });
  key = (await t.merchant()).apiKey;
  // Hundreds of checkouts from one address: risk rules would (rightly) block them; they are not under test.
  const risk = await t.request('POST', '/v1/settings/risk', { key, body: { enabled: false } });
  expect(risk.status, risk.text).toBe(200);
});
afterAll(() => t.close());

type Json = Record<string, unknown>;

/** An event as Stripe would send it, with the `created` and id the test chooses. */
interface TestEvent {
  name: string;
  type: string;
  created: number;
  object: Json;
}

const newEventId = () => `evt_${randomBytes(12).toString('hex')}`;

/**
 * Posts one event, signed, to the real endpoint, and waits until the worker applied it and casework handled
 * it, so that the next event of a permutation arrives strictly after it.
 */
async function deliver(event: TestEvent): Promise<void> {
  const id = newEventId();
  const payload = eventJson({ id, created: event.created, type: event.type, data: { object: event.object } });
  const res = await postSigned(t, payload);
  expect(res.status, res.text).toBe(200);
  await t.app.webhooks.drain();
  expect((await t.store.inbox.get(id))?.processedAt, `${event.name} applied`).toEqual(expect.any(String));
  await t.app.casework.drain();
}

async function deliverAll(events: TestEvent[]): Promise<void> {
  for (const event of events) await deliver(event);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Runs `fn` over `items`, `size` at a time (each permutation stays sequential within itself). */
async function inPool<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i] as T);
      }
    }),
  );
  return results;
}

/**
 * A bound for the tests that run every permutation (144 payments for the dispute ones): a few seconds on an
 * idle machine, several times that on a busy one; they wait on nothing but their own deliveries.
 */
const PERMUTATIONS_TIMEOUT_MS = 180_000;

const names = (events: TestEvent[]) => events.map((e) => e.name).join(' → ');

/** Stripe's `payment_intent.succeeded` for `pi`, sent at `created`. */
const succeeded = (pi: string, created: number): TestEvent => ({
  name: 'succeeded',
  type: 'payment_intent.succeeded',
  created,
  object: { id: pi, object: 'payment_intent', status: 'succeeded', amount: 12_500, currency: 'eur' },
});

/** An open request, each with a customer email of its own. */
const orderRequest = () =>
  createRequest(t, key, { customer: { email: `order-${buyers++}@example.com`, name: 'Order Buyer' } });

/** A paid payment request with its PaymentIntent linked; the charge is real in the sandbox. */
async function paidRequest() {
  const id = await orderRequest();
  const res = await createIntent(t, id);
  expect(res.status, res.text).toBe(200);
  const pi = String(res.json.payment_intent);
  await pay(t, pi);
  return { id, pi, charge: await chargeOf(t, pi) };
}

/**
 * A paid request whose charge was disputed and the dispute already closed in the sandbox, so that the
 * casework's own read of the dispute (when `created` arrives) sees the same end whatever the order.
 */
async function disputedRequest(outcome: 'won' | 'lost') {
  const paid = await paidRequest();
  const opened = await openSandboxDispute(t, paid.charge, 'product_not_received');
  const closed = await fetch(`${t.sandbox.url}/_sandbox/disputes/${opened.id}/close`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: outcome }),
  });
  expect(closed.status).toBe(200);
  return { ...paid, dispute: (await closed.json()) as Json };
}

/** Where a dispute ended: the case as the merchant API shows it, the dispute mirror, the payment request. */
async function disputeEnd(prId: string, disputeId: string) {
  const kase = (await t.request('GET', `/v1/disputes/${disputeId}`, { key })).json;
  const mirror = await t.store.mirror.dispute(disputeId);
  const pr = await t.store.paymentRequests.get(prId);
  return {
    case: {
      status: kase.status,
      outcome: kase.outcome,
      amount: kase.amount,
      due_by: kase.due_by,
      closed: kase.closed_at !== null,
    },
    mirror: mirror && { status: mirror.status, amount: mirror.amount, dueBy: mirror.dueBy },
    request: pr?.status,
  };
}

/**
 * A dispute's life as Stripe tells it, `created` seconds apart as Stripe would send them, with two ties on
 * purpose: the funds are withdrawn in the second the dispute is created, and reinstated in the second it is won.
 */
function disputeEvents(dispute: Json, outcome: 'won' | 'lost', base: number): TestEvent[] {
  const as = (status: string) => ({ ...dispute, status });
  const events: TestEvent[] = [
    { name: 'created', type: 'charge.dispute.created', created: base, object: as('needs_response') },
    {
      name: 'funds_withdrawn',
      type: 'charge.dispute.funds_withdrawn',
      created: base,
      object: as('needs_response'),
    },
    { name: 'updated', type: 'charge.dispute.updated', created: base + 60, object: as('under_review') },
    { name: `closed ${outcome}`, type: 'charge.dispute.closed', created: base + 120, object: as(outcome) },
  ];
  if (outcome === 'won') {
    events.push({
      name: 'funds_reinstated',
      type: 'charge.dispute.funds_reinstated',
      created: base + 120,
      object: as('won'),
    });
  }
  return events;
}

describe('a dispute’s events in every order', () => {
  it('ends lost (status, outcome and mirror) after created, lost, then an older under_review delivered late', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    const { id, dispute } = await disputedRequest('lost');
    const [created, , updated, closed] = disputeEvents(dispute, 'lost', base) as TestEvent[];
    await deliverAll([created as TestEvent, closed as TestEvent, updated as TestEvent]);
    const end = await disputeEnd(id, String(dispute.id));
    expect(end).toEqual({
      case: { status: 'lost', outcome: 'lost', amount: 12_500, due_by: expect.any(String), closed: true },
      mirror: { status: 'lost', amount: 12_500, dueBy: expect.any(String) },
      request: 'disputed',
    });
    // The merchant heard of the outcome once, and never of the stale review.
    const events = await t.request('GET', `/v1/events?payment_request=${id}&limit=100`, { key });
    const types = (events.json.data as Json[]).map((e) => e.type);
    expect(types.filter((type) => type === 'payment_request.dispute_closed')).toHaveLength(1);
  });

  it('prefers closed over under_review when both carry the same second, in either order', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    for (const closedFirst of [true, false]) {
      const { id, dispute } = await disputedRequest('lost');
      const as = (status: string) => ({ ...dispute, status });
      const review = {
        name: 'updated',
        type: 'charge.dispute.updated',
        created: base + 60,
        object: as('under_review'),
      };
      const lost = { name: 'closed', type: 'charge.dispute.closed', created: base + 60, object: as('lost') };
      await deliverAll(closedFirst ? [lost, review] : [review, lost]);
      const end = await disputeEnd(id, String(dispute.id));
      expect(end.case, `closed first: ${closedFirst}`).toMatchObject({ status: 'lost', outcome: 'lost' });
      expect(end.mirror?.status).toBe('lost');
    }
  });

  it(
    'ends lost in every delivery order of created, funds_withdrawn, updated, closed',
    () => endsAlikeInEveryOrder('lost'),
    PERMUTATIONS_TIMEOUT_MS,
  );

  it(
    'ends won in every delivery order of created, funds_withdrawn, updated, closed, funds_reinstated',
    () => endsAlikeInEveryOrder('won'),
    PERMUTATIONS_TIMEOUT_MS,
  );
});

/**
 * Delivers every permutation of a dispute's events, each to a fresh payment request (paid first), and checks
 * that each ends as the in-order delivery does, and that the in-order delivery ends as Stripe says.
 */
async function endsAlikeInEveryOrder(outcome: 'won' | 'lost'): Promise<void> {
  const base = Math.floor(Date.now() / 1000) - 3_600;
  const orders = permutations(Array.from({ length: outcome === 'won' ? 5 : 4 }, (_, i) => i));
  const ends = await inPool(orders, 6, async (order) => {
    const { id, pi, dispute } = await disputedRequest(outcome);
    const events = disputeEvents(dispute, outcome, base);
    const sent = order.map((i) => events[i] as TestEvent);
    await deliver(succeeded(pi, base - 60));
    await deliverAll(sent);
    return { order: names(sent), end: await disputeEnd(id, String(dispute.id)) };
  });
  const inOrder = ends[0] as (typeof ends)[number];
  expect(inOrder.end).toEqual({
    case: { status: outcome, outcome, amount: 12_500, due_by: expect.any(String), closed: true },
    mirror: { status: outcome, amount: 12_500, dueBy: expect.any(String) },
    request: 'disputed',
  });
  for (const { order, end } of ends) expect(end, order).toEqual(inOrder.end);
  expect(ends).toHaveLength(outcome === 'won' ? 120 : 24);
}

describe('a payment’s events in every order', () => {
  it(
    'ends disputed with everything refunded recorded, in every order of succeeded, partial refund, full refund, dispute',
    async () => {
      const base = Math.floor(Date.now() / 1000) - 3_600;
      const ends = await inPool(permutations([0, 1, 2, 3]), 6, async (order) => {
        const { id, pi, charge, dispute } = await disputedRequest('lost');
        const refunded = (amount: number) => ({
          id: charge,
          object: 'charge',
          amount: 12_500,
          amount_captured: 12_500,
          amount_refunded: amount,
          refunded: amount === 12_500,
          currency: 'eur',
          payment_intent: pi,
          metadata: { payment_request: id },
        });
        const events: TestEvent[] = [
          succeeded(pi, base),
          { name: 'refund 25.00', type: 'charge.refunded', created: base + 10, object: refunded(2_500) },
          { name: 'refund all', type: 'charge.refunded', created: base + 20, object: refunded(12_500) },
          {
            name: 'dispute',
            type: 'charge.dispute.created',
            created: base + 30,
            object: { ...dispute, status: 'needs_response' },
          },
        ];
        const sent = order.map((i) => events[i] as TestEvent);
        await deliverAll(sent);
        const pr = await t.store.paymentRequests.get(id);
        return { order: names(sent), end: { status: pr?.status, amountRefunded: pr?.amountRefunded } };
      });
      const inOrder = ends[0] as (typeof ends)[number];
      expect(inOrder.end).toEqual({ status: 'disputed', amountRefunded: 12_500 });
      for (const { order, end } of ends) expect(end, order).toEqual(inOrder.end);
    },
    PERMUTATIONS_TIMEOUT_MS,
  );

  it('never lowers the refunded amount with a late partial refund', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    const { id, pi, charge } = await paidRequest();
    const refunded = (amount: number, created: number): TestEvent => ({
      name: `refunded ${amount}`,
      type: 'charge.refunded',
      created,
      object: {
        id: charge,
        object: 'charge',
        amount: 12_500,
        amount_refunded: amount,
        currency: 'eur',
        payment_intent: pi,
        metadata: { payment_request: id },
      },
    });
    await deliverAll([refunded(7_500, base + 20), refunded(2_500, base + 10)]);
    const pr = await t.store.paymentRequests.get(id);
    expect(pr?.amountRefunded).toBe(7_500);
    expect(pr?.status).toBe('partially_refunded');
  });

  it(
    'ends paid with the refund failed and its amount given back, told once, in every order of succeeded, refund created, refund failed, charge refunded',
    async () => {
      const base = Math.floor(Date.now() / 1000) - 3_600;
      const ends = await inPool(permutations([0, 1, 2, 3]), 6, async (order) => {
        const { id, pi, charge } = await paidRequest();
        const refundId = `re_${randomBytes(8).toString('hex')}`;
        const refund = (status: string, extra: Json = {}) => ({
          id: refundId,
          object: 'refund',
          amount: 12_500,
          currency: 'eur',
          charge,
          created: base + 10,
          payment_intent: pi,
          metadata: {},
          reason: 'requested_by_customer',
          status,
          ...extra,
        });
        const events: TestEvent[] = [
          succeeded(pi, base),
          { name: 'refund created', type: 'refund.created', created: base + 10, object: refund('succeeded') },
          {
            name: 'charge refunded',
            type: 'charge.refunded',
            created: base + 10,
            object: {
              id: charge,
              object: 'charge',
              amount: 12_500,
              amount_captured: 12_500,
              captured: true,
              amount_refunded: 12_500,
              refunded: true,
              currency: 'eur',
              payment_intent: pi,
              metadata: { payment_request: id },
            },
          },
          {
            name: 'refund failed',
            type: 'refund.failed',
            created: base + 40,
            object: refund('failed', { failure_reason: 'expired_or_canceled_card' }),
          },
        ];
        const sent = order.map((i) => events[i] as TestEvent);
        await deliverAll(sent);
        const pr = await t.store.paymentRequests.get(id);
        const told = await t.request('GET', `/v1/events?payment_request=${id}&limit=100`, { key });
        const failures = (told.json.data as { type: string }[]).filter(
          (e) => e.type === 'payment_request.refund_failed',
        );
        return {
          order: names(sent),
          end: {
            status: pr?.status,
            amountRefunded: pr?.amountRefunded,
            amountReceived: pr?.amountReceived,
            refund: (await t.store.refunds.get(refundId))?.status,
            failuresTold: failures.length,
          },
        };
      });
      const inOrder = ends[0] as (typeof ends)[number];
      expect(inOrder.end).toEqual({
        status: 'paid',
        amountRefunded: 0,
        amountReceived: 12_500,
        refund: 'failed',
        failuresTold: 1,
      });
      for (const { order, end } of ends) expect(end, order).toEqual(inOrder.end);
    },
    PERMUTATIONS_TIMEOUT_MS,
  );

  it('ends paid with no error in every order of processing, payment_failed, succeeded', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    const ends = await inPool(permutations([0, 1, 2]), 3, async (order) => {
      const id = await orderRequest();
      const pi = String((await createIntent(t, id)).json.payment_intent);
      const intent = (status: string, extra: Json = {}) => ({
        id: pi,
        object: 'payment_intent',
        amount: 12_500,
        currency: 'eur',
        status,
        metadata: { payment_request: id },
        last_payment_error: null,
        ...extra,
      });
      const events: TestEvent[] = [
        {
          name: 'processing',
          type: 'payment_intent.processing',
          created: base,
          object: intent('processing'),
        },
        {
          name: 'payment_failed',
          type: 'payment_intent.payment_failed',
          created: base + 5,
          object: intent('requires_payment_method', {
            last_payment_error: { code: 'card_declined', message: 'Declined' },
          }),
        },
        {
          name: 'succeeded',
          type: 'payment_intent.succeeded',
          created: base + 10,
          object: intent('succeeded'),
        },
      ];
      const sent = order.map((i) => events[i] as TestEvent);
      await deliverAll(sent);
      const pr = await t.store.paymentRequests.get(id);
      return { order: names(sent), end: { status: pr?.status, lastError: pr?.lastError } };
    });
    const inOrder = ends[0] as (typeof ends)[number];
    expect(inOrder.end).toEqual({ status: 'paid', lastError: null });
    for (const { order, end } of ends) expect(end, order).toEqual(inOrder.end);
  });

  it('within one second, a failed attempt outranks processing in either order', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    for (const failedFirst of [true, false]) {
      const id = await orderRequest();
      const pi = String((await createIntent(t, id)).json.payment_intent);
      const object = (status: string, error: Json | null) => ({
        id: pi,
        object: 'payment_intent',
        status,
        metadata: { payment_request: id },
        last_payment_error: error,
      });
      const processing = {
        name: 'processing',
        type: 'payment_intent.processing',
        created: base,
        object: object('processing', null),
      };
      const failed = {
        name: 'payment_failed',
        type: 'payment_intent.payment_failed',
        created: base,
        object: object('requires_payment_method', { code: 'card_declined', message: 'Declined' }),
      };
      await deliverAll(failedFirst ? [failed, processing] : [processing, failed]);
      const pr = await t.store.paymentRequests.get(id);
      expect(pr?.status, `failed first: ${failedFirst}`).toBe('open');
      expect(pr?.lastError?.code).toBe('card_declined');
    }
  });
});

describe('mirrored Stripe objects', () => {
  it('keeps an early fraud warning settled when its older or same-second events arrive late', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    for (const settledFirst of [true, false]) {
      const { id, pi, charge } = await paidRequest();
      const warningId = `issfr_${randomBytes(8).toString('hex')}`;
      const warning = (actionable: boolean) => ({
        id: warningId,
        object: 'radar.early_fraud_warning',
        actionable,
        charge,
        created: base,
        fraud_type: 'made_with_stolen_card',
        livemode: false,
        payment_intent: pi,
      });
      const raised = {
        name: 'created',
        type: 'radar.early_fraud_warning.created',
        created: base,
        object: warning(true),
      };
      const settled = {
        name: 'updated',
        type: 'radar.early_fraud_warning.updated',
        created: base,
        object: warning(false),
      };
      await deliverAll(settledFirst ? [settled, raised] : [raised, settled]);
      const record = await t.store.mirror.record(warningId);
      expect(record?.paymentRequestId).toBe(id);
      expect((record?.data as Json).actionable, `settled first: ${settledFirst}`).toBe(false);
      // The merchant hears of the warning once, as it stands now.
      const events = await t.request('GET', `/v1/events?payment_request=${id}&limit=100`, { key });
      const told = (events.json.data as { type: string; payload: { data: Json } }[]).filter(
        (e) => e.type === 'payment_request.early_fraud_warning',
      );
      expect(told).toHaveLength(1);
      expect((told[0]?.payload.data.early_fraud_warning as Json).actionable).toBe(
        settledFirst ? false : true,
      );
    }
  });

  it('keeps the newest account.updated in the mirror and the carrier account when an older one arrives late', async () => {
    const base = Math.floor(Date.now() / 1000) - 3_600;
    const accountId = `acct_${randomBytes(8).toString('hex')}`;
    const account = (enabled: boolean) => ({
      id: accountId,
      object: 'account',
      charges_enabled: enabled,
      payouts_enabled: enabled,
      details_submitted: enabled,
      requirements: { disabled_reason: enabled ? null : 'requirements.past_due' },
    });
    await deliverAll([
      { name: 'enabled', type: 'account.updated', created: base + 10, object: account(true) },
      { name: 'older: disabled', type: 'account.updated', created: base, object: account(false) },
    ]);
    const record = await t.store.mirror.record(accountId);
    expect((record?.data as Json).charges_enabled).toBe(true);
    expect(record?.event.created).toBe(base + 10);
    expect((await getCarrierAccount(t.app.context, accountId))?.chargesEnabled).toBe(true);
  });
});
