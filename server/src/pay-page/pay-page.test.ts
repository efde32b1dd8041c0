import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, paymentRequestBody, startTestServer, type TestServer } from '../../test/harness.ts';
import { createMerchant } from '../merchants/service.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer({
    env: { RATE_LIMIT_API_PER_MINUTE: '1000', RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000' },
  });
  key = (await t.merchant()).apiKey;
});
afterAll(() => t.close());

const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const page = (path: string, headers: Record<string, string> = {}) =>
  t.request('GET', path, { headers: { ...browser, ...headers } });

async function create(overrides: Record<string, unknown> = {}, apiKey = key): Promise<string> {
  const res = await t.request('POST', '/v1/payment-requests', {
    key: apiKey,
    body: paymentRequestBody(overrides),
  });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

/** The attributes of every `<script>` tag of a page. */
const scriptTags = (html: string) => [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');

describe('the url of a payment request', () => {
  it('is the hosted page on the public URL, in every API answer', async () => {
    const created = await t.request('POST', '/v1/payment-requests', { key, body: paymentRequestBody() });
    const id = String(created.json.id);
    const url = `${t.config.publicUrl}/pay/${id}`;
    expect(created.json.url).toBe(url);
    expect((await t.request('GET', `/v1/payment-requests/${id}`, { key })).json.url).toBe(url);
    const list = await t.request('GET', '/v1/payment-requests?limit=100', { key });
    expect((list.json.data as { id: string; url: string }[]).find((p) => p.id === id)?.url).toBe(url);
    expect((await t.request('POST', `/v1/payment-requests/${id}/cancel`, { key })).json.url).toBe(url);
  });
});

describe('GET /pay/:id, the hosted payment page', () => {
  it('shows merchant, shipment and amount, and the widget from CargoPay’s own bundle', async () => {
    const id = await create({ carrier: { name: 'Rhine Haulage' } });
    const res = await page(`/pay/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain('<strong>Test Freight</strong>');
    expect(res.text).toContain('AWB-176-12345675');
    expect(res.text).toContain('Air freight Frankfurt → Madrid, 2 pallets');
    expect(res.text).toContain('Rhine Haulage');
    expect(res.text).toContain('€125.00');
    const base = t.config.publicUrl;
    expect(res.text).toContain(
      `<cargopay-checkout payment-request="${id}" api-base="${base}" locale="en"></cargopay-checkout>`,
    );
    expect(scriptTags(res.text)).toEqual([` src="${base}/widget/cargopay.js"`]);
    expect(res.text).toContain('name="viewport" content="width=device-width, initial-scale=1"');
  });

  it('is served under the strict page CSP with no inline script allowed at all', async () => {
    const res = await page(`/pay/${await create()}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc.split(' ')).toEqual([
      "'self'",
      'https://js.stripe.com',
      'https://*.js.stripe.com',
      t.sandbox.url,
    ]);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("base-uri 'self'");
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // Every script is a file; the stylesheet too.
    for (const attrs of scriptTags(res.text)) expect(attrs).toMatch(/ src="/);
    expect(res.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const css = await t.request('GET', '/pay/pay.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.text).toContain('min-height:44px');
  });

  it('speaks the buyer’s language from Accept-Language, with links to switch to any of the eight', async () => {
    const id = await create();
    const cases: [string, string][] = [
      ['de-DE,de;q=0.9,en;q=0.8', 'de'],
      ['sv, pt-BR;q=0.5, en;q=0.4', 'pt'],
      ['fr;q=0, es;q=0.3', 'es'],
      ['nl-BE', 'nl'],
      ['ja, zh;q=0.9', 'en'],
      ['', 'en'],
    ];
    for (const [header, locale] of cases) {
      const res = await page(`/pay/${id}`, header ? { 'accept-language': header } : {});
      expect(res.text, header).toContain(`<html lang="${locale}">`);
      expect(res.text, header).toContain(`locale="${locale}"`);
      expect(res.headers.get('content-language')).toBe(locale);
      expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
    }
    const german = await page(`/pay/${id}`, { 'accept-language': 'de' });
    expect(german.text).toContain('Sendung AWB-176-12345675 bezahlen');
    expect(german.text).toMatch(/125,00\s€/); // a no-break space, as German writes it
    expect(german.text).toContain('<strong>Test Freight</strong>');

    const links = [...german.text.matchAll(/<a href="\?lang=([a-z]{2})" lang="\1" hreflang="\1"/g)].map(
      (m) => m[1],
    );
    expect(links.sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt']);
    expect(german.text).toContain(
      '<a href="?lang=de" lang="de" hreflang="de" aria-current="true">Deutsch</a>',
    );

    // A picked language wins over the header; an unknown one is ignored.
    const polish = await page(`/pay/${id}?lang=pl`, { 'accept-language': 'de' });
    expect(polish.text).toContain('<html lang="pl">');
    expect(polish.text).toContain('Zapłać za przesyłkę AWB-176-12345675');
    expect(polish.text).toContain('aria-current="true">Polski</a>');
    const unknown = await page(`/pay/${id}?lang=xx`, { 'accept-language': 'it' });
    expect(unknown.text).toContain('<html lang="it">');
    const doubled = await page(`/pay/${id}?lang=fr&lang=de`, { 'accept-language': 'nl' });
    expect(doubled.text).toContain('<html lang="nl">');
  });

  it('escapes everything the merchant wrote', async () => {
    const evil = '<img src=x onerror="alert(1)">';
    const merchant = await createMerchant(
      t.store,
      { name: `Evil & "Sons" ${evil}`, origins: ['https://evil.example'], webhookUrl: null },
      false,
    );
    const id = await create(
      {
        reference: `REF-${evil}`,
        description: `</dd><script>alert('d')</script>`,
        carrier: { name: `Carrier '${evil}` },
      },
      merchant.apiKey,
    );
    for (const lang of ['en', 'fr']) {
      const res = await page(`/pay/${id}?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<img');
      expect(res.text).not.toContain("<script>alert('d')</script>");
      expect(scriptTags(res.text)).toHaveLength(1);
      expect(res.text).toContain(
        'Evil &amp; &quot;Sons&quot; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;',
      );
      expect(res.text).toContain('&lt;/dd&gt;&lt;script&gt;alert(&#39;d&#39;)&lt;/script&gt;');
      expect(res.text).toContain('Carrier &#39;&lt;img');
      expect(res.text).toMatch(/<title>[^<]*REF-&lt;img[^<]*<\/title>/);
    }
  });

  it('answers an unknown or malformed id with one HTML 404 page that names nothing', async () => {
    const unknown = 'pr_000000000000000000000000';
    const paths = [
      `/pay/${unknown}`,
      '/pay/pr_short',
      `/pay/${encodeURIComponent('pr_"><script>x</script>')}`,
      '/pay/%00',
      '/pay/pr_%E0%A4%A',
      '/pay/',
      `/pay/${unknown}/more`,
    ];
    const bodies = new Set<string>();
    for (const path of paths) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy'), path).toContain("object-src 'none'");
      expect(res.text).toContain('Payment link not found');
      expect(res.text).not.toMatch(/pr_0|pr_short|script>x|cargopay-checkout|Test Freight/);
      bodies.add(res.text);
    }
    expect(bodies.size).toBe(1);
    const german = await page(`/pay/${unknown}`, { 'accept-language': 'de' });
    expect(german.text).toContain('Zahlungslink nicht gefunden');
  });

  it('shows a canceled request’s state instead of the form', async () => {
    const id = await create();
    await t.request('POST', `/v1/payment-requests/${id}/cancel`, { key });
    const res = await page(`/pay/${id}`, { 'accept-language': 'es' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-status="canceled"');
    expect(res.text).toContain(
      'Esta solicitud de pago se canceló. Pide al comercio un nuevo enlace de pago.',
    );
    expect(res.text).not.toContain('<cargopay-checkout');
    expect(scriptTags(res.text)).toEqual([]);
  });

  it('expires a request past its expiry on view and says so', async () => {
    const id = await create({ expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await page(`/pay/${id}`)).text).toContain('<cargopay-checkout');
    t.clock.offsetMs = 2 * 3_600_000;
    try {
      const res = await page(`/pay/${id}`);
      expect(res.text).toContain('data-status="expired"');
      expect(res.text).toContain('This payment request has expired.');
      expect(res.text).not.toContain('<cargopay-checkout');
      expect((await t.store.paymentRequests.get(id))?.status).toBe('expired');
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it('shows a paid request as paid, and an authorized one as authorized', async () => {
    const paid = await create();
    const held = await create({ capture: 'manual' });
    for (const id of [paid, held]) {
      const intent = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
      await pay(t, String(intent.json.payment_intent));
    }
    await waitFor(async () => (await t.store.paymentRequests.get(paid))?.status === 'paid', 5_000, 'paid');
    await waitFor(
      async () => (await t.store.paymentRequests.get(held))?.status === 'authorized',
      5_000,
      'authorized',
    );
    const res = await page(`/pay/${paid}`, { 'accept-language': 'it' });
    expect(res.text).toContain('data-status="paid"');
    expect(res.text).toContain('Questa spedizione è già stata pagata.');
    expect(res.text).not.toContain('<cargopay-checkout');
    const hold = await page(`/pay/${held}`);
    expect(hold.text).toContain('data-status="authorized"');
    expect(hold.text).toContain('Test Freight charges the final amount');
    expect(hold.text).not.toContain('<cargopay-checkout');
  });
});

describe('the checkout API from CargoPay’s own payment page', () => {
  const own = () => new URL(t.config.publicUrl).origin;
  const summary = (id: string, headers: Record<string, string>) =>
    t.request('GET', `/v1/checkout/${id}`, { headers });

  it('lets exactly that request’s pay page use any merchant’s request, whatever its allowed origins', async () => {
    const id = await create();
    const res = await summary(id, { origin: own(), referer: `${t.config.publicUrl}/pay/${id}?lang=de` });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(own());
    const intent = await t.request('POST', `/v1/checkout/${id}/intent`, {
      body: intentBody,
      headers: { origin: own(), referer: `${t.config.publicUrl}/pay/${id}` },
    });
    expect(intent.status).toBe(200);
    expect(String(intent.json.payment_intent)).toMatch(/^pi_/);
  });

  it('refuses CargoPay’s origin from any other page, and look-alike origins', async () => {
    const id = await create();
    const other = await create();
    const refused: Record<string, string>[] = [
      { origin: own(), referer: `${t.config.publicUrl}/pay/${other}` },
      { origin: own(), referer: `${t.config.publicUrl}/docs/` },
      { origin: own(), referer: `${t.config.publicUrl}/example-shop/pay/${id}` },
      { origin: own() },
      { origin: 'https://evil.example', referer: `${t.config.publicUrl}/pay/${id}` },
      { origin: `${own()}.evil.example`, referer: `${t.config.publicUrl}/pay/${id}` },
      { origin: 'null', referer: `${t.config.publicUrl}/pay/${id}` },
    ];
    for (const headers of refused) {
      const res = await summary(id, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json.type).toBe('urn:cargopay:problem:origin-not-allowed');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('receipt_email', () => {
  const intentOf = async (id: string) => {
    const res = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
    return t.sandbox.stripeClient().paymentIntents.retrieve(String(res.json.payment_intent));
  };

  it('asks Stripe to e-mail the receipt to the customer when true, and keeps it through the payment', async () => {
    const created = await t.request('POST', '/v1/payment-requests', {
      key,
      body: paymentRequestBody({ receipt_email: true }),
    });
    expect(created.json.receipt_email).toBe(true);
    const id = String(created.json.id);
    const intent = await intentOf(id);
    expect(intent.receipt_email).toBe('buyer@example.com');
    await pay(t, intent.id);
    const after = await t.sandbox
      .stripeClient()
      .paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(after.status).toBe('succeeded');
    expect(after.receipt_email).toBe('buyer@example.com');
    expect((after.latest_charge as { receipt_email: string | null }).receipt_email).toBe('buyer@example.com');
  });

  it('leaves receipts to the merchant by default', async () => {
    const created = await t.request('POST', '/v1/payment-requests', { key, body: paymentRequestBody() });
    expect(created.json.receipt_email).toBe(false);
    expect((await intentOf(String(created.json.id))).receipt_email).toBeNull();
  });

  it('refuses anything but a boolean', async () => {
    const res = await t.request('POST', '/v1/payment-requests', {
      key,
      body: paymentRequestBody({ receipt_email: 'yes' }),
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.errors)).toContain('receipt_email');
  });
});

describe('the widget script on the hosted page', () => {
  it('carries the build’s Subresource Integrity hash, as merchants load it', async () => {
    const integrity = 'sha384-tq2ksydSYXfWA7e4M4DpZ68c9QMg2jxex9d4jU09WiAfi4vdOFac9ttZ4fIySEck';
    mkdirSync(join(t.config.distDir, 'widget'), { recursive: true });
    writeFileSync(
      join(t.config.distDir, 'widget', 'manifest.json'),
      JSON.stringify({ files: [{ name: 'cargopay.js', size: 1, gzip: 1, integrity }] }),
    );
    const res = await page(`/pay/${await create()}`);
    expect(scriptTags(res.text)).toEqual([
      ` src="${t.config.publicUrl}/widget/cargopay.js" integrity="${integrity}" crossorigin="anonymous"`,
    ]);
  });
});
