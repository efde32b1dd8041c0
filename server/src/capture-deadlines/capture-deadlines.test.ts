import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import { authorizedRequest, notificationsOf, notificationTypes } from '../../test/payments.ts';
import { intentEventRank } from '../stripe/event-order.ts';
import { eventJson, postSigned } from '../webhooks/test-helpers.ts';
import { sandboxControl, setClock } from './test-helpers.ts';

const HOUR = 3_600_000;
const CANCELED_RANK = intentEventRank('payment_intent.canceled');
const MINUTE = 60_000;

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' } });
});
afterAll(() => t.close());

/** A merchant whose capture settings are `settings` (none saved when empty: the defaults). */
async function merchantWith(settings: Record<string, unknown> = {}): Promise<string> {
  const { apiKey } = await t.merchant();
  if (Object.keys(settings).length > 0) {
    const saved = await t.request('POST', '/v1/settings/capture', { key: apiKey, body: settings });
    expect(saved.status, saved.text).toBe(200);
  }
  return apiKey;
}

/** One pass of the job at `at` (server clock), then back to the wall clock. */
async function runJobAt(at: number): Promise<void> {
  setClock(t, at);
  try {
    await t.app.captureDeadlines.drain();
  } finally {
    t.clock.offsetMs = 0;
  }
}

const intentOf = (pi: string) => t.sandbox.stripeClient().paymentIntents.retrieve(pi);

describe('GET|POST /v1/settings/capture', () => {
  it('answers the defaults until changed: let the hold lapse, warn 24 hours before', async () => {
    const key = await merchantWith();
    const res = await t.request('GET', '/v1/settings/capture', { key });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ object: 'capture_settings', at_deadline: 'lapse', warn_hours_before: 24 });
  });

  it('applies a partial change over the current settings, for that merchant only', async () => {
    const key = await merchantWith({ at_deadline: 'capture' });
    const changed = await t.request('POST', '/v1/settings/capture', { key, body: { warn_hours_before: 48 } });
    expect(changed.json).toEqual({
      object: 'capture_settings',
      at_deadline: 'capture',
      warn_hours_before: 48,
    });
    expect((await t.request('GET', '/v1/settings/capture', { key })).json).toEqual(changed.json);
    const other = await merchantWith();
    expect((await t.request('GET', '/v1/settings/capture', { key: other })).json.at_deadline).toBe('lapse');
  });

  it.each([
    ['an unknown policy', { at_deadline: 'refund' }, 'at_deadline'],
    ['no warning at all', { warn_hours_before: 0 }, 'warn_hours_before'],
    ['a warning longer than a standard hold', { warn_hours_before: 169 }, 'warn_hours_before'],
    ['a fraction of an hour', { warn_hours_before: 1.5 }, 'warn_hours_before'],
    ['an unknown field', { at_deadline: 'lapse', refund: true }, 'refund'],
  ])('refuses %s with validation-failed naming the field', async (_label, body, path) => {
    const key = await merchantWith();
    const res = await t.request('POST', '/v1/settings/capture', { key, body });
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('validation-failed'));
    expect((res.json.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect((await t.request('GET', '/v1/settings/capture', { key })).json.at_deadline).toBe('lapse');
  });

  it('needs the merchant key', async () => {
    expect((await t.request('GET', '/v1/settings/capture')).status).toBe(401);
  });
});

describe('the capture-deadline job', () => {
  it('warns the merchant once, warn_hours_before the hold lapses, saying what happens at the deadline', async () => {
    const key = await merchantWith();
    const { id, captureBefore } = await authorizedRequest(t, key);
    await runJobAt(captureBefore - 24 * HOUR - MINUTE);
    expect(await notificationTypes(t, key, id)).toEqual(['payment_request.authorized']);

    await runJobAt(captureBefore - 24 * HOUR + MINUTE);
    await runJobAt(captureBefore - 20 * HOUR);
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.capture_expiring',
    ]);
    const [warning] = await notificationsOf(t, key, id, 'payment_request.capture_expiring');
    expect(warning?.data).toMatchObject({
      object: { id, status: 'authorized', capture_before: new Date(captureBefore).toISOString() },
      capture_deadline: {
        capture_before: new Date(captureBefore).toISOString(),
        acts_at: new Date(captureBefore - 10 * MINUTE).toISOString(),
        at_deadline: 'lapse',
      },
    });
    expect((await t.store.paymentRequests.get(id))?.status).toBe('authorized');
  });

  it('warns as early as the merchant asked', async () => {
    const key = await merchantWith({ warn_hours_before: 72 });
    const { id, captureBefore } = await authorizedRequest(t, key);
    await runJobAt(captureBefore - 72 * HOUR + MINUTE);
    expect(await notificationTypes(t, key, id)).toContain('payment_request.capture_expiring');
  });

  it('lapse (the default): at the deadline the request expires and the hold is released at once', async () => {
    const key = await merchantWith();
    const { id, pi, captureBefore } = await authorizedRequest(t, key);
    await runJobAt(captureBefore - 24 * HOUR);
    await runJobAt(captureBefore - 11 * MINUTE);
    expect((await t.store.paymentRequests.get(id))?.status).toBe('authorized');

    await runJobAt(captureBefore - 10 * MINUTE);
    const res = await t.request('GET', `/v1/payment-requests/${id}`, { key });
    expect(res.json).toMatchObject({ status: 'expired', amount_capturable: 0 });
    expect(await intentOf(pi)).toMatchObject({
      status: 'canceled',
      amount_capturable: 0,
      amount_received: 0,
    });
    // Stripe's payment_intent.canceled for that release comes back and changes nothing.
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.lastIntentEvent.rank === CANCELED_RANK,
      5_000,
      'payment_intent.canceled applied',
    );
    expect((await t.store.paymentRequests.get(id))?.status).toBe('expired');
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.capture_expiring',
      'payment_request.expired',
    ]);
    const captured = await t.request('POST', `/v1/payment-requests/${id}/capture`, {
      key,
      body: { amount: 12_000 },
    });
    expect(captured.json.type).toBe(problemType('payment-request-not-authorized'));
  });

  it('capture: at the deadline what the hold allows is captured and the request is paid', async () => {
    const key = await merchantWith({ at_deadline: 'capture' });
    const { id, pi, captureBefore } = await authorizedRequest(t, key);
    await runJobAt(captureBefore - 24 * HOUR);
    await runJobAt(captureBefore - 5 * MINUTE);
    expect((await t.request('GET', `/v1/payment-requests/${id}`, { key })).json).toMatchObject({
      status: 'paid',
      amount_capturable: 0,
    });
    expect(await intentOf(pi)).toMatchObject({ status: 'succeeded', amount_received: 12_000 });
    await runJobAt(captureBefore - 1 * MINUTE);
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.capture_expiring',
      'payment_request.paid',
    ]);
  });

  it('capture: a hold already gone at Stripe when the deadline comes ends the request expired, nothing charged', async () => {
    const key = await merchantWith({ at_deadline: 'capture' });
    const { id, pi, captureBefore } = await authorizedRequest(t, key);
    // Stripe's deadline passed already (its clock is the wall clock); CargoPay still has the one it was told.
    await sandboxControl(t, `/_sandbox/payment_intents/${pi}/authorization`, {
      capture_before: Math.floor(Date.now() / 1000) - 1,
    });
    await runJobAt(captureBefore - 5 * MINUTE);
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.status === 'expired',
      5_000,
      'expired',
    );
    expect(await intentOf(pi)).toMatchObject({ status: 'canceled', amount_received: 0 });
    await waitFor(
      async () => (await t.store.paymentRequests.get(id))?.lastIntentEvent.rank === CANCELED_RANK,
      5_000,
      'payment_intent.canceled applied',
    );
    const types = await notificationTypes(t, key, id);
    expect(types.filter((type) => type === 'payment_request.expired')).toHaveLength(1);
    expect(types).not.toContain('payment_request.paid');
  });

  it('leaves alone a request the merchant captured before the deadline', async () => {
    const key = await merchantWith({ at_deadline: 'capture' });
    const { id, pi, captureBefore } = await authorizedRequest(t, key);
    const captured = await t.request('POST', `/v1/payment-requests/${id}/capture`, {
      key,
      body: { amount: 11_000 },
    });
    expect(captured.status).toBe(200);
    await runJobAt(captureBefore - 24 * HOUR);
    await runJobAt(captureBefore - 5 * MINUTE);
    expect(await intentOf(pi)).toMatchObject({ status: 'succeeded', amount_received: 11_000 });
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.paid',
    ]);
  });
});

describe('a deadline the sandbox moves (standing for time passing)', () => {
  it('reaches the request through charge.updated, and the job warns by the new deadline', async () => {
    const key = await merchantWith();
    const { id, pi, captureBefore } = await authorizedRequest(t, key);
    const sooner = Math.floor(Date.now() / 1000) + 23 * 3_600;
    expect(sooner * 1000).toBeLessThan(captureBefore);
    await sandboxControl(t, `/_sandbox/payment_intents/${pi}/authorization`, { capture_before: sooner });
    await waitFor(
      async () =>
        (await t.store.paymentRequests.get(id))?.captureBefore === new Date(sooner * 1000).toISOString(),
      5_000,
      'the moved capture_before stored',
    );
    await t.app.captureDeadlines.drain();
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.capture_expiring',
    ]);
  });
});

describe('Stripe lapsing a hold itself', () => {
  it('charge.expired moves an authorized request to expired, with one notification', async () => {
    const key = await merchantWith();
    const { id, pi } = await authorizedRequest(t, key);
    await sandboxControl(t, `/_sandbox/payment_intents/${pi}/authorization/expire`);
    await waitFor(
      async () => {
        const pr = await t.store.paymentRequests.get(id);
        return pr?.status === 'expired' && pr.lastIntentEvent.rank === CANCELED_RANK;
      },
      5_000,
      'charge.expired and payment_intent.canceled applied',
    );
    expect((await t.request('GET', `/v1/payment-requests/${id}`, { key })).json).toMatchObject({
      status: 'expired',
      amount_capturable: 0,
    });
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.expired',
    ]);
  });

  /** Delivers one signed Stripe event about the request's held charge or PaymentIntent, and waits until applied. */
  async function deliver(type: string, object: unknown): Promise<void> {
    const payload = eventJson({ type, data: { object } });
    const res = await postSigned(t, payload);
    expect(res.status, res.text).toBe(200);
    const id = (JSON.parse(payload) as { id: string }).id;
    await waitFor(
      async () => (await t.store.inbox.get(id))?.processedAt ?? undefined,
      5_000,
      `${type} applied`,
    );
  }

  it('charge.expired alone (its PaymentIntent event still to come) is enough', async () => {
    const key = await merchantWith();
    const { id, pi } = await authorizedRequest(t, key);
    const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi, { expand: ['latest_charge'] });
    await deliver('charge.expired', { ...(intent.latest_charge as object), refunded: true });
    expect((await t.store.paymentRequests.get(id))?.status).toBe('expired');
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.expired',
    ]);
  });

  it('a PaymentIntent Stripe canceled automatically (the hold lapsed) is an expiry, not a void', async () => {
    const key = await merchantWith();
    const { id, pi } = await authorizedRequest(t, key);
    const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi);
    await deliver('payment_intent.canceled', {
      ...intent,
      status: 'canceled',
      cancellation_reason: 'automatic',
      amount_capturable: 0,
    });
    expect((await t.store.paymentRequests.get(id))?.status).toBe('expired');
    expect(await notificationTypes(t, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.expired',
    ]);
  });

  it('a late charge.expired after the capture changes nothing', async () => {
    const key = await merchantWith();
    const { id, pi } = await authorizedRequest(t, key);
    const charge = (await t.sandbox.stripeClient().paymentIntents.retrieve(pi, { expand: ['latest_charge'] }))
      .latest_charge as object;
    const captured = await t.request('POST', `/v1/payment-requests/${id}/capture`, {
      key,
      body: { amount: 12_000 },
    });
    expect(captured.status).toBe(200);
    await deliver('charge.expired', charge);
    expect((await t.store.paymentRequests.get(id))?.status).toBe('paid');
    expect(await notificationTypes(t, key, id)).not.toContain('payment_request.expired');
  });
});
