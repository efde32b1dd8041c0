/**
 * Buyer journeys end to end, as they happen in production but on one machine: a merchant page on its own
 * origin (or the example shop) → the built `cargopay.js` → the sandbox's Payment Element and 3D Secure pages →
 * the real server process (`node server/src/main.ts`, SQLite file, in-process sandbox) → the sandbox's signed
 * Stripe webhooks → the merchant's notification receiver. Each journey keeps a screenshot of its final state
 * in `e2e/artifacts/`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookReceiver } from '../server/sandbox/testing.ts';
import { addCompleteEvidence } from '../server/src/disputes/test-helpers.ts';
import { request, type TestServer } from '../server/test/harness.ts';
import {
  answerChallenge,
  keepScreenshot,
  pay,
  paymentFrame,
  typeCard,
  typedCards,
  waitForState,
  widgetButton,
  widgetOf,
  widgetText,
} from './support/browser.ts';
import {
  createRequest as createRequestAt,
  payOnExampleShop,
  signedNotifications,
  startJourneyStack,
  waitForAnsweredDispute,
  waitForNotifications,
  waitForStatus,
  type JourneyStack,
  type Notification,
} from './support/journey.ts';
import type { MerchantSite } from './support/merchant-site.ts';
import { storeText } from './support/store-read.ts';
import {
  api,
  createMerchantWithCli,
  poll as waitFor,
  ROOT,
  type CliMerchant,
  type Stack,
} from './support/stack.ts';

let stack: Stack;
let site: MerchantSite;
let receiver: WebhookReceiver;
let merchant: CliMerchant;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every API answer CargoPay sent to a browser during the journeys (scanned for card numbers at the end). */
const responses: { url: string; body: string }[] = [];

let journey: JourneyStack;

beforeAll(async () => {
  // A backup every minute, so that the card-data scan at the end also reads a backup taken mid-run.
  journey = await startJourneyStack({ env: { BACKUP_INTERVAL_MINUTES: '1' }, disputePolicies: true });
  ({ stack, site, receiver, merchant, browser } = journey);
}, 60_000);

afterAll(async () => {
  await journey?.close();
});

/** A fresh browser profile (its own localStorage: its own widget device id) and a page recording events. */
async function newPage(o: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: o.locale ?? 'en-US',
    reducedMotion: 'reduce',
    viewport: { width: 800, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('response', (response) => {
    // API answers carry data; the static pages (the example shop's footer names the test cards) do not.
    if (!response.url().startsWith(`${stack.url}/v1/`)) return;
    void response
      .text()
      .then((body) => responses.push({ url: response.url(), body }))
      .catch(() => undefined);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cargopayEvents: { type: string; detail: unknown }[] };
    w.cargopayEvents = [];
    for (const type of [
      'cargopay-ready',
      'cargopay-submit',
      'cargopay-succeeded',
      'cargopay-failed',
      'cargopay-error',
    ])
      document.addEventListener(type, (e) =>
        w.cargopayEvents.push({ type, detail: (e as CustomEvent).detail as unknown }),
      );
  });
  return page;
}

type Recorded = { type: string; detail: Record<string, unknown> };
const events = (page: Page): Promise<Recorded[]> =>
  page.evaluate(() => (window as unknown as { cargopayEvents: Recorded[] }).cargopayEvents);

/** An open request of a buyer of its own (`createRequest` in `support/journey.ts`). */
const createRequest = (key: string, overrides: Record<string, unknown> = {}): Promise<string> =>
  createRequestAt(stack.url, key, overrides);

/** Polls the merchant API until the request has `status` (webhooks are applied asynchronously). */
const serverStatus = (id: string, status: string, key = merchant.apiKey): Promise<Record<string, unknown>> =>
  waitForStatus(stack.url, key, id, status);

/** Notifications the merchant's receiver got for one request, each checked for a valid signature. */
const notificationsFor = (id: string) => signedNotifications(receiver, merchant, id);

/** The first signed notification of `type` for the request, once the receiver has it. */
const waitForNotification = async (id: string, type: string): Promise<Notification> =>
  (await waitForNotifications(receiver, merchant, id, type))[0] as Notification;

async function openCheckout(page: Page, id: string, o: { lang?: string; mount?: 'plain' | 'shadow' } = {}) {
  await page.goto(site.payUrl(id, o));
  await waitForState(page, 'ready');
}

describe('buyer journeys through the built widget, the real server process and the sandbox', () => {
  it('example shop: a quote paid with 4242, recorded as paid by the server', async () => {
    const page = await newPage();
    await payOnExampleShop(page, stack.url, stack.url);
    const shot = await keepScreenshot(page, 'example-shop-succeeded');
    if (process.env.E2E_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'e2e', 'screenshots'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'e2e', 'screenshots', 'checkout-succeeded.png'));
    }
  });

  it('card success on a merchant page: paid, and the merchant gets a signed notification with an id', async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id);
    expect(await widgetText(page)).toContain('CMR-2026-0815');
    await pay(page, { number: '4242424242424242' });
    await waitForState(page, 'succeeded');
    const recorded = await events(page);
    expect(recorded.filter((e) => e.type === 'cargopay-succeeded')).toHaveLength(1);
    expect(JSON.stringify(recorded)).not.toContain('4242424242424242');
    await serverStatus(id, 'paid');
    const paid = await waitForNotification(id, 'payment_request.paid');
    expect(paid.id).toMatch(/^evt_/);
    expect(paid.data).toMatchObject({ amount: 18_950, currency: 'eur', status: 'paid' });
    await keepScreenshot(page, 'card-success');
  });

  it('3D Secure completed: the challenge is answered and the payment succeeds', async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id);
    await pay(page, { number: '4000002760003184' });
    await waitForState(page, 'authenticating');
    await keepScreenshot(page, '3ds-challenge');
    await answerChallenge(page, 'complete');
    await waitForState(page, 'succeeded');
    await serverStatus(id, 'paid');
    await keepScreenshot(page, '3ds-completed');
  });

  it('3D Secure failed, then paid with another card', async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id);
    await pay(page, { number: '4000002760003184' });
    await answerChallenge(page, 'fail');
    await waitForState(page, 'declined');
    expect((await events(page)).find((e) => e.type === 'cargopay-failed')?.detail.kind).toBe(
      'authentication-failed',
    );
    await keepScreenshot(page, '3ds-failed');
    await widgetButton(page).click(); // "Try another card"
    await waitForState(page, 'ready');
    await pay(page, { number: '5555555555554444' });
    await waitForState(page, 'succeeded');
    await serverStatus(id, 'paid');
    await waitForNotification(id, 'payment_request.payment_failed');
    await waitForNotification(id, 'payment_request.paid');
    await keepScreenshot(page, '3ds-failed-then-paid');
  });

  it('each decline card is shown as declined with its code, and the request stays open', async () => {
    const declines: [string, string, string | null][] = [
      ['4000000000000002', 'card_declined', 'generic_decline'],
      ['4000000000009995', 'card_declined', 'insufficient_funds'],
      ['4000000000009987', 'card_declined', 'lost_card'],
      ['4000000000009979', 'card_declined', 'stolen_card'],
      ['4000000000000069', 'expired_card', null],
      ['4000000000000127', 'incorrect_cvc', null],
      ['4000000000000119', 'processing_error', null],
    ];
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id);
    for (const [index, [number, code, declineCode]] of declines.entries()) {
      await pay(page, { number });
      await waitForState(page, 'declined');
      const failed = (await events(page)).filter((e) => e.type === 'cargopay-failed')[index];
      expect(failed?.detail, number).toMatchObject({ kind: 'card-declined', code });
      if (declineCode) expect(failed?.detail.declineCode, number).toBe(declineCode);
      await keepScreenshot(page, `declined-${declineCode ?? code}`);
      await widgetButton(page).click();
      await waitForState(page, 'ready');
    }
    const pr = await serverStatus(id, 'open');
    expect(pr.amount).toBe(18_950);
    await waitFor(
      () => notificationsFor(id).filter((n) => n.type === 'payment_request.payment_failed').length >= 1,
      20_000,
      'payment_failed notifications',
    );
  });

  it('blocked by Radar: 4100000000000019 is declined as fraudulent, and the merchant is told why', async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id);
    await pay(page, { number: '4100000000000019' });
    await waitForState(page, 'declined');
    const failed = (await events(page)).find((e) => e.type === 'cargopay-failed');
    expect(failed?.detail).toMatchObject({ kind: 'card-declined', declineCode: 'fraudulent' });
    // The sandbox's charge.failed / payment_intent.payment_failed reach the server through the webhook.
    const failedNotice = await waitForNotification(id, 'payment_request.payment_failed');
    expect(failedNotice.data.last_error).toMatchObject({ code: 'card_declined', decline_code: 'fraudulent' });
    await serverStatus(id, 'open');
    await keepScreenshot(page, 'radar-blocked');
  });

  it('blocked by a velocity rule: the third attempt on one request is refused before any charge', async () => {
    const strict = createMerchantWithCli(stack, { name: 'Strict Freight', origins: [site.origin] });
    const settings = await api(stack.url, 'POST', '/v1/settings/risk', {
      key: strict.apiKey,
      body: {
        velocity: {
          per_payment_request: { limit: 2, action: 'block' },
          per_ip: { limit: 10_000 },
          per_device: { limit: 10_000 },
        },
      },
    });
    expect(settings.status, settings.text).toBe(200);
    const id = await createRequest(strict.apiKey);
    const page = await newPage();
    await openCheckout(page, id); // attempt 1 (the widget prepares the intent on load)
    await pay(page, { number: '4000000000000002' }); // attempt 2: declined by the issuer
    await waitForState(page, 'declined');
    await widgetButton(page).click();
    await waitForState(page, 'ready');
    await pay(page, { number: '4242424242424242' }); // attempt 3: over the limit
    await waitForState(page, 'declined');
    const failed = (await events(page)).filter((e) => e.type === 'cargopay-failed').at(-1);
    expect(failed?.detail.code).toBe('blocked-by-risk');
    const risk = await api(stack.url, 'GET', `/v1/payment-requests/${id}/risk`, { key: strict.apiKey });
    const attempts = risk.json.attempts as { decision: string; reasons: string[] }[];
    // The block is this test's doing; other rules (a fast browser's `fast_submit`) may fire beside it.
    expect(attempts.at(-1)?.decision).toBe('block');
    expect(attempts.at(-1)?.reasons).toContain('velocity_payment_request');
    expect(
      (await api(stack.url, 'GET', `/v1/payment-requests/${id}`, { key: strict.apiKey })).json.status,
    ).toBe('open');
    await keepScreenshot(page, 'velocity-blocked');
  });

  it('a product-not-received dispute is answered with the evidence compiled from the shipment', async () => {
    const id = await createRequest(merchant.apiKey, { carrier: { name: 'Iberia Cargo' } });
    const t = {
      url: stack.url,
      request: (method: string, path: string, o = {}) => request(stack.url, method, path, o),
    } as unknown as TestServer;
    await addCompleteEvidence(t, merchant.apiKey, id);
    const page = await newPage();
    await openCheckout(page, id);
    await pay(page, { number: '4000000000002685' });
    await waitForState(page, 'succeeded');
    await keepScreenshot(page, 'dispute-payment');
    const answered = await waitForAnsweredDispute(stack.url, merchant.apiKey, id);
    expect(answered).toMatchObject({
      reason: 'product_not_received',
      response: 'submitted',
      payment_request: id,
    });
    const evidence = answered.evidence as { complete: boolean; fields: Record<string, string> };
    expect(evidence.complete).toBe(true);
    expect(evidence.fields.shipping_tracking_number).toBe('IB-7731-0042');
    await serverStatus(id, 'disputed');
    const disputed = await waitForNotification(id, 'payment_request.disputed');
    expect(disputed.data.status).toBe('disputed');
  });

  it('an expired request shows as expired and takes no payment', async () => {
    const id = await createRequest(merchant.apiKey, {
      expires_at: new Date(Date.now() + 2_500).toISOString(),
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const page = await newPage();
    await page.goto(site.payUrl(id));
    await waitForState(page, 'expired');
    expect(await widgetText(page)).toContain('This payment request has expired');
    expect(page.frames().some((f) => f.url().includes('/_sandbox/elements/payment'))).toBe(false);
    const intent = await api(stack.url, 'POST', `/v1/checkout/${id}/intent`, {
      body: { device_id: 'device-e2e-expired', signals: { ready_to_submit_ms: null, attempts: 1 } },
      headers: { origin: site.origin },
    });
    expect(intent.status).toBe(410);
    await serverStatus(id, 'expired');
    await keepScreenshot(page, 'expired');
  });

  it('Spanish: a page in Spanish gets the checkout and the Payment Element in Spanish, and pays', async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage({ locale: 'es-ES' });
    await openCheckout(page, id, { lang: 'es' });
    expect(await widgetText(page)).toContain('Pagar');
    const frame = await paymentFrame(page);
    expect(await frame.getByLabel('Número de tarjeta').count()).toBe(1);
    await pay(page, { number: '4242424242424242' });
    await waitForState(page, 'succeeded');
    expect(await widgetText(page)).toContain('Pago recibido');
    await serverStatus(id, 'paid');
    await keepScreenshot(page, 'spanish-succeeded');
  });

  it('keyboard only: Tab into the card fields, type, Tab to Pay and press Enter', async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id);
    const frame = await paymentFrame(page);
    const focusedField = () =>
      frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.autocomplete ?? '');
    let tabs = 0;
    while ((await focusedField()) !== 'cc-number') {
      if (++tabs > 15) throw new Error('Tab never reached the card number field');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('4242424242424242');
    // The frame moves on to expiry and CVC by itself once each is complete, as Stripe's does.
    await waitFor(async () => (await focusedField()) === 'cc-exp', 5_000, 'focus on the expiry');
    await page.keyboard.type('1234');
    await waitFor(async () => (await focusedField()) === 'cc-csc', 5_000, 'focus on the CVC');
    await page.keyboard.type('123');
    let onPay = false;
    for (let i = 0; i < 6 && !onPay; i++) {
      const field = await focusedField();
      if (field === 'postal-code') await page.keyboard.type('10001');
      await page.keyboard.press('Tab');
      onPay = await widgetOf(page).evaluate(
        (el) => (el.shadowRoot?.activeElement as HTMLElement | null)?.getAttribute('part') === 'button',
      );
    }
    expect(onPay).toBe(true);
    await page.keyboard.press('Enter');
    await waitForState(page, 'succeeded');
    await serverStatus(id, 'paid');
    await keepScreenshot(page, 'keyboard-only');
  });

  it("inside another component's shadow root: the Payment Element reaches the document through slots and pays", async () => {
    const id = await createRequest(merchant.apiKey);
    const page = await newPage();
    await openCheckout(page, id, { mount: 'shadow' });
    const nested = await page.evaluate(() => {
      const panel = document.querySelector('shop-panel');
      return (
        !!panel?.shadowRoot?.querySelector('cargopay-checkout') &&
        !document.querySelector('cargopay-checkout')
      );
    });
    expect(nested).toBe(true);
    await typeCard(page, { number: '4242424242424242' });
    await widgetButton(page).click();
    await waitForState(page, 'succeeded');
    await serverStatus(id, 'paid');
    await keepScreenshot(page, 'shadow-root-succeeded');
  });
});

describe('after the journeys', () => {
  it('no card number is in any log line, database file, backup, notification or API response', async () => {
    expect(typedCards.size).toBeGreaterThan(10);
    expect(responses.length).toBeGreaterThan(20);
    const files = [join(stack.dir, 'server.log')];
    // Online backups are the SQLite store's own; PostgreSQL is backed up by its operator.
    const backups =
      stack.store === 'sqlite' ? readdirSync(stack.backupDir).map((f) => join(stack.backupDir, f)) : [];
    if (stack.store === 'sqlite') expect(backups.length).toBeGreaterThan(0);
    const haystacks = [
      ...(await storeText(stack)),
      ...[...files, ...backups]
        .filter((f) => existsSync(f))
        .map((f) => ({ where: f, text: readFileSync(f).toString('latin1') })),
      { where: 'server output', text: stack.output() },
      ...receiver.received.map((r) => ({ where: 'merchant notification', text: r.body })),
      ...responses.map((r) => ({ where: r.url, text: r.body })),
    ];
    const leaks: string[] = [];
    for (const { where, text } of haystacks) {
      for (const number of typedCards) {
        const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
        if (text.includes(number) || text.includes(spaced)) leaks.push(`${number} in ${where}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});
