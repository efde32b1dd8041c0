/**
 * Pay by link, end to end on a phone: the merchant creates a request and sends its `url`; the buyer opens
 * CargoPay's hosted page (`/pay/pr_…`) in Chromium at 375 × 667 with touch, in their browser's language, pays
 * with the built widget against the real server process and the sandbox, and the page then shows the request
 * paid. The merchant's allowed origins name only its own site: the hosted page is let in as CargoPay's own page
 * for that request, not by the merchant's list. Screenshots of each final state go to `e2e/artifacts/`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium, pay, waitForState, widgetButton } from './support/browser.ts';
import { waitForStatus } from './support/journey.ts';
import { api, createMerchantWithCli, startStack, type CliMerchant, type Stack } from './support/stack.ts';

let stack: Stack;
let merchant: CliMerchant;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  merchant = createMerchantWithCli(stack, { name: 'Rhein Freight GmbH', origins: ['https://rhein.example'] });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A phone: 375 × 667 CSS pixels, touch, the buyer's language; CSP violations are collected, not ignored. */
async function phone(locale: string): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { page, cspViolations };
}

/** Nothing wider than the screen: the page never scrolls sideways. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('pay by link: the hosted page on a phone', () => {
  it('a buyer opens the link in German, pays with 4242, and the page then shows the shipment paid', async () => {
    const created = await api(stack.url, 'POST', '/v1/payment-requests', {
      key: merchant.apiKey,
      body: {
        amount: 18_950,
        currency: 'eur',
        reference: 'CMR-2026-0816',
        description: 'Road freight Duisburg → Lyon, 3 pallets',
        customer: { email: 'link-buyer@example.com', name: 'Berta Buyer' },
        carrier: { name: 'Rhein Freight' },
        receipt_email: true,
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = String(created.json.id);
    expect(created.json.url).toBe(`${stack.url}/pay/${id}`);

    const { page, cspViolations } = await phone('de-DE');
    const res = await page.goto(String(created.json.url));
    expect(res?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sendung CMR-2026-0816 bezahlen');
    expect(await page.locator('dl.shipment .amount').textContent()).toMatch(/189,50\s€/);
    await waitForState(page, 'ready');
    expect(await scrollsSideways(page)).toBe(false);
    // The shipment is listed once: the widget's own list gives way to the page's.
    expect(await page.locator('cargopay-checkout [part="summary"]').isVisible()).toBe(false);

    // Large targets: the pay button and every language link are at least 44 × 44 CSS pixels.
    const button = await widgetButton(page).boundingBox();
    expect(button?.height ?? 0).toBeGreaterThanOrEqual(44);
    for (const link of await page.locator('.langs a').all()) {
      const box = await link.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
    }
    await keepScreenshot(page, 'pay-link-phone-ready');

    await pay(page, { number: '4242424242424242' });
    await waitForState(page, 'succeeded');
    await waitForStatus(stack.url, merchant.apiKey, id, 'paid');

    // The link opened again shows the state, not a form; the switch turns it to English.
    await page.reload();
    await expect.poll(() => page.locator('.state').getAttribute('data-status')).toBe('paid');
    expect(await page.locator('.state').textContent()).toBe('Diese Sendung wurde bereits bezahlt.');
    expect(await page.locator('cargopay-checkout').count()).toBe(0);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\?lang=en$/);
    expect(await page.locator('.state').textContent()).toBe('This shipment has already been paid.');
    expect(await scrollsSideways(page)).toBe(false);
    await keepScreenshot(page, 'pay-link-phone-paid');
    expect(cspViolations).toEqual([]);
  });

  it('example shop: the carrier creates a link, copies it, and the buyer pays from it on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    const carrier = await context.newPage();
    await carrier.goto(`${stack.url}/example-shop/`);
    await carrier.getByRole('link', { name: 'Send a customer a payment link' }).click();
    await carrier.getByLabel("Customer's email").fill('link-customer@example.com');
    await carrier.getByRole('button', { name: 'Create payment link' }).click();
    await carrier.waitForURL(/\/example-shop\/link\/pr_/);
    const link = await carrier.locator('#pay-link').inputValue();
    expect(link).toMatch(new RegExp(`^${stack.url}/pay/pr_[0-9A-Za-z]{24}$`));
    await carrier.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => carrier.locator('.copied').textContent()).toBe('Link copied.');
    expect(await carrier.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const mailto = (await carrier.getByRole('link', { name: 'Email the link' }).getAttribute('href')) ?? '';
    expect(decodeURIComponent(mailto)).toContain(link);
    await keepScreenshot(carrier, 'pay-link-example-shop-link');
    await context.close();

    const { page, cspViolations } = await phone('es-ES');
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Pagar el envío NWF-/);
    await waitForState(page, 'ready');
    await pay(page, { number: '4242424242424242' });
    await waitForState(page, 'succeeded');
    expect(cspViolations).toEqual([]);
  });

  it('an unknown link answers a 404 page in the buyer’s language that fits the phone', async () => {
    const { page, cspViolations } = await phone('fr-FR');
    const res = await page.goto(`${stack.url}/pay/pr_000000000000000000000000`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lien de paiement introuvable');
    expect(await scrollsSideways(page)).toBe(false);
    await keepScreenshot(page, 'pay-link-phone-not-found');
    expect(cspViolations).toEqual([]);
  });
});
