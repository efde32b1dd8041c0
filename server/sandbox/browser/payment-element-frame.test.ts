/**
 * Inside the Payment Element frame, which a merchant page cannot look into: real Chromium driven by
 * playwright-core reads the frame's labels, inline errors and computed styles, with the merchant page on
 * another origin than the sandbox (localhost vs 127.0.0.1), as in production.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../sandbox.ts';
import type { Sandbox } from '../sandbox.ts';

/** The flags of `.config/web-test-runner.config.mjs` that matter here (Debian's Chromium, headless, no sandbox). */
const chromiumArgs = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

let sandbox: Sandbox;
let merchant: Server;
let merchantUrl: string;
let browser: Browser;
/** One page, navigated afresh by each test (opening pages is the slow part on a busy machine). */
let page: Page;
let consoleLines: string[] = [];

/** The merchant page: loads the stand-in, mounts a Payment Element with the options in its query. */
function merchantPage(stripeJsUrl: string, publishableKey: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Merchant</title>
<script src="${stripeJsUrl}"></script></head><body><div id="payment" style="width:480px"></div>
<script type="module">
  const query = new URLSearchParams(location.search);
  const stripe = Stripe(${JSON.stringify(publishableKey)});
  const elements = stripe.elements({
    clientSecret: query.get('secret'),
    locale: query.get('locale') ?? 'en',
    appearance: JSON.parse(query.get('appearance') ?? '{}'),
  });
  const element = elements.create('payment');
  element.on('ready', () => { document.body.dataset.ready = 'true'; });
  element.mount('#payment');
  // Pays the way a default integration does: Stripe.js redirects to return_url once the payment succeeded.
  window.payWithRedirect = () =>
    stripe.confirmPayment({ elements, confirmParams: { return_url: location.origin + '/done?order=7' } });
</script></body></html>`;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  const html = merchantPage(`${sandbox.url}/v3/`, sandbox.publishableKey);
  merchant = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  merchant.listen(0, 'localhost');
  await once(merchant, 'listening');
  merchantUrl = `http://localhost:${(merchant.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  page = await browser.newPage({ locale: 'en-US', reducedMotion: 'reduce' });
  page.on('console', (message) => consoleLines.push(message.text()));
});

afterAll(async () => {
  await browser?.close();
  merchant?.close();
  await sandbox?.close();
});

async function openCheckout(
  options: { locale?: string; appearance?: object } = {},
): Promise<{ frame: Frame }> {
  const intent = await sandbox.stripeClient().paymentIntents.create({
    amount: 1500,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
  });
  const query = new URLSearchParams({
    secret: intent.client_secret ?? '',
    locale: options.locale ?? 'en',
    appearance: JSON.stringify(options.appearance ?? {}),
  });
  consoleLines = [];
  await page.goto(`${merchantUrl}?${query}`);
  await page.waitForSelector('body[data-ready="true"]');
  const frame = page
    .frames()
    .find((candidate) => candidate.url().startsWith(`${sandbox.url}/_sandbox/elements/payment`));
  if (!frame) throw new Error('no Payment Element frame');
  return { frame };
}

describe('the Payment Element frame', () => {
  it('has real labels for card number, expiry, CVC, country and ZIP, with card autocomplete', async () => {
    const { frame } = await openCheckout();
    expect(await frame.getByLabel('Card number').getAttribute('autocomplete')).toBe('cc-number');
    expect(await frame.getByLabel('Expiration date').getAttribute('autocomplete')).toBe('cc-exp');
    expect(await frame.getByLabel('Security code').getAttribute('autocomplete')).toBe('cc-csc');
    expect(await frame.getByLabel('Country').inputValue()).toBe('US');
    expect(await frame.getByLabel('ZIP').getAttribute('autocomplete')).toBe('postal-code');
  });

  it('labels its fields in Spanish with locale es', async () => {
    const { frame } = await openCheckout({ locale: 'es' });
    await expect(frame.getByLabel('Número de tarjeta').count()).resolves.toBe(1);
    await expect(frame.getByLabel('Fecha de caducidad').count()).resolves.toBe(1);
    expect(await frame.getByLabel('Número de tarjeta').getAttribute('placeholder')).toBe(
      '1234 1234 1234 1234',
    );
    expect(await frame.locator('html').getAttribute('lang')).toBe('es');
  });

  it.each([
    ['de', 'Kartennummer', 'Ablaufdatum', 'Ihre Kartennummer ist ungültig.'],
    ['fr', 'Numéro de carte', 'Date d’expiration', 'Le numéro de votre carte est invalide.'],
    ['it', 'Numero della carta', 'Data di scadenza', 'Il numero della carta non è valido.'],
    ['nl', 'Kaartnummer', 'Vervaldatum', 'Je kaartnummer is ongeldig.'],
    ['pl', 'Numer karty', 'Data ważności', 'Numer karty jest nieprawidłowy.'],
    ['pt', 'Número do cartão', 'Data de validade', 'O número do cartão é inválido.'],
  ])(
    'labels its fields and words its errors in the widget’s locale %s',
    async (locale, number, expiry, invalid) => {
      const { frame } = await openCheckout({ locale });
      expect(await frame.locator('html').getAttribute('lang')).toBe(locale);
      await expect(frame.getByLabel(expiry).count()).resolves.toBe(1);
      await frame.getByLabel(number).click();
      await page.keyboard.type('4242424242424241');
      await expect(frame.locator('#number-error').textContent()).resolves.toBe(invalid);
    },
  );

  it("shows Stripe's messages under the field and marks it invalid: bad Luhn, past expiry, short CVC", async () => {
    const { frame } = await openCheckout();
    const number = frame.getByLabel('Card number');
    await number.click();
    await page.keyboard.type('4242424242424241');
    expect(await number.inputValue()).toBe('4242 4242 4242 4241');
    await expect(frame.locator('#number-error').textContent()).resolves.toBe('Your card number is invalid.');
    expect(await number.getAttribute('aria-invalid')).toBe('true');

    await frame.getByLabel('Expiration date').click();
    await page.keyboard.type('0120');
    await expect(frame.locator('#expiry-error').textContent()).resolves.toBe(
      "Your card's expiration year is in the past.",
    );
    await frame.getByLabel('Security code').click();
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    await expect(frame.locator('#cvc-error').textContent()).resolves.toBe(
      "Your card's security code is incomplete.",
    );
  });

  it('moves on from a complete number to the expiry and then the CVC as the buyer types', async () => {
    const { frame } = await openCheckout();
    await frame.getByLabel('Card number').click();
    await page.keyboard.type('42424242424242421234');
    expect(await frame.getByLabel('Expiration date').inputValue()).toBe('12 / 34');
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('cvc');
  });

  it('keeps the caret in place when the buyer edits the middle of the number', async () => {
    const { frame } = await openCheckout();
    const number = frame.getByLabel('Card number');
    await number.click();
    await page.keyboard.type('42424242');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('19');
    expect(await number.inputValue()).toBe('4242 1942 42');
    expect(await number.evaluate((input: HTMLInputElement) => input.selectionStart)).toBe(7);
  });

  it('follows appearance: theme night and the colorPrimary, colorBackground, colorText, fontFamily, borderRadius variables', async () => {
    const { frame } = await openCheckout({
      appearance: {
        theme: 'night',
        variables: {
          colorPrimary: 'rgb(255, 85, 0)',
          colorText: 'rgb(1, 2, 3)',
          fontFamily: 'monospace',
          borderRadius: '11px',
        },
      },
    });
    const number = frame.getByLabel('Card number');
    await number.click();
    const style = await number.evaluate((input) => {
      const computed = getComputedStyle(input);
      return {
        border: computed.borderTopColor,
        background: computed.backgroundColor,
        color: computed.color,
        font: computed.fontFamily,
        radius: computed.borderTopLeftRadius,
      };
    });
    expect(style).toEqual({
      border: 'rgb(255, 85, 0)',
      background: 'rgb(48, 49, 61)',
      color: 'rgb(1, 2, 3)',
      font: 'monospace',
      radius: '11px',
    });
  });

  it('redirects to return_url with the PaymentIntent and redirect_status=succeeded by default', async () => {
    const { frame } = await openCheckout();
    await frame.getByLabel('Card number').click();
    await page.keyboard.type('42424242424242421234123');
    await frame.getByLabel('ZIP').fill('10001');
    // Started without awaiting it: the page navigates away before confirmPayment could settle.
    await page.evaluate(() => {
      void (window as unknown as { payWithRedirect: () => Promise<unknown> }).payWithRedirect();
    });
    await page.waitForURL(/\/done\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/done');
    expect(url.searchParams.get('order')).toBe('7');
    expect(url.searchParams.get('redirect_status')).toBe('succeeded');
    const id = url.searchParams.get('payment_intent') ?? '';
    expect(url.searchParams.get('payment_intent_client_secret')).toMatch(new RegExp(`^${id}_secret_`));
    expect((await sandbox.stripeClient().paymentIntents.retrieve(id)).status).toBe('succeeded');
  });

  it('runs under its own strict CSP without a single violation, and keeps the card out of the page', async () => {
    const { frame } = await openCheckout();
    await frame.getByLabel('Card number').click();
    await page.keyboard.type('42424242424242421234123');
    await frame.getByLabel('ZIP').fill('10001');
    const csp = await (await page.request.get(`${sandbox.url}/_sandbox/elements/payment`)).headers();
    expect(csp['content-security-policy']).toContain("script-src 'self'");
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
    const html = await page.content();
    expect(html).not.toContain('4242424242424242');
    expect(html).not.toContain('4242 4242 4242 4242');
    expect(consoleLines.join('\n')).not.toContain('4242');
  });
});
