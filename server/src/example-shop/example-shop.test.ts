import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { createApp } from '../app.ts';
import { ensureExampleMerchant } from './merchant.ts';
import { priceCents } from './quote.ts';

describe('example shop', () => {
  let t: TestServer;
  let shopUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    t = await startTestServer({ registerWebhook: false, workers: false });
    const merchantId = await ensureExampleMerchant(t.store, ['http://127.0.0.1']);
    const app = createApp(t.config, {
      store: t.store,
      stripe: t.app.context.stripe,
      vies: t.app.context.vies,
      logger: t.app.context.logger,
      exampleShopMerchantId: merchantId,
    });
    const server = app.express.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    shopUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/example-shop`;
    close = () => new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(async () => {
    await close();
    await t.close();
  });

  it('prices a quote on the server, creates a payment request, and embeds the widget for it', async () => {
    const form = new URLSearchParams({
      from: 'Rotterdam',
      to: 'Milano',
      weight_kg: '150',
      service: 'express',
      name: 'Ada',
      email: 'ada@example.com',
    });
    const res = await fetch(`${shopUrl}/quote`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const id = /pr_[0-9A-Za-z]{24}/.exec(location)?.[0] ?? '';
    const pr = await t.store.paymentRequests.get(id);
    expect(pr?.amount).toBe(priceCents({ weight_kg: 150, service: 'express' }));
    expect(pr?.currency).toBe('eur');
    const page = await fetch(new URL(location, shopUrl));
    const html = await page.text();
    expect(html).toContain(`<cargopay-checkout payment-request="${id}"`);
    expect(html).toContain('src="/widget/cargopay.js"');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self' https://js.stripe.com");
  });

  it('re-shows the form with the problems for a bad quote, creating nothing', async () => {
    const form = new URLSearchParams({
      from: 'R',
      to: '',
      weight_kg: '-3',
      service: 'teleport',
      name: '',
      email: 'x',
    });
    const res = await fetch(`${shopUrl}/quote`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('role="alert"');
  });

  it('refuses a card number typed into the quote form', async () => {
    const form = new URLSearchParams({
      from: '4242 4242 4242 4242',
      to: 'Milano',
      weight_kg: '1',
      service: 'standard',
      name: 'A',
      email: 'a@example.com',
    });
    const res = await fetch(`${shopUrl}/quote`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { type: string }).type).toBe('urn:cargopay:problem:card-data-refused');
  });

  it('refuses a control character in a quote field with 400, naming the field', async () => {
    const form = new URLSearchParams({
      from: 'Rotterdam\u0000',
      to: 'Milano',
      weight_kg: '1',
      service: 'standard',
      name: 'A\u001b[31m',
      email: 'a@example.com',
    });
    const res = await fetch(`${shopUrl}/quote`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/from: contains a control character/);
    expect(html).toMatch(/name: contains a control character/);
  });

  it('lets the carrier send a payment link: copy it or e-mail it, with the receipt from Stripe when asked', async () => {
    const form = await fetch(`${shopUrl}/send-link`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('action="/example-shop/send-link"');
    const body = new URLSearchParams({
      from: 'Rotterdam',
      to: 'Milano',
      weight_kg: '300',
      service: 'standard',
      name: 'Ada <Lovelace>',
      email: 'ada+freight@example.com',
      receipt_email: 'on',
    });
    const res = await fetch(`${shopUrl}/send-link`, { method: 'POST', body, redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/example-shop\/link\/pr_[0-9A-Za-z]{24}$/);
    const id = /pr_[0-9A-Za-z]{24}/.exec(location)?.[0] ?? '';
    const pr = await t.store.paymentRequests.get(id);
    expect(pr?.amount).toBe(priceCents({ weight_kg: 300, service: 'standard' }));
    expect(pr?.receiptEmail).toBe(true);

    const page = await fetch(new URL(location, shopUrl));
    const html = await page.text();
    const link = `${t.config.publicUrl}/pay/${id}`;
    expect(html).toContain(`<input id="pay-link" readonly value="${link}">`);
    expect(html).toContain('<button type="button" data-copy="pay-link">Copy link</button>');
    expect(html).toContain('<script src="/example-shop/copy-link.js"></script>');
    expect(html).toContain('Ada &lt;Lovelace&gt;');
    const mailto = /href="(mailto:[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const mail = new URL(mailto);
    expect(decodeURIComponent(mail.pathname)).toBe('ada+freight@example.com');
    expect(mail.searchParams.get('subject')).toBe(`Payment link for shipment ${pr?.reference}`);
    expect(mail.searchParams.get('body')).toContain(`\n${link}\n`);
    const script = await fetch(`${shopUrl}/copy-link.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('navigator.clipboard.writeText');

    const plain = new URLSearchParams(body);
    plain.delete('receipt_email');
    const second = await fetch(`${shopUrl}/send-link`, { method: 'POST', body: plain, redirect: 'manual' });
    const secondId = /pr_[0-9A-Za-z]{24}/.exec(second.headers.get('location') ?? '')?.[0] ?? '';
    expect((await t.store.paymentRequests.get(secondId))?.receiptEmail).toBe(false);
  });

  it('re-shows the link form with the problems for a bad quote', async () => {
    const body = new URLSearchParams({
      from: 'R',
      to: 'Milano',
      weight_kg: '1',
      service: 'standard',
      name: 'A',
      email: 'x',
    });
    const res = await fetch(`${shopUrl}/send-link`, { method: 'POST', body, redirect: 'manual' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('action="/example-shop/send-link"');
  });

  it('answers a post that is no form at all with the form again, never a 5xx', async () => {
    for (const path of ['/quote', '/send-link']) {
      const res = await fetch(`${shopUrl}${path}`, { method: 'POST', redirect: 'manual' });
      expect(res.status, path).toBe(422);
      expect(await res.text()).toContain('role="alert"');
    }
  });

  it('answers a link page for an unknown request with 404', async () => {
    const res = await fetch(`${shopUrl}/link/pr_000000000000000000000000`);
    expect(res.status).toBe(404);
  });

  it('prices more weight higher and express above standard', () => {
    expect(priceCents({ weight_kg: 10, service: 'standard' })).toBeLessThan(
      priceCents({ weight_kg: 20, service: 'standard' }),
    );
    expect(priceCents({ weight_kg: 10, service: 'express' })).toBeGreaterThan(
      priceCents({ weight_kg: 10, service: 'standard' }),
    );
  });
});
