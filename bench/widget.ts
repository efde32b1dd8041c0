import { api, createMerchantWithCli, type Stack } from '../e2e/support/stack.ts';
import { launchChromium, paymentFrame } from '../e2e/support/browser.ts';
import { startMerchantSite } from '../e2e/support/merchant-site.ts';

/**
 * Time to `cargopay-ready`: `runs` page loads, each in a fresh Chromium profile (nothing cached), of a
 * merchant page on its own origin embedding the built widget from `stack`; from navigation start to the
 * event, in milliseconds.
 */
export async function timeToReady(stack: Stack, runs: number): Promise<number[]> {
  const site = await startMerchantSite(stack.url);
  const merchant = createMerchantWithCli(stack, { name: 'Bench Freight', origins: [site.origin] });
  await api(stack.url, 'POST', '/v1/settings/risk', {
    key: merchant.apiKey,
    body: {
      velocity: { per_ip: { limit: 10_000 }, per_device: { limit: 10_000 }, per_email: { limit: 10_000 } },
    },
  });
  const browser = await launchChromium();
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const created = await api(stack.url, 'POST', '/v1/payment-requests', {
        key: merchant.apiKey,
        body: {
          amount: 9_900,
          currency: 'eur',
          reference: `READY-${run}`,
          description: 'Road freight',
          customer: { email: 'buyer@example.com', name: 'Buyer' },
        },
      });
      if (created.status !== 201) throw new Error(`payment request: ${created.status} ${created.text}`);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        document.addEventListener('cargopay-ready', () => {
          (window as unknown as { readyAt: number }).readyAt = performance.now();
        });
      });
      await page.goto(site.payUrl(String(created.json.id)));
      await page.waitForFunction(
        () => (window as unknown as { readyAt?: number }).readyAt !== undefined,
        null,
        {
          timeout: 30_000,
        },
      );
      await paymentFrame(page);
      times.push(await page.evaluate(() => (window as unknown as { readyAt: number }).readyAt));
      await context.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return times;
}
