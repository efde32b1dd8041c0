/**
 * Freight billing end to end: the buyer's card is authorized for the quote in Chromium (the built widget on a
 * merchant page, the real server process, the sandbox), then the merchant finishes the payment the way freight is
 * billed: captures the reweighed price (more than the quote, through incremental authorization), captures less
 * (the rest released), voids, refunds in parts and then in full, or lets the hold lapse after the warning. What the
 * merchant sees is checked three ways: the API's answers, the signed notifications its receiver got, and the
 * PaymentIntent at the sandbox (what Stripe would hold or have charged).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import type { WebhookReceiver } from '../server/sandbox/testing.ts';
import { stripeClient } from '../server/src/stripe/link.ts';
import { keepScreenshot, pay, waitForState, widgetText } from './support/browser.ts';
import {
  createRequest as createRequestAt,
  signedNotifications,
  startJourneyStack,
  waitForNotifications,
  waitForStatus,
  type JourneyStack,
} from './support/journey.ts';
import type { MerchantSite } from './support/merchant-site.ts';
import { api, poll as waitFor, type CliMerchant, type Stack } from './support/stack.ts';

let journey: JourneyStack;
let stack: Stack;
let site: MerchantSite;
let receiver: WebhookReceiver;
let merchant: CliMerchant;
let browser: Browser;
let stripe: Stripe;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // The capture-deadline job looks every second, so that a moved deadline is acted on while the test waits.
  journey = await startJourneyStack({ env: { CAPTURE_DEADLINE_INTERVAL_SECONDS: '1' } });
  ({ stack, site, receiver, merchant, browser } = journey);
  const sandbox = new URL(stack.sandboxUrl);
  stripe = stripeClient(SANDBOX_SECRET_KEY, {
    host: sandbox.hostname,
    port: Number(sandbox.port),
    protocol: 'http',
  });
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await journey?.close();
});

/** An open request of a buyer of its own (`createRequest` in `support/journey.ts`). */
const createRequest = (body: Record<string, unknown>): Promise<string> =>
  createRequestAt(stack.url, merchant.apiKey, body);

const merchantApi = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api(stack.url, method, path, { key: merchant.apiKey, body, headers });

/** The request as the merchant API shows it once it has `status` (webhooks are applied asynchronously). */
const serverStatus = (id: string, status: string): Promise<Record<string, unknown>> =>
  waitForStatus(stack.url, merchant.apiKey, id, status, 30_000);

/** Notification types the merchant's receiver got for one request, in order, each signature checked. */
const notificationsFor = (id: string) => signedNotifications(receiver, merchant, id);

const waitForNotification = (id: string, type: string, count = 1) =>
  waitForNotifications(receiver, merchant, id, type, { count, timeoutMs: 30_000 });

/** The buyer pays the request's checkout on the merchant's page with `card`; the widget ends `authorized`. */
async function authorize(id: string, card: string, state = 'authorized'): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 800, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(site.payUrl(id));
  await waitForState(page, 'ready');
  await pay(page, { number: card });
  await waitForState(page, state);
  return page;
}

describe('freight: authorize at the quote, charge the weighed price, refund', () => {
  it('a €120.00 quote is authorized, reweighed and captured at €134.50 through incremental authorization', async () => {
    const id = await createRequest({ amount: 12_000, capture: 'manual', max_final_amount: 15_000 });
    // A US Mastercard: the sandbox grants it incremental (and extended) authorization, as Stripe's rules allow.
    const page = await authorize(id, '5555555555554444');
    expect(await widgetText(page)).toContain('€120.00');
    await keepScreenshot(page, 'freight-authorized');
    const held = await serverStatus(id, 'authorized');
    await waitFor(
      async () =>
        (await merchantApi('GET', `/v1/payment-requests/${id}`)).json.incremental_authorization === true,
      30_000,
      'the hold’s incremental authorization to be known',
    );
    expect(held).toMatchObject({ amount: 12_000, amount_capturable: 12_000, capture: 'manual' });
    await waitForNotification(id, 'payment_request.authorized');

    // Above the stated maximum: refused, naming it; nothing moves at Stripe.
    const tooMuch = await merchantApi('POST', `/v1/payment-requests/${id}/capture`, { amount: 15_001 });
    expect(tooMuch.status, tooMuch.text).toBe(422);
    expect(tooMuch.json).toMatchObject({ maximum: 15_000 });
    expect(String(tooMuch.json.type)).toMatch(/capture-amount-too-large$/);

    const captured = await merchantApi(
      'POST',
      `/v1/payment-requests/${id}/capture`,
      { amount: 13_450 },
      { 'idempotency-key': `capture-${id}` },
    );
    expect(captured.status, captured.text).toBe(200);
    expect(captured.json).toMatchObject({ status: 'paid', amount_capturable: 0 });
    const pi = String(captured.json.payment_intent);
    expect(await stripe.paymentIntents.retrieve(pi)).toMatchObject({
      status: 'succeeded',
      amount: 13_450,
      amount_received: 13_450,
    });
    // The same call again (a retry) changes nothing and answers the same.
    const again = await merchantApi(
      'POST',
      `/v1/payment-requests/${id}/capture`,
      { amount: 13_450 },
      { 'idempotency-key': `capture-${id}` },
    );
    expect(again.status).toBe(200);
    // A second capture (another key) is refused as already captured.
    const second = await merchantApi('POST', `/v1/payment-requests/${id}/capture`, { amount: 100 });
    expect(second.status, second.text).toBe(409);
    expect(String(second.json.type)).toMatch(/payment-request-already-captured$/);
    await waitForNotification(id, 'payment_request.paid');
    expect(notificationsFor(id).map((n) => n.type)).toEqual([
      'payment_request.authorized',
      'payment_request.paid',
    ]);
  });

  it('a €120.00 quote captured at €110.00: the rest of the hold is released', async () => {
    const id = await createRequest({ amount: 12_000, capture: 'manual' });
    await authorize(id, '4242424242424242');
    await serverStatus(id, 'authorized');
    const captured = await merchantApi('POST', `/v1/payment-requests/${id}/capture`, { amount: 11_000 });
    expect(captured.status, captured.text).toBe(200);
    const pi = await stripe.paymentIntents.retrieve(String(captured.json.payment_intent));
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 11_000, amount_capturable: 0 });
    await waitForNotification(id, 'payment_request.paid');
    expect((await serverStatus(id, 'paid')).amount_received).toBe(11_000);
  });

  it('an authorized shipment canceled before pickup: the hold is voided, nothing is charged', async () => {
    const id = await createRequest({ amount: 12_000, capture: 'manual' });
    await authorize(id, '4242424242424242');
    await serverStatus(id, 'authorized');
    const voided = await merchantApi('POST', `/v1/payment-requests/${id}/cancel`);
    expect(voided.status, voided.text).toBe(200);
    expect(voided.json.status).toBe('canceled');
    const pi = await stripe.paymentIntents.retrieve(String(voided.json.payment_intent));
    expect(pi).toMatchObject({ status: 'canceled', amount_received: 0 });
    await waitForNotification(id, 'payment_request.canceled');
    // Nothing to capture any more.
    const late = await merchantApi('POST', `/v1/payment-requests/${id}/capture`, { amount: 12_000 });
    expect(late.status, late.text).toBe(409);
  });

  it('a paid shipment refunded in two parts, then in full; a refund above what is left is refused', async () => {
    const id = await createRequest({ amount: 18_950 });
    await authorize(id, '4242424242424242', 'succeeded');
    await serverStatus(id, 'paid');
    const refund = (body: Record<string, unknown>) =>
      merchantApi('POST', `/v1/payment-requests/${id}/refunds`, body);

    const first = await refund({ amount: 3_000, reason: 'requested_by_customer' });
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ object: 'refund', amount: 3_000, payment_request: id });
    await waitFor(
      async () => (await serverStatus(id, 'partially_refunded')).amount_refunded === 3_000,
      30_000,
      'the first refund counted',
    );
    const second = await refund({ amount: 2_000, reason: 'requested_by_customer' });
    expect(second.status, second.text).toBe(201);
    await waitFor(
      async () =>
        (await merchantApi('GET', `/v1/payment-requests/${id}`)).json.amount_refunded === 5_000 || undefined,
      30_000,
      'both refunds counted',
    );

    const over = await refund({ amount: 14_000, reason: 'requested_by_customer' });
    expect(over.status, over.text).toBe(422);
    expect(over.json).toMatchObject({ maximum: 13_950 });

    const rest = await refund({ reason: 'requested_by_customer' });
    expect(rest.status, rest.text).toBe(201);
    expect(rest.json.amount).toBe(13_950);
    const refunded = await serverStatus(id, 'refunded');
    expect(refunded.amount_refunded).toBe(18_950);
    const listed = await merchantApi('GET', `/v1/payment-requests/${id}/refunds`);
    // Newest first by Stripe's `created`, which counts seconds: refunds of one second come in id order.
    const amounts = (listed.json.data as { amount: number; status: string }[]).map((r) => r.amount);
    expect([...amounts].sort((a, b) => a - b)).toEqual([2_000, 3_000, 13_950]);
    const pi = await stripe.paymentIntents.retrieve(String(refunded.payment_intent), {
      expand: ['latest_charge'],
    });
    expect((pi.latest_charge as Stripe.Charge).amount_refunded).toBe(18_950);
    await waitForNotification(id, 'payment_request.refunded');
    expect(notificationsFor(id).filter((n) => n.type === 'payment_request.partially_refunded').length).toBe(
      2,
    );
  });

  it('an authorization left to lapse: the merchant is warned first, then the request expires and the hold is released', async () => {
    const id = await createRequest({ amount: 12_000, capture: 'manual' });
    await authorize(id, '4242424242424242');
    const held = await serverStatus(id, 'authorized');
    const pi = String(held.payment_intent);
    // Time passes: the hold now lapses in 23 hours (inside the default 24-hour warning).
    const control = async (capture_before: number) => {
      const res = await fetch(`${stack.sandboxUrl}/_sandbox/payment_intents/${pi}/authorization`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ capture_before }),
      });
      expect(res.status, await res.text()).toBe(200);
    };
    await control(Math.floor(Date.now() / 1000) + 23 * 3_600);
    const [warning] = await waitForNotification(id, 'payment_request.capture_expiring');
    expect(warning?.data.status).toBe('authorized');
    expect((await merchantApi('GET', `/v1/payment-requests/${id}`)).json.status).toBe('authorized');

    // And more: 5 minutes are left, inside the job's 10-minute margin. The default policy lets it lapse.
    await control(Math.floor(Date.now() / 1000) + 5 * 60);
    await serverStatus(id, 'expired');
    await waitForNotification(id, 'payment_request.expired');
    expect(await stripe.paymentIntents.retrieve(pi)).toMatchObject({
      status: 'canceled',
      amount_received: 0,
    });
    expect(notificationsFor(id).map((n) => n.type)).toEqual([
      'payment_request.authorized',
      'payment_request.capture_expiring',
      'payment_request.expired',
    ]);
  });
});
