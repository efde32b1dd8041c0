/**
 * A dispute answered in the buyer's and the merchant's own languages, end to end: a Polish buyer pays in Chromium
 * (the built widget on a merchant page, the real server process, the sandbox) with the card that is disputed as
 * "not received"; the communication log was kept in Greek and the policies in Polish. The evidence files
 * CargoPay uploads are read back from the sandbox's Files API, as the card issuer would receive them, and their
 * text is extracted with a PDF reader (pdf.js through unpdf): every name, address and message comes back as
 * written.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import { extract } from '../server/src/disputes/test-helpers.ts';
import { stripeClient } from '../server/src/stripe/link.ts';
import { keepScreenshot, launchChromium, pay, waitForState } from './support/browser.ts';
import { startMerchantSite, type MerchantSite } from './support/merchant-site.ts';
import { createRequest, waitForAnsweredDispute } from './support/journey.ts';
import { api, createMerchantWithCli, startStack, type CliMerchant, type Stack } from './support/stack.ts';

let stack: Stack;
let site: MerchantSite;
let merchant: CliMerchant;
let browser: Browser;
let stripe: Stripe;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  site = await startMerchantSite(stack.url);
  merchant = createMerchantWithCli(stack, { name: 'Fracht Polska Sp. z o.o.', origins: [site.origin] });
  const sandbox = new URL(stack.sandboxUrl);
  stripe = stripeClient(SANDBOX_SECRET_KEY, {
    host: sandbox.hostname,
    port: Number(sandbox.port),
    protocol: 'http',
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await site?.close();
  await stack?.close();
});

const GREEK_LOG = [
  ['inbound', 'Καλημέρα, η παλέτα δεν έφτασε ακόμη στην Αθήνα. Πού βρίσκεται η αποστολή;'],
  ['outbound', 'Η αποστολή παραδόθηκε στις 12 Νοεμβρίου και υπογράφηκε από τον Λουκά Βρόμπελ.'],
  ['inbound', 'Ευχαριστώ· βρήκα το δελτίο παράδοσης. Ζητώ συγγνώμη για την ταλαιπωρία!'],
] as const;

const POLISH_POLICIES = {
  service_description: 'Przewóz lotniczy od drzwi do drzwi z podpisanym potwierdzeniem odbioru.',
  terms: 'Przewóz zgodnie z Konwencją montrealską; reklamacje w ciągu 14 dni od doręczenia.',
  refund_policy: 'Pełny zwrot, jeśli przesyłka nie zostanie odebrana; żadnego zwrotu po doręczeniu.',
};

/** An evidence file as uploaded to the sandbox, as text a PDF reader extracts from it. */
async function uploadedText(fileId: string): Promise<string> {
  const res = await fetch(`${stack.sandboxUrl}/v1/files/${fileId}/contents`, {
    headers: { authorization: `Bearer ${SANDBOX_SECRET_KEY}` },
  });
  expect(res.status).toBe(200);
  return (await extract(new Uint8Array(await res.arrayBuffer()))).text;
}

describe('a dispute with a Polish buyer and a Greek message log', () => {
  it('is answered with evidence whose PDFs read back with every Polish and Greek character', async () => {
    const id = await createRequest(stack.url, merchant.apiKey, {
      amount: 120_000,
      reference: 'AWB-020-1234 5675',
      description: 'Fracht lotniczy Łódź → Ateny, 2 palety',
      customer: { email: 'lukasz.wrobel@example.com', name: 'Łukasz Wróbel' },
      carrier: { name: 'LOT Cargo' },
    });
    const evidence = [
      [
        'shipment',
        {
          carrier: 'LOT Cargo',
          tracking_number: 'LO-7731-0042',
          shipped_at: '2026-11-10T08:00:00Z',
          delivered_at: '2026-11-12T15:30:00Z',
          delivery_address: {
            line1: 'ul. Piotrkowska 104',
            postal_code: '90-926',
            city: 'Łódź',
            country: 'PL',
          },
          recipient: { name: 'Łukasz Wróbel', signed_by: 'Ł. Wróbel' },
        },
      ],
      ['policies', POLISH_POLICIES],
      ...GREEK_LOG.map(
        ([direction, text], i) =>
          ['messages', { channel: 'email', direction, at: `2026-11-1${3 + i}T09:00:00Z`, text }] as const,
      ),
    ] as const;
    for (const [what, body] of evidence) {
      const res = await api(stack.url, 'POST', `/v1/payment-requests/${id}/${what}`, {
        key: merchant.apiKey,
        body,
      });
      expect(res.status, `${what}: ${res.text}`).toBeLessThan(300);
    }

    const context = await browser.newContext({ locale: 'pl-PL', viewport: { width: 800, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(site.payUrl(id));
    await waitForState(page, 'ready');
    // The sandbox's test card that pays and is then disputed as "product not received".
    await pay(page, { number: '4000000000002685' });
    await waitForState(page, 'succeeded');
    await keepScreenshot(page, 'dispute-languages-payment');

    const answered = await waitForAnsweredDispute(stack.url, merchant.apiKey, id);
    expect(answered, `${JSON.stringify(answered)}\n${stack.output().slice(-4000)}`).toMatchObject({
      reason: 'product_not_received',
      response: 'submitted',
    });

    // What the issuer gets: the dispute's evidence at Stripe (the sandbox) and the files it points to.
    const dispute = await stripe.disputes.retrieve(String(answered.id));
    expect(dispute.evidence.customer_name).toBe('Łukasz Wróbel');
    expect(dispute.evidence.shipping_address).toContain('90-926 Łódź');
    const file = (field: keyof Stripe.Dispute.Evidence) => {
      const value = dispute.evidence[field];
      expect(typeof value, String(field)).toBe('string');
      return uploadedText(String(value));
    };

    const log = await file('customer_communication');
    expect(log).toContain('between Fracht Polska Sp. z o.o. and Łukasz Wróbel');
    for (const [direction, text] of GREEK_LOG) {
      expect(log).toContain(text);
      expect(log).toContain(direction === 'inbound' ? 'from Łukasz Wróbel' : 'from Fracht Polska Sp. z o.o.');
    }
    expect(log).toContain('Merchant: Fracht Polska Sp. z o.o.');
    expect(log).toContain('Page 1 of 1');

    const service = await file('service_documentation');
    expect(service).toContain('Fracht lotniczy Łódź → Ateny, 2 palety');
    expect(service).toContain('to ul. Piotrkowska 104, 90-926 Łódź, PL');
    expect(service).toContain(POLISH_POLICIES.service_description);
    expect(service).toContain(POLISH_POLICIES.terms);
    expect(await file('refund_policy')).toContain(POLISH_POLICIES.refund_policy);
  });
});
