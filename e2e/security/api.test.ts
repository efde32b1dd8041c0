/**
 * What an attacker can try against a running server process (`node server/src/main.ts`, sandbox inside):
 * forged, expired and replayed webhook signatures; amounts, currencies and accounts slipped in from the
 * browser; one merchant's key on another merchant's data; reading the API from a foreign origin; generated
 * bodies for every endpoint that takes one; and the response headers the docs promise.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, FULL, postEvent, sandboxClient, stripeSignature } from '../support/attacker.ts';
import {
  api,
  createMerchantWithCli,
  LIFTED_RATE_LIMITS,
  poll,
  startStack,
  type CliMerchant,
  type Stack,
} from '../support/stack.ts';

let stack: Stack;
let a: CliMerchant;
let b: CliMerchant;
const SHOP = 'https://shop-a.example';
const intentBody = { device_id: 'device-security-1', signals: { ready_to_submit_ms: 900, attempts: 1 } };

beforeAll(async () => {
  // Limits out of the way here (rate-limits.test.ts has its own server with tight ones).
  stack = await startStack({
    logLevel: 'warn',
    env: LIFTED_RATE_LIMITS,
  });
  a = createMerchantWithCli(stack, { name: 'Merchant A', origins: [SHOP] });
  b = createMerchantWithCli(stack, { name: 'Merchant B', origins: ['https://shop-b.example'] });
  for (const m of [a, b]) {
    await api(stack.url, 'POST', '/v1/settings/risk', { key: m.apiKey, body: { enabled: false } });
  }
});
afterAll(() => stack?.close());

async function createRequest(key: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api(stack.url, 'POST', '/v1/payment-requests', {
    key,
    body: {
      amount: 25_000,
      currency: 'eur',
      reference: 'AWB-176-99887766',
      description: 'Air freight Madrid → Oslo',
      customer: { email: 'buyer@example.com', name: 'Berta Buyer' },
      ...overrides,
    },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.json.id);
}

const intentObject = (pi: string, pr: string) => ({
  id: pi,
  object: 'payment_intent',
  amount: 25_000,
  currency: 'eur',
  status: 'succeeded',
  metadata: { payment_request: pr },
  last_payment_error: null,
});

const statusOf = async (id: string, key = a.apiKey) =>
  String((await api(stack.url, 'GET', `/v1/payment-requests/${id}`, { key })).json.status);

describe('Stripe webhook signatures', () => {
  it('a body signed with another secret is refused and changes nothing', async () => {
    const id = await createRequest(a.apiKey);
    const payload = eventPayload('payment_intent.succeeded', intentObject('pi_forged000001', id));
    const res = await postEvent(stack.url, payload, 'whsec_not_the_real_secret');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe(
      'urn:cargopay:problem:webhook-signature-invalid',
    );
    expect(await statusOf(id)).toBe('open');
  });

  it('a correctly signed body with a byte changed afterwards is refused', async () => {
    const id = await createRequest(a.apiKey);
    const payload = eventPayload('payment_intent.succeeded', intentObject('pi_forged000002', id));
    const signature = stripeSignature(payload, stack.webhookSecret);
    const res = await postEvent(stack.url, payload.replace('25000', '25001'), stack.webhookSecret, {
      signature,
    });
    expect(res.status).toBe(400);
    expect(await statusOf(id)).toBe('open');
  });

  it('a signature older than 300 s (an expired or replayed capture) is refused', async () => {
    const id = await createRequest(a.apiKey);
    const payload = eventPayload('payment_intent.succeeded', intentObject('pi_expired00001', id));
    const old = Math.floor(Date.now() / 1000) - 301;
    const res = await postEvent(stack.url, payload, stack.webhookSecret, { timestamp: old });
    expect(res.status).toBe(400);
    expect(await statusOf(id)).toBe('open');
  });

  it('a missing or garbage Stripe-Signature header is refused', async () => {
    const payload = eventPayload('payment_intent.succeeded', { id: 'pi_x' });
    for (const signature of [
      '',
      't=abc',
      'v1=00',
      `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
    ]) {
      const res = await postEvent(stack.url, payload, stack.webhookSecret, { signature });
      expect(res.status, signature).toBe(400);
    }
  });

  it('a replay within the tolerance is acknowledged as a duplicate and applied once', async () => {
    const id = await createRequest(a.apiKey);
    const payload = eventPayload('payment_intent.succeeded', intentObject('pi_replayed0001', id));
    const first = await postEvent(stack.url, payload, stack.webhookSecret);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await postEvent(stack.url, payload, stack.webhookSecret);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    await poll(async () => (await statusOf(id)) === 'paid', 15_000, 'the request to be paid');
    const events = await api(stack.url, 'GET', `/v1/events?payment_request=${id}&limit=100`, {
      key: a.apiKey,
    });
    const types = (events.json.data as { type: string }[]).map((e) => e.type);
    expect(types.filter((t) => t === 'payment_request.paid')).toHaveLength(1);
  });
});

describe('tampering from the browser', () => {
  it('an intent request carrying amount, currency or a Stripe account is refused', async () => {
    const id = await createRequest(a.apiKey);
    for (const extra of [
      { amount: 1 },
      { currency: 'usd' },
      { stripe_account: 'acct_1AttackerAccount' },
      { transfer_data: { destination: 'acct_1AttackerAccount' } },
      { application_fee_amount: 24_999 },
    ]) {
      const res = await api(stack.url, 'POST', `/v1/checkout/${id}/intent`, {
        body: { ...intentBody, ...extra },
        headers: { origin: SHOP },
      });
      expect(res.status, JSON.stringify(extra)).toBe(422);
    }
  });

  it('query parameters are ignored: the PaymentIntent has the amount and currency the merchant set', async () => {
    const id = await createRequest(a.apiKey, { amount: 25_000, currency: 'eur' });
    const res = await api(
      stack.url,
      'POST',
      `/v1/checkout/${id}/intent?amount=1&currency=usd&stripe_account=acct_1AttackerAccount`,
      { body: intentBody, headers: { origin: SHOP } },
    );
    expect(res.status, res.text).toBe(200);
    const intent = await sandboxClient(stack.sandboxUrl).paymentIntents.retrieve(
      String(res.json.payment_intent),
    );
    expect(intent.amount).toBe(25_000);
    expect(intent.currency).toBe('eur');
    expect(intent.transfer_data ?? null).toBeNull();
    expect(intent.metadata.payment_request).toBe(id);
  });

  it('the checkout summary exposes no secret, no customer data and nothing writable', async () => {
    const id = await createRequest(a.apiKey);
    const res = await api(stack.url, 'GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/sk_(test|live)_|whsec_|cp_(test|live)_|buyer@example\.com|Berta/);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const other = await api(stack.url, method, `/v1/checkout/${id}`, {
        body: { amount: 1 },
        headers: { origin: SHOP },
      });
      expect(other.status, method).toBeGreaterThanOrEqual(400);
      expect(other.status, method).toBeLessThan(500);
    }
  });
});

describe("one merchant's key against another merchant's requests", () => {
  it('cannot read, list, cancel, annotate or inspect them', async () => {
    const id = await createRequest(a.apiKey);
    const key = b.apiKey;
    expect((await api(stack.url, 'GET', `/v1/payment-requests/${id}`, { key })).status).toBe(404);
    expect((await api(stack.url, 'POST', `/v1/payment-requests/${id}/cancel`, { key })).status).toBe(404);
    expect((await api(stack.url, 'GET', `/v1/payment-requests/${id}/risk`, { key })).status).toBe(404);
    expect((await api(stack.url, 'GET', `/v1/payment-requests/${id}/evidence`, { key })).status).toBe(404);
    const shipment = await api(stack.url, 'POST', `/v1/payment-requests/${id}/shipment`, {
      key,
      body: { carrier: 'X', tracking_number: 'Y' },
    });
    expect(shipment.status).toBe(404);
    const list = await api(stack.url, 'GET', '/v1/payment-requests?limit=100', { key });
    expect((list.json.data as { id: string }[]).map((p) => p.id)).not.toContain(id);
    const events = await api(stack.url, 'GET', `/v1/events?payment_request=${id}`, { key });
    expect(events.status === 404 || (events.json.data as unknown[]).length === 0).toBe(true);
    expect(await statusOf(id)).toBe('open');
  });

  it('a missing, malformed or revoked-looking key gets 401', async () => {
    for (const authorization of ['', 'Bearer ', 'Bearer cp_test_nope', `Basic ${a.apiKey}`, a.apiKey]) {
      const res = await api(stack.url, 'GET', '/v1/payment-requests', { headers: { authorization } });
      expect(res.status, authorization.slice(0, 12)).toBe(401);
    }
  });
});

describe('CORS from a foreign origin', () => {
  it('the checkout API answers a foreign origin with 403 and no CORS headers, preflight included', async () => {
    const id = await createRequest(a.apiKey);
    const evil = 'https://evil.example';
    const get = await api(stack.url, 'GET', `/v1/checkout/${id}`, { headers: { origin: evil } });
    expect(get.status).toBe(403);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${stack.url}/v1/checkout/${id}/intent`, {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const intent = await api(stack.url, 'POST', `/v1/checkout/${id}/intent`, {
      body: intentBody,
      headers: { origin: evil },
    });
    expect(intent.status).toBe(403);
    expect(intent.headers.get('access-control-allow-origin')).toBeNull();
    const own = await api(stack.url, 'GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(own.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it('the merchant API never answers CORS, even with a valid key', async () => {
    const res = await api(stack.url, 'GET', '/v1/payment-requests', {
      key: a.apiKey,
      headers: { origin: SHOP },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('response headers match the policy the docs publish (security page, control "security-headers")', () => {
  it('API answers: deny-all CSP, nosniff, no referrer, no X-Powered-By, no caching of checkout data', async () => {
    const id = await createRequest(a.apiKey);
    for (const res of [
      await api(stack.url, 'GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } }),
      await api(stack.url, 'GET', '/v1/payment-requests', { key: a.apiKey }),
      await api(stack.url, 'GET', '/v1/nothing-here'),
      await api(stack.url, 'GET', '/healthz'),
    ]) {
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    const summary = await api(stack.url, 'GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(summary.headers.get('cache-control')).toBe('no-store');
  });

  it('Cross-Origin-Resource-Policy: same-origin on the merchant API, ops and pages; cross-origin only on the widget script and the checkout API', async () => {
    const id = await createRequest(a.apiKey);
    const corp = async (path: string, o: Parameters<typeof api>[3] = {}) =>
      (await api(stack.url, 'GET', path, o)).headers.get('cross-origin-resource-policy');
    expect(await corp('/v1/payment-requests', { key: a.apiKey })).toBe('same-origin');
    expect(await corp('/v1/events', { key: a.apiKey })).toBe('same-origin');
    expect(await corp('/v1/payment-requests')).toBe('same-origin');
    expect(await corp('/v1/nothing-here')).toBe('same-origin');
    expect(await corp('/healthz')).toBe('same-origin');
    for (const page of ['/', '/security/', '/example-shop/', `/pay/${id}`])
      expect(await corp(page), page).toBe('same-origin');
    expect(await corp('/widget/cargopay.js')).toBe('cross-origin');
    expect(await corp(`/v1/checkout/${id}`, { headers: { origin: SHOP } })).toBe('cross-origin');
  });

  it('pages: a Permissions-Policy that turns off camera, microphone, location, sensors and device ports, and allows payment only for this origin and Stripe', async () => {
    const id = await createRequest(a.apiKey);
    for (const path of ['/', '/security/', '/example-shop/', `/pay/${id}`]) {
      const res = await fetch(`${stack.url}${path}`);
      const policy = new Map(
        (res.headers.get('permissions-policy') ?? '').split(',').map((d) => {
          const [name = '', value = ''] = d.trim().split('=');
          return [name, value] as const;
        }),
      );
      for (const feature of ['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'bluetooth']) {
        expect(policy.get(feature), `${path} ${feature}`).toBe('()');
      }
      expect(policy.get('payment'), path).toBe(`(self "https://js.stripe.com" "${stack.sandboxUrl}")`);
    }
  });

  it('pages: a strict CSP with no inline script except by hash, no eval, no plugins, no framing by others', async () => {
    const id = await createRequest(a.apiKey);
    for (const path of [
      '/',
      '/security/',
      '/disputes/',
      '/integration/',
      '/example-shop/',
      '/example-shop/send-link',
      `/pay/${id}`,
      '/widget/cargopay.js',
    ]) {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      const scripts = directives.get('script-src') ?? [];
      expect(scripts, path).toContain("'self'");
      expect(
        scripts.filter((s) => s.startsWith("'") && s !== "'self'" && !s.startsWith("'sha256-")),
        path,
      ).toEqual([]);
      expect(directives.get('object-src'), path).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors'), path).toEqual(["'self'"]);
      expect(directives.get('default-src'), path).toEqual(["'self'"]);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });
});

describe('generated bodies for every endpoint that takes one (fast-check)', () => {
  const runs = FULL ? 5_000 : 150;
  /** JSON-ish values, PAN-looking strings and near-miss shapes of the real bodies. */
  const body = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(
      fc.constantFrom(
        'amount',
        'currency',
        'reference',
        'description',
        'customer',
        'device_id',
        'signals',
        'vat_number',
        'carrier',
        'tracking_number',
        'metadata',
        'expires_at',
        'velocity',
        'enabled',
        'channel',
        'text',
        '__proto__',
        'constructor',
      ),
      fc.oneof(
        fc.jsonValue(),
        fc.constantFrom('4242424242424242', '4242 4242 4242 4242', 'DE136695976', 'eur', -1, 1e308, null),
      ),
    ),
  );
  const rawBody = fc.oneof(
    body.map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('{', '{"a":', '[]', 'null', '\u0000', '{"amount":1e999}', '{"a":'.repeat(500)),
  );

  let id = '';
  beforeAll(async () => {
    id = await createRequest(a.apiKey);
  });
  const endpoints: [string, string, (() => Record<string, string>) | null][] = [
    ['POST', '/v1/payment-requests', () => ({ authorization: `Bearer ${a.apiKey}` })],
    ['POST', '/v1/checkout/:id/intent', () => ({ origin: SHOP })],
    ['POST', '/v1/checkout/:id/vat', () => ({ origin: SHOP })],
    ['POST', '/v1/payment-requests/:id/shipment', () => ({ authorization: `Bearer ${a.apiKey}` })],
    ['POST', '/v1/payment-requests/:id/messages', () => ({ authorization: `Bearer ${a.apiKey}` })],
    ['POST', '/v1/payment-requests/:id/policies', () => ({ authorization: `Bearer ${a.apiKey}` })],
    ['POST', '/v1/settings/risk', () => ({ authorization: `Bearer ${b.apiKey}` })],
    ['POST', '/v1/settings/disputes', () => ({ authorization: `Bearer ${b.apiKey}` })],
    ['POST', '/v1/webhooks/stripe', () => ({ 'stripe-signature': `t=1,v1=${'ab'.repeat(32)}` })],
  ];
  for (const [method, template, headersOf] of endpoints) {
    it(
      `${method} ${template}: ${runs} generated bodies, each answered in time and never with a 5xx`,
      async () => {
        const seen = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(rawBody, fc.boolean(), async (text, json) => {
            const res = await fetch(`${stack.url}${template.replace(':id', id)}`, {
              method,
              headers: { ...headersOf?.(), ...(json ? { 'content-type': 'application/json' } : {}) },
              body: text,
              signal: AbortSignal.timeout(5_000),
            });
            await res.arrayBuffer();
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            return res.status < 500;
          }),
          { numRuns: runs },
        );
        // Nearly everything generated is invalid: most answers must be client errors, not silent success.
        const clientErrors = [...seen].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0);
        expect(clientErrors / runs, JSON.stringify([...seen])).toBeGreaterThan(0.8);
      },
      FULL ? 900_000 : 90_000,
    );
  }
});
