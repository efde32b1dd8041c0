import { waitFor } from '../sandbox/testing.ts';
import type { CreatedMerchant } from '../src/merchants/service.ts';
import {
  intentBody,
  pay,
  paymentRequestBody,
  startTestServer,
  type StartOptions,
  type TestServer,
} from './harness.ts';

/**
 * Payment requests in the states tests start from, made the way they happen: created through the merchant API,
 * given their PaymentIntent by the checkout (as the widget's load does), paid or authorized by confirming that
 * PaymentIntent at the sandbox with a test card, and waited on until CargoPay applied Stripe's events. Also what
 * the merchant then reads of them: the notifications about a request.
 */

/** A test server (`startTestServer(options)`) and one merchant on it (`merchant` as `t.merchant()` takes it). */
export async function startWithMerchant(
  options: StartOptions = {},
  merchant: Parameters<TestServer['merchant']>[0] = {},
): Promise<{ t: TestServer; key: string; merchant: CreatedMerchant }> {
  const t = await startTestServer(options);
  const created = await t.merchant(merchant);
  return { t, key: created.apiKey, merchant: created };
}

/** Creates a request (`paymentRequestBody(overrides)`) with merchant key `key`; fails unless it is created. */
export async function createRequest(
  t: TestServer,
  key: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const created = await t.request('POST', '/v1/payment-requests', {
    key,
    body: paymentRequestBody(overrides),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.text}`);
  return String(created.json.id);
}

/** A request (`paymentRequestBody(overrides)`) with its PaymentIntent, not paid yet. */
export async function openRequest(
  t: TestServer,
  key: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; pi: string }> {
  const id = await createRequest(t, key, overrides);
  const intent = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
  if (intent.status !== 200) throw new Error(`intent answered ${intent.status}: ${intent.text}`);
  return { id, pi: String(intent.json.payment_intent) };
}

/**
 * A €120.00 manual-capture request (`overrides` change it) the buyer's card (`card`) authorized, once CargoPay
 * says so, with its PaymentIntent and the hold's deadline as CargoPay stored it (7 days on for the sandbox's
 * online payments).
 */
export async function authorizedRequest(
  t: TestServer,
  key: string,
  overrides: Record<string, unknown> = {},
  card = 'pm_card_visa',
): Promise<{ id: string; pi: string; captureBefore: number }> {
  const { id, pi } = await openRequest(t, key, { amount: 12_000, capture: 'manual', ...overrides });
  await pay(t, pi, card);
  const held = await waitFor(
    async () => {
      const pr = await t.store.paymentRequests.get(id);
      return pr?.status === 'authorized' && pr.captureBefore !== null ? pr : undefined;
    },
    5_000,
    'authorized, with its capture_before',
  );
  return { id, pi, captureBefore: Date.parse(held.captureBefore as string) };
}

/** A request (`paymentRequestBody()`) the buyer paid with `card`, once CargoPay applied every event of it. */
export async function paidRequest(
  t: TestServer,
  key: string,
  card = 'pm_card_visa',
): Promise<{ id: string; pi: string }> {
  const { id, pi } = await openRequest(t, key);
  await pay(t, pi, card);
  await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid', 5_000, 'paid');
  await stripeEventsSettled(t, pi);
  return { id, pi };
}

/** Whether every Stripe event about the PaymentIntent so far has been applied: nothing more is on its way. */
export async function stripeEventsApplied(t: TestServer, pi: string): Promise<boolean> {
  const ids = t.sandbox
    .events()
    .filter((e) => {
      const o = e.data.object as unknown as Record<string, unknown>;
      return o.id === pi || o.payment_intent === pi;
    })
    .map((e) => e.id);
  const rows = await t.rows(
    `SELECT id FROM webhook_inbox WHERE processed_at IS NOT NULL AND id IN (${ids.map(() => '?').join(',')})`,
    ids,
  );
  return rows.length === ids.length;
}

/** Waits until `stripeEventsApplied`. */
export const stripeEventsSettled = (t: TestServer, pi: string): Promise<boolean> =>
  waitFor(() => stripeEventsApplied(t, pi), 5_000, `events of ${pi} applied`);

/** The types of the notifications about `pr`, oldest first. */
export async function notificationTypes(t: TestServer, key: string, pr: string): Promise<string[]> {
  const res = await t.request('GET', `/v1/events?payment_request=${pr}&limit=100`, { key });
  return (res.json.data as { type: string }[]).map((e) => e.type).reverse();
}

/** The notifications of one type about `pr`, as the merchant would receive them. */
export async function notificationsOf(
  t: TestServer,
  key: string,
  pr: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  const res = await t.request('GET', `/v1/events?payment_request=${pr}&limit=100`, { key });
  return (res.json.data as { type: string; payload: Record<string, unknown> }[])
    .filter((e) => e.type === type)
    .map((e) => e.payload);
}
