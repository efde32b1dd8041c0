import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { VIES_STAND_IN_CASES } from '../vat/vies-stand-in.ts';
import type { CreatedMerchant } from '../merchants/service.ts';
import {
  intentBody,
  onboardedCarrier,
  pay,
  paymentRequestBody,
  problemType,
  startTestServer,
  type TestServer,
} from '../../test/harness.ts';
import { createRequest, startWithMerchant } from '../../test/payments.ts';

let t: TestServer;
let key: string;
let merchantId: string;
const SHOP = 'https://shop.example';

beforeAll(async () => {
  let merchant: CreatedMerchant;
  ({ t, key, merchant } = await startWithMerchant(
    { env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000' } },
    { origins: [SHOP] },
  ));
  merchantId = merchant.merchant.id;
});
afterAll(() => t.close());

const newRequest = (overrides: Record<string, unknown> = {}, k = key): Promise<string> =>
  createRequest(t, k, overrides);

const intent = (id: string, headers: Record<string, string> = { origin: SHOP }) =>
  t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody, headers });

describe('GET /v1/checkout/:id', () => {
  it('returns what the widget shows, with the sandbox’s publishable key and Stripe.js URL', async () => {
    const id = await newRequest({ carrier: { name: 'Iberia Cargo' } });
    const res = await t.request('GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id,
      status: 'open',
      reference: 'AWB-176-12345675',
      description: 'Air freight Frankfurt → Madrid, 2 pallets',
      carrier: 'Iberia Cargo',
      amount: 12_500,
      currency: 'eur',
      merchant: { name: 'Test Freight' },
      publishable_key: t.sandbox.publishableKey,
      stripe_js_url: `${t.sandbox.url}/v3/`,
      vat_unavailable_allows_payment: true,
      expires_at: null,
      capture: 'automatic',
      max_final_amount: null,
    });
    expect(res.json).not.toHaveProperty('customer');
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it('tells the widget a manual-capture request only holds the card (no stated maximum yet)', async () => {
    const id = await newRequest({ capture: 'manual' });
    const res = await t.request('GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ capture: 'manual', max_final_amount: null, amount: 12_500 });
  });

  it('answers an unknown id with payment-request-not-found and a malformed one with validation-failed', async () => {
    const unknown = await t.request('GET', `/v1/checkout/pr_${'Z'.repeat(24)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.type).toBe(problemType('payment-request-not-found'));
    const bad = await t.request('GET', '/v1/checkout/pi_123');
    expect(bad.status).toBe(422);
  });

  it('shows an expired request as expired once its time has passed', async () => {
    const id = await newRequest({ expires_at: new Date(Date.now() + 60_000).toISOString() });
    t.clock.offsetMs = 120_000;
    try {
      const res = await t.request('GET', `/v1/checkout/${id}`);
      expect(res.json.status).toBe('expired');
      const refused = await intent(id);
      expect(refused.status).toBe(410);
      expect(refused.json.type).toBe(problemType('payment-request-expired'));
    } finally {
      t.clock.offsetMs = 0;
    }
  });
});

describe('expiry', () => {
  it('cancels the PaymentIntent of an expired request, so it can no longer be confirmed', async () => {
    const id = await newRequest({ expires_at: new Date(Date.now() + 60_000).toISOString() });
    const created = await intent(id);
    const pi = String(created.json.payment_intent);
    t.clock.offsetMs = 120_000;
    try {
      expect((await t.request('GET', `/v1/checkout/${id}`)).json.status).toBe('expired');
    } finally {
      t.clock.offsetMs = 0;
    }
    const stripe = t.sandbox.stripeClient();
    await waitFor(
      async () => (await stripe.paymentIntents.retrieve(pi)).status === 'canceled',
      5_000,
      'PI canceled',
    );
    await expect(pay(t, pi)).rejects.toThrow();
  });
});

describe('CORS per merchant', () => {
  it('answers a preflight from an allowed origin', async () => {
    const id = await newRequest();
    const res = await t.request('OPTIONS', `/v1/checkout/${id}/intent`, {
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('refuses a foreign origin with origin-not-allowed and no CORS headers', async () => {
    const id = await newRequest();
    for (const [method, path] of [
      ['GET', `/v1/checkout/${id}`],
      ['POST', `/v1/checkout/${id}/intent`],
      ['OPTIONS', `/v1/checkout/${id}/intent`],
    ] as const) {
      const res = await t.request(method, path, {
        headers: { origin: 'https://evil.example' },
        body: method === 'POST' ? intentBody : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.type).toBe(problemType('origin-not-allowed'));
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      // The operator reading it (curl, the server's answer in a log) gets the command to run, id filled in.
      expect(res.json.detail).toBe(
        `Add https://evil.example to the merchant's allowed origins: npm run merchant -- origins add ${merchantId} https://evil.example`,
      );
    }
  });

  it('does not let one merchant’s origin use another merchant’s request', async () => {
    const other = await t.merchant({ origins: ['https://other.example'] });
    const id = await newRequest({}, other.apiKey);
    const res = await t.request('GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(res.status).toBe(403);
  });

  it('binds browsers only: a request with no Origin header (a script, a server) is answered, without CORS headers', async () => {
    const id = await newRequest();
    const summary = await t.request('GET', `/v1/checkout/${id}`);
    expect(summary.status).toBe(200);
    expect(summary.headers.get('access-control-allow-origin')).toBeNull();
    const created = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
    expect(created.status).toBe(200);
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('POST /v1/checkout/:id/intent', () => {
  it('creates one PaymentIntent with the stored amount, currency, 3DS setting and metadata', async () => {
    const id = await newRequest({ amount: 4_321, currency: 'sek' });
    const first = await intent(id);
    expect(first.status).toBe(200);
    expect(first.json.payment_intent).toMatch(/^pi_/);
    expect(first.json.client_secret).toMatch(/^pi_.+_secret_/);
    const pi = await t.sandbox.stripeClient().paymentIntents.retrieve(String(first.json.payment_intent));
    expect(pi.amount).toBe(4_321);
    expect(pi.currency).toBe('sek');
    expect(pi.metadata.payment_request).toBe(id);
    expect(pi.automatic_payment_methods?.enabled).toBe(true);
    expect(pi.payment_method_options?.card?.request_three_d_secure).toBe('automatic');
    const second = await intent(id);
    expect(second.json.payment_intent).toBe(first.json.payment_intent);
  });

  it('captures an automatic request at once: no manual capture, no extended or incremental authorization asked', async () => {
    const pi = await t.sandbox
      .stripeClient()
      .paymentIntents.retrieve(String((await intent(await newRequest())).json.payment_intent));
    expect(pi.capture_method).not.toBe('manual');
    expect(pi.payment_method_options?.card?.request_extended_authorization).toBeUndefined();
    expect(pi.payment_method_options?.card?.request_incremental_authorization).toBeUndefined();
  });

  it('only authorizes a manual-capture request, asking for extended and incremental authorization', async () => {
    const id = await newRequest({ capture: 'manual' });
    const created = await intent(id);
    expect(created.status).toBe(200);
    const stripe = t.sandbox.stripeClient();
    const pi = await stripe.paymentIntents.retrieve(String(created.json.payment_intent));
    expect(pi.capture_method).toBe('manual');
    expect(pi.payment_method_options?.card).toMatchObject({
      request_three_d_secure: 'automatic',
      request_extended_authorization: 'if_available',
      request_incremental_authorization: 'if_available',
    });
    const paid = await pay(t, pi.id);
    expect(paid.status).toBe('requires_capture');
    expect(paid.amount_capturable).toBe(12_500);
  });

  it('asks for 3D Secure on every card payment when THREE_D_SECURE=any', async () => {
    const strict = await startTestServer({
      sandbox: t.sandbox,
      registerWebhook: false,
      workers: false,
      env: { THREE_D_SECURE: 'any' },
    });
    const { apiKey } = await strict.merchant();
    const created = await strict.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    const res = await strict.request('POST', `/v1/checkout/${String(created.json.id)}/intent`, {
      body: intentBody,
    });
    const pi = await t.sandbox.stripeClient().paymentIntents.retrieve(String(res.json.payment_intent));
    expect(pi.payment_method_options?.card?.request_three_d_secure).toBe('any');
    await strict.close({ keepSandbox: true });
  });

  it('creates exactly one PaymentIntent under concurrent calls', async () => {
    const id = await newRequest();
    const before = t.sandbox.events().filter((e) => e.type === 'payment_intent.created').length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => intent(id)));
    expect(new Set(answers.map((a) => a.json.payment_intent)).size).toBe(1);
    const after = t.sandbox.events().filter((e) => e.type === 'payment_intent.created').length;
    expect(after - before).toBe(1);
  });

  it('sends the carrier’s account as destination with the platform fee', async () => {
    const account = await onboardedCarrier(t);
    const id = await newRequest({
      carrier: { name: 'Iberia Cargo', stripe_account: account, platform_fee: 700 },
    });
    const res = await intent(id);
    const pi = await t.sandbox.stripeClient().paymentIntents.retrieve(String(res.json.payment_intent));
    expect(pi.transfer_data?.destination).toBe(account);
    expect(pi.application_fee_amount).toBe(700);
  });

  it('ignores any amount or currency the browser sends (the body schema refuses them)', async () => {
    const id = await newRequest();
    const res = await t.request('POST', `/v1/checkout/${id}/intent`, {
      body: { ...intentBody, amount: 1, currency: 'usd' },
      headers: { origin: SHOP },
    });
    expect(res.status).toBe(422);
    expect((res.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['amount', 'currency']);
  });

  it('refuses a card number in the body, with CORS headers so the widget can read why', async () => {
    const id = await newRequest();
    const res = await t.request('POST', `/v1/checkout/${id}/intent`, {
      body: { ...intentBody, device_id: '4242424242424242' },
      headers: { origin: SHOP },
    });
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('card-data-refused'));
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(t.logs.join('\n')).not.toContain('4242424242424242');
  });

  it('refuses a paid request with payment-request-paid, and a canceled one with payment-request-canceled', async () => {
    const paid = await newRequest();
    const res = await intent(paid);
    await pay(t, String(res.json.payment_intent));
    await waitFor(async () => (await t.store.paymentRequests.get(paid))?.status === 'paid', 5_000, 'paid');
    const refused = await intent(paid);
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe(problemType('payment-request-paid'));

    const canceled = await newRequest();
    await t.request('POST', `/v1/payment-requests/${canceled}/cancel`, { key });
    const r2 = await intent(canceled);
    expect(r2.status).toBe(409);
    expect(r2.json.type).toBe(problemType('payment-request-canceled'));
  });

  it('answers stripe-unavailable when Stripe cannot be reached', async () => {
    const { startTestServer: start } = await import('../../test/harness.ts');
    const down = await start({ workers: false, registerWebhook: false });
    const { apiKey } = await down.merchant();
    const created = await down.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    await down.sandbox.close();
    const res = await down.request('POST', `/v1/checkout/${String(created.json.id)}/intent`, {
      body: intentBody,
    });
    expect(res.status).toBe(503);
    expect(res.json.type).toBe(problemType('stripe-unavailable'));
    expect(res.headers.get('retry-after')).toBe('5');
    await down.close({ keepSandbox: true });
  });
});

describe('POST /v1/checkout/:id/vat', () => {
  const vat = (id: string, vatNumber: string) =>
    t.request('POST', `/v1/checkout/${id}/vat`, {
      body: { vat_number: vatNumber },
      headers: { origin: SHOP },
    });

  it('answers valid with VIES’s name, address and date, and keeps the proof with the request', async () => {
    const id = await newRequest();
    const res = await vat(id, 'EL 094259216');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ result: 'valid', country_code: 'EL', vat_number: '094259216' });
    expect(res.json.request_date).toBeTruthy();
    const pr = await t.request('GET', `/v1/payment-requests/${id}`, { key });
    expect(pr.json.vat_check).toMatchObject({ result: 'valid', country_code: 'EL', vat_number: '094259216' });
    expect((pr.json.vat_check as { request_identifier: string }).request_identifier).toBeTruthy();
  });

  it('answers invalid for wrong check digits without asking VIES, and for an unregistered number', async () => {
    const id = await newRequest();
    const calls = t.vies.calls.length;
    expect((await vat(id, 'DE136308784')).json.result).toBe('invalid');
    expect(t.vies.calls.length).toBe(calls);
    expect((await vat(id, VIES_STAND_IN_CASES.notRegistered)).json.result).toBe('invalid');
    // An invalid VAT number blocks the payment.
    const refused = await intent(id);
    expect(refused.json.type).toBe(problemType('vat-invalid'));
  });

  it('answers unavailable (never invalid) when the member state is down or VIES times out', async () => {
    const id = await newRequest();
    expect((await vat(id, VIES_STAND_IN_CASES.memberStateDown)).json.result).toBe('unavailable');
    const slow = await vat(id, VIES_STAND_IN_CASES.slow);
    expect(slow.json.result).toBe('unavailable');
    // This merchant lets buyers pay when VIES is unavailable.
    expect((await intent(id)).status).toBe(200);
  });

  it('blocks payment on unavailable when the merchant says so', async () => {
    const strict = await t.merchant({ origins: [SHOP], vatUnavailableAllowsPayment: false });
    const id = await newRequest({}, strict.apiKey);
    const summary = await t.request('GET', `/v1/checkout/${id}`);
    expect(summary.json.vat_unavailable_allows_payment).toBe(false);
    await vat(id, VIES_STAND_IN_CASES.memberStateDown);
    const refused = await intent(id);
    expect(refused.status).toBe(503);
    expect(refused.json.type).toBe(problemType('vat-unavailable'));
    await vat(id, 'DE136308783');
    expect((await intent(id)).status).toBe(200);
  });

  it('refuses a number without an EU prefix as validation-failed', async () => {
    const id = await newRequest();
    const res = await vat(id, 'US123456789');
    expect(res.status).toBe(422);
    expect((res.json.errors as { path: string }[])[0]?.path).toBe('vat_number');
  });
});
