/**
 * The first run, as a newcomer meets it: `npm start` with nothing configured (no PUBLIC_URL) prints a list of
 * addresses; every one of them answers, and the example shop takes a payment whichever loopback spelling the
 * newcomer types (`127.0.0.1`, as printed, or `localhost`).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { payOnExampleShop } from './support/journey.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ env: { PUBLIC_URL: '' } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The start-up listing: the lines from "CargoPay is listening on" to the last address. */
function printedListing(): string {
  const output = stack.output();
  return output.slice(output.lastIndexOf('CargoPay is listening on'));
}

describe('the first run: every address npm start prints works', () => {
  it('prints one spelling of its own address, and each printed address answers as documented', async () => {
    const listing = printedListing();
    expect(listing.split('\n')[0]).toBe(`CargoPay is listening on ${stack.url}`);
    const urls = [...listing.matchAll(/https?:\/\/[^\s()]+/g)].map((m) => m[0]);
    // Templates (…/:id) stand for addresses the API hands out; the others are opened as printed.
    const concrete = urls.filter((u) => !u.includes('/:'));
    expect(concrete.length).toBeGreaterThanOrEqual(9);
    for (const url of concrete) expect(new URL(url).hostname, url).toBe('127.0.0.1');
    const answers: string[] = [];
    for (const url of concrete) {
      // The webhook address takes Stripe's signed POSTs; everything else is opened with a GET.
      const webhook = url.endsWith('/v1/webhooks/stripe');
      const res = await fetch(url, webhook ? { method: 'POST', body: '{}' } : {});
      answers.push(`${res.status} ${url}`);
    }
    for (const answer of answers) expect(answer).not.toMatch(/^(404|5\d\d) /);
    const status = (suffix: string) => answers.find((a) => a.endsWith(suffix))?.split(' ')[0];
    for (const page of ['/', '/widget/cargopay.js', '/example-shop/', '/healthz', '/readyz', '/metrics']) {
      expect(status(`${stack.url}${page}`), page).toBe('200');
    }
    expect(status('/v1/payment-requests')).toBe('401');
    expect(status('/v1/webhooks/stripe')).toBe('400');
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`the example shop opened at ${host} takes a payment with 4242`, async () => {
      const page = await browser.newPage();
      try {
        await payOnExampleShop(page, `http://${host}:${stack.port}`, stack.url);
      } finally {
        await page.close();
      }
    });
  }
});
