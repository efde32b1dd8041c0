import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { eventJson, postSigned as post } from './test-helpers.ts';
import {
  intentBody,
  pay,
  paymentRequestBody,
  problemType,
  startTestServer,
  type TestServer,
} from '../../test/harness.ts';
import { openRequest } from '../../test/payments.ts';

const signer = new Stripe('sk_test_signing_only');

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer();
  key = (await t.merchant()).apiKey;
});
afterAll(() => t.close());

/** A Stripe event of `type` about `object` (`eventJson` with these fields; a fresh id unless `id` is given). */
const eventPayload = (
  type: string,
  object: Record<string, unknown>,
  created = Math.floor(Date.now() / 1000),
  id?: string,
) => eventJson({ type, data: { object }, created, ...(id === undefined ? {} : { id }) });

const intentObject = (pi: string, pr: string, status: string, extra: Record<string, unknown> = {}) => ({
  id: pi,
  object: 'payment_intent',
  amount: 12_500,
  currency: 'eur',
  status,
  metadata: { payment_request: pr },
  last_payment_error: null,
  ...extra,
});

async function notificationTypes(server: TestServer, k: string, pr: string): Promise<string[]> {
  const res = await server.request('GET', `/v1/events?payment_request=${pr}&limit=100`, { key: k });
  return (res.json.data as { type: string }[]).map((e) => e.type).reverse();
}

describe('verification before anything else', () => {
  it('refuses a body signed with another secret (forgery) and stores nothing', async () => {
    const payload = eventPayload('payment_intent.succeeded', { id: 'pi_forged', object: 'payment_intent' });
    const res = await post(t, payload, { secret: 'whsec_not_the_right_one' });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe(problemType('webhook-signature-invalid'));
    expect(await t.store.inbox.get(JSON.parse(payload).id)).toBeNull();
  });

  it('refuses a tampered body and a missing signature', async () => {
    const payload = eventPayload('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent' });
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: t.webhookSecret });
    const tampered = await t.request('POST', '/v1/webhooks/stripe', {
      rawBody: payload.replace('pi_x', 'pi_y'),
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    });
    expect(tampered.status).toBe(400);
    const unsigned = await t.request('POST', '/v1/webhooks/stripe', {
      rawBody: payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(400);
  });

  it('refuses a replay signed more than 300 s ago', async () => {
    const payload = eventPayload('payment_intent.succeeded', { id: 'pi_old', object: 'payment_intent' });
    const res = await post(t, payload, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe(problemType('webhook-signature-invalid'));
    const fresh = await post(t, payload, { timestamp: Math.floor(Date.now() / 1000) - 290 });
    expect(fresh.status).toBe(200);
  });

  it('stores and acknowledges unknown event types', async () => {
    const payload = eventPayload('invoice.created', { id: 'in_1', object: 'invoice' });
    const res = await post(t, payload);
    expect(res.status).toBe(200);
    const id = JSON.parse(payload).id as string;
    const stored = await waitFor(
      async () => (await t.store.inbox.get(id))?.processedAt ?? undefined,
      3_000,
      'applied',
    );
    expect(stored).toBeTruthy();
  });
});

describe('applied once, only forward', () => {
  it('applies a duplicate delivery once', async () => {
    const { id, pi } = await openRequest(t, key);
    const payload = eventPayload('payment_intent.succeeded', intentObject(pi, id, 'succeeded'));
    const first = await post(t, payload);
    const second = await post(t, payload);
    expect(first.json).toEqual({ received: true, duplicate: false });
    expect(second.json).toEqual({ received: true, duplicate: true });
    await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid', 3_000, 'paid');
    await t.app.webhooks.drain();
    expect(await notificationTypes(t, key, id)).toEqual(['payment_request.paid']);
  });

  it('acknowledges concurrent deliveries, each stored and applied exactly once (through shared commits on SQLite)', async () => {
    const payments = await Promise.all(Array.from({ length: 6 }, () => openRequest(t, key)));
    const payloads = payments.flatMap(({ id, pi }) => {
      const succeeded = eventPayload('payment_intent.succeeded', intentObject(pi, id, 'succeeded'));
      return [
        succeeded,
        succeeded,
        eventPayload('payment_intent.processing', intentObject(pi, id, 'processing')),
      ];
    });
    // Group commit is SQLite's (one writer); PostgreSQL commits each transaction on its own.
    const stats = () => (t.sqlite ? { ...t.sqlite.writes.stats } : null);
    const before = stats();
    const answers = await Promise.all(payloads.map((payload) => post(t, payload)));
    expect(answers.map((a) => a.status)).toEqual(Array(payloads.length).fill(200));
    // Each distinct event is stored once, whichever of its two deliveries got there first.
    expect(answers.filter((a) => a.json.duplicate === false)).toHaveLength(12);
    await t.app.webhooks.drain();
    const after = stats();
    if (before && after) {
      const commits = after.commits - before.commits;
      const writes = after.writes - before.writes;
      expect(commits, `${writes} writes in ${commits} commits`).toBeLessThan(writes);
    }
    for (const { id } of payments) {
      expect((await t.store.paymentRequests.get(id))?.status).toBe('paid');
      // The worker may apply a processing that arrived before its succeeded (then notified once, before paid);
      // whichever order the concurrent deliveries landed in, each state change is notified exactly once.
      const types = await notificationTypes(t, key, id);
      expect(types.at(-1)).toBe('payment_request.paid');
      expect(types, id).toEqual([...new Set(types)]);
      expect(types.filter((type) => type !== 'payment_request.processing')).toEqual(['payment_request.paid']);
    }
  });

  it('ignores a late processing or payment_failed after succeeded (reordering)', async () => {
    const { id, pi } = await openRequest(t, key);
    const now = Math.floor(Date.now() / 1000);
    await post(t, eventPayload('payment_intent.succeeded', intentObject(pi, id, 'succeeded'), now));
    // Applied before the older events arrive, so they are late (pending together, the worker would apply them in
    // Stripe's order, processing first, and the merchant would rightly hear of both).
    await t.app.webhooks.drain();
    await post(t, eventPayload('payment_intent.processing', intentObject(pi, id, 'processing'), now - 5));
    await post(
      t,
      eventPayload(
        'payment_intent.payment_failed',
        intentObject(pi, id, 'requires_payment_method', {
          last_payment_error: { code: 'card_declined', message: 'Declined' },
        }),
        now - 10,
      ),
    );
    await t.app.webhooks.drain();
    const pr = await t.store.paymentRequests.get(id);
    expect(pr?.status).toBe('paid');
    expect(pr?.lastError).toBeNull();
    expect(await notificationTypes(t, key, id)).toEqual(['payment_request.paid']);
  });

  it('leaves a failed attempt open with the last error, and a later success still pays', async () => {
    const { id, pi } = await openRequest(t, key);
    const now = Math.floor(Date.now() / 1000);
    await post(t, eventPayload('payment_intent.processing', intentObject(pi, id, 'processing'), now - 20));
    await post(
      t,
      eventPayload(
        'payment_intent.payment_failed',
        intentObject(pi, id, 'requires_payment_method', {
          last_payment_error: {
            code: 'card_declined',
            decline_code: 'insufficient_funds',
            message: 'Your card has insufficient funds.',
          },
        }),
        now - 10,
      ),
    );
    await t.app.webhooks.drain();
    const failed = await t.store.paymentRequests.get(id);
    expect(failed?.status).toBe('open');
    expect(failed?.lastError).toEqual({
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    await post(t, eventPayload('payment_intent.succeeded', intentObject(pi, id, 'succeeded'), now));
    await t.app.webhooks.drain();
    expect((await t.store.paymentRequests.get(id))?.status).toBe('paid');
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.processing',
      'payment_request.payment_failed',
      'payment_request.paid',
    ]);
  });
});

describe('real deliveries from the sandbox', () => {
  it('marks a request paid after the buyer pays, then partially refunded and refunded', async () => {
    const { id, pi } = await openRequest(t, key);
    await pay(t, pi);
    await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid', 5_000, 'paid');
    const stripe = t.sandbox.stripeClient();
    await stripe.refunds.create({ payment_intent: pi, amount: 2_500 });
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.status === 'partially_refunded',
      5_000,
      'partial',
    );
    expect((await t.store.paymentRequests.get(id))?.amountRefunded).toBe(2_500);
    await stripe.refunds.create({ payment_intent: pi });
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.status === 'refunded',
      5_000,
      'refunded',
    );
    expect((await t.store.paymentRequests.get(id))?.amountRefunded).toBe(12_500);
  });

  it('keeps a request open while 3D Secure is pending, then pays it once the buyer authenticates', async () => {
    const { id, pi } = await openRequest(t, key);
    const intent = await pay(t, pi, 'pm_card_authenticationRequired');
    expect(intent.status).toBe('requires_action');
    await waitFor(
      () =>
        t.sandbox.deliveries().some((d) => d.type === 'payment_intent.requires_action' && d.status === 200),
      5_000,
      'requires_action delivery',
    );
    await t.app.webhooks.drain();
    expect((await t.store.paymentRequests.get(id))?.status).toBe('open');
    const done = await fetch(`${t.sandbox.url}/_sandbox/3ds/${pi}/complete`, { method: 'POST' });
    expect(done.ok).toBe(true);
    await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid', 5_000, 'paid');
  });

  it('records a declined attempt as open with the decline', async () => {
    const { id, pi } = await openRequest(t, key);
    await expect(pay(t, pi, 'pm_card_chargeDeclinedInsufficientFunds')).rejects.toThrow();
    const pr = await waitFor(
      async () => {
        const r = await t.store.paymentRequests.get(id);
        return r?.lastError ? r : undefined;
      },
      5_000,
      'last error',
    );
    expect(pr.status).toBe('open');
    expect(pr.lastError?.decline_code).toBe('insufficient_funds');
  });

  it('records a dispute and tells the merchant, with the due date', async () => {
    const { id, pi } = await openRequest(t, key);
    await pay(t, pi, 'pm_card_createDispute');
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.status === 'disputed',
      5_000,
      'disputed',
    );
    const disputes = await t.store.mirror.disputesFor(id);
    expect(disputes).toHaveLength(1);
    expect(disputes[0]?.id).toMatch(/^dp_/);
    const events = await t.request('GET', `/v1/events?payment_request=${id}`, { key });
    const disputed = (
      events.json.data as { type: string; payload: { data: { dispute?: { due_by: string } } } }[]
    ).find((e) => e.type === 'payment_request.disputed');
    expect(disputed?.payload.data.dispute?.due_by).toBeTruthy();
  });

  it('records an early fraud warning and tells the merchant', async () => {
    const { id, pi } = await openRequest(t, key);
    await pay(t, pi, 'pm_card_createEarlyFraudWarning');
    await waitFor(
      async () => (await notificationTypes(t, key, id)).includes('payment_request.early_fraud_warning'),
      5_000,
      'early fraud warning',
    );
  });
});

describe('Stripe delivering twice and out of order', () => {
  it('ends in the right state with each notification sent once', async () => {
    const chaos = await startTestServer();
    const { apiKey } = await chaos.merchant();
    await fetch(`${chaos.sandbox.url}/_sandbox/webhooks/behaviour`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicate: true, shuffle: true }),
    });
    const { id, pi } = await openRequest(chaos, apiKey);
    await pay(chaos, pi);
    await chaos.sandbox.stripeClient().refunds.create({ payment_intent: pi });
    await waitFor(
      async () => (await chaos.store.paymentRequests.get(id))?.status === 'refunded',
      5_000,
      'refunded',
    );
    await waitFor(
      () => chaos.sandbox.deliveries().filter((d) => d.duplicate && d.status === 200).length >= 2,
      5_000,
      'duplicate deliveries',
    );
    await chaos.app.webhooks.drain();
    const types = await notificationTypes(chaos, apiKey, id);
    expect(new Set(types).size).toBe(types.length);
    expect(types.at(-1)).toBe('payment_request.refunded');
    expect((await chaos.store.paymentRequests.get(id))?.amountRefunded).toBe(12_500);
    await chaos.close();
  });
});

describe('crash between the inbox write and the apply', () => {
  it('applies the stored event exactly once after a restart', async () => {
    const first = await startTestServer({ workers: false, sandbox: t.sandbox, registerWebhook: false });
    const { apiKey } = await first.merchant();
    const { id, pi } = await openRequest(first, apiKey);
    const payload = eventPayload('payment_intent.succeeded', intentObject(pi, id, 'succeeded'));
    expect((await post(first, payload)).status).toBe(200);
    // The 200 was sent: the event is durable, but the worker never ran ("crash").
    expect((await first.store.paymentRequests.get(id))?.status).toBe('open');
    await first.close({ keepDir: true });

    const second = await startTestServer({
      dir: first.dir,
      sandbox: t.sandbox,
      registerWebhook: false,
      webhookSecret: first.webhookSecret,
    });
    await second.app.webhooks.drain();
    expect((await second.store.paymentRequests.get(id))?.status).toBe('paid');
    // Stripe retries the same event after the restart: acknowledged, not applied again.
    const replay = await post(second, payload);
    expect(replay.json).toEqual({ received: true, duplicate: true });
    await second.app.webhooks.drain();
    expect(await notificationTypes(second, apiKey, id)).toEqual(['payment_request.paid']);
    await second.close();
  });
});

describe('webhook rate limit', () => {
  it('answers 429 with Retry-After past the webhook limit', async () => {
    const limited = await startTestServer({
      sandbox: t.sandbox,
      registerWebhook: false,
      env: { RATE_LIMIT_WEBHOOKS_PER_MINUTE: '2' },
    });
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<typeof post>> | null;
    for (let i = 0; i < 3; i++) {
      last = await post(limited, eventPayload('invoice.created', { id: `in_${i}`, object: 'invoice' }));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last?.json.type).toBe(problemType('rate-limited'));
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    const metrics = { text: await limited.metrics() };
    expect(metrics.text).toMatch(/cargopay_rate_limited_total\{limit="webhooks"\} 1/);
    await limited.close({ keepSandbox: true });
  });
});

describe('authorize now, capture later (manual capture)', () => {
  async function manualRequest() {
    const created = await t.request('POST', '/v1/payment-requests', {
      key,
      body: paymentRequestBody({ capture: 'manual' }),
    });
    const id = String(created.json.id);
    const intent = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
    return { id, pi: String(intent.json.payment_intent) };
  }

  const authorized = (id: string) =>
    waitFor(
      async () => {
        const pr = await t.store.paymentRequests.get(id);
        return pr?.status === 'authorized' && pr.captureBefore !== null ? pr : undefined;
      },
      5_000,
      'authorized with the hold’s details',
    );

  it('marks the request authorized with what the hold allows, tells the merchant, and pays it once captured', async () => {
    const { id, pi } = await manualRequest();
    await pay(t, pi, 'pm_card_visa');
    await authorized(id);
    const stripe = t.sandbox.stripeClient();
    const intent = await stripe.paymentIntents.retrieve(pi, { expand: ['latest_charge'] });
    const charge = intent.latest_charge as Stripe.Charge;
    const captureBefore = charge.payment_method_details?.card?.capture_before;
    expect(captureBefore).toBeTypeOf('number');
    const res = await t.request('GET', `/v1/payment-requests/${id}`, { key });
    expect(res.json).toMatchObject({
      status: 'authorized',
      capture: 'manual',
      amount_capturable: 12_500,
      capture_before: new Date(Number(captureBefore) * 1000).toISOString(),
      extended_authorization: false,
      incremental_authorization: true,
    });
    await waitFor(
      async () => (await notificationTypes(t, key, id)).includes('payment_request.authorized'),
      5_000,
      'authorized notification',
    );

    await stripe.paymentIntents.capture(pi, { amount_to_capture: 11_000 });
    const paid = await waitFor(
      async () => {
        const pr = await t.store.paymentRequests.get(id);
        return pr?.status === 'paid' ? pr : undefined;
      },
      5_000,
      'paid',
    );
    expect(paid.amountCapturable).toBe(0);
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.paid',
    ]);
  });

  it('records extended authorization when the card grants it, and a voided hold as canceled', async () => {
    const { id, pi } = await manualRequest();
    await pay(t, pi, 'pm_card_mastercard');
    const pr = await authorized(id);
    expect(pr).toMatchObject({ extendedAuthorization: true, incrementalAuthorization: true });
    await t.sandbox.stripeClient().paymentIntents.cancel(pi);
    const canceled = await waitFor(
      async () => {
        const now = await t.store.paymentRequests.get(id);
        return now?.status === 'canceled' ? now : undefined;
      },
      5_000,
      'canceled',
    );
    expect(canceled.amountCapturable).toBe(0);
  });

  it.each([
    ['the authorization first', ['evt_z_authorized', 'evt_a_incremented']],
    ['the increment first', ['evt_a_authorized', 'evt_z_incremented']],
  ])(
    'keeps the larger hold of two events of one second, whatever their ids and order (%s)',
    async (_label, [authorizedId, incrementedId]) => {
      const { id, pi } = await manualRequest();
      const now = Math.floor(Date.now() / 1000);
      const held = (amount: number) =>
        intentObject(pi, id, 'requires_capture', { amount, amount_capturable: amount });
      const events = [
        eventPayload('payment_intent.amount_capturable_updated', held(12_500), now, `${authorizedId}${id}`),
        eventPayload('payment_intent.amount_capturable_updated', held(13_450), now, `${incrementedId}${id}`),
      ];
      for (const e of _label.includes('increment first') ? events.reverse() : events) await post(t, e);
      await t.app.webhooks.drain();
      expect(await t.store.paymentRequests.get(id)).toMatchObject({
        status: 'authorized',
        amountCapturable: 13_450,
      });
      expect(await notificationTypes(t, key, id)).toEqual(['payment_request.authorized']);
    },
  );

  it('follows an incremented hold, and never moves a captured request back on a late authorization', async () => {
    const { id, pi } = await manualRequest();
    await pay(t, pi, 'pm_card_visa');
    await authorized(id);
    const stripe = t.sandbox.stripeClient();
    await stripe.paymentIntents.incrementAuthorization(pi, { amount: 13_450 });
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.amountCapturable === 13_450,
      5_000,
      'incremented',
    );
    await stripe.paymentIntents.capture(pi);
    await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid', 5_000, 'paid');
    await post(
      t,
      eventPayload(
        'payment_intent.amount_capturable_updated',
        intentObject(pi, id, 'requires_capture', { amount_capturable: 12_500 }),
        Math.floor(Date.now() / 1000) - 60,
      ),
    );
    await t.app.webhooks.drain();
    expect(await t.store.paymentRequests.get(id)).toMatchObject({ status: 'paid', amountCapturable: 0 });
    expect(
      (await notificationTypes(t, key, id)).filter((n) => n === 'payment_request.authorized'),
    ).toHaveLength(1);
  });
});
