import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { paymentRequestBody, problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import { createIntent } from '../disputes/test-helpers.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000' } });
  key = (await t.merchant()).apiKey;
});
afterAll(() => t.close());

const carrierRequest = (account: string, fee = 700) =>
  paymentRequestBody({ carrier: { name: 'Iberia Cargo', stripe_account: account, platform_fee: fee } });

async function newCarrier(): Promise<string> {
  const res = await t.request('POST', '/v1/carriers', {
    key,
    body: { name: 'Iberia Cargo', country: 'ES', email: 'ops@iberia-cargo.example' },
  });
  expect(res.status, res.text).toBe(201);
  expect(res.json).toMatchObject({
    object: 'carrier_account',
    charges_enabled: false,
    payouts_enabled: false,
  });
  return String(res.json.account);
}

async function onboard(account: string): Promise<void> {
  const link = await t.request('POST', `/v1/carriers/${account}/onboarding-link`, {
    key,
    body: {
      return_url: 'https://shop.example/carriers/done',
      refresh_url: 'https://shop.example/carriers/retry',
    },
  });
  expect(link.status, link.text).toBe(201);
  expect(String(link.json.url).startsWith(`${t.sandbox.url}/`)).toBe(true);
  // The carrier follows the Stripe-hosted link; Stripe sends them back to return_url when onboarding is done.
  const followed = await fetch(String(link.json.url), { redirect: 'manual' });
  expect(followed.status).toBe(302);
  expect(followed.headers.get('location')).toBe('https://shop.example/carriers/done');
}

describe('carriers on Stripe Connect', () => {
  it('refuses payment requests for a carrier that has not finished onboarding, with a clear problem', async () => {
    const account = await newCarrier();
    const res = await t.request('POST', '/v1/payment-requests', { key, body: carrierRequest(account) });
    expect(res.status).toBe(409);
    expect(res.json.type).toBe(problemType('carrier-not-ready'));
    expect(res.json.detail).toContain(`/v1/carriers/${account}/onboarding-link`);
  });

  it('tracks account.updated after onboarding, then makes destination charges with the platform fee', async () => {
    const account = await newCarrier();
    await onboard(account);
    const carrier = await waitFor(async () => {
      const res = await t.request('GET', `/v1/carriers/${account}`, { key });
      return res.json.charges_enabled ? res.json : undefined;
    });
    expect(carrier).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });

    const created = await t.request('POST', '/v1/payment-requests', {
      key,
      body: carrierRequest(account, 900),
    });
    expect(created.status, created.text).toBe(201);
    const intent = await createIntent(t, String(created.json.id));
    expect(intent.status, intent.text).toBe(200);
    const pi = await t.sandbox.stripeClient().paymentIntents.retrieve(String(intent.json.payment_intent));
    expect(pi.transfer_data?.destination).toBe(account);
    expect(pi.application_fee_amount).toBe(900);
    expect(pi.amount).toBe(12_500);
  });

  it('refuses an account Stripe does not know, and hides another merchant’s carrier', async () => {
    const unknown = await t.request('POST', '/v1/payment-requests', {
      key,
      body: carrierRequest('acct_1NoSuchAccount00'),
    });
    expect(unknown.status).toBe(409);
    expect(unknown.json.type).toBe(problemType('carrier-not-ready'));

    const account = await newCarrier();
    const other = (await t.merchant()).apiKey;
    const hidden = await t.request('GET', `/v1/carriers/${account}`, { key: other });
    expect(hidden.status).toBe(404);
    const theirs = await t.request('POST', '/v1/payment-requests', {
      key: other,
      body: carrierRequest(account),
    });
    expect(theirs.status).toBe(409);
  });

  it('refuses the buyer’s intent when the carrier can no longer take charges', async () => {
    const account = await newCarrier();
    await onboard(account);
    await waitFor(
      async () => (await t.request('GET', `/v1/carriers/${account}`, { key })).json.charges_enabled === true,
    );
    const created = await t.request('POST', '/v1/payment-requests', { key, body: carrierRequest(account) });
    expect(created.status).toBe(201);
    // Stripe later disables the account (verification failed): a newer account.updated arrives, signed.
    const stripe = t.sandbox.stripeClient();
    const current = await stripe.accounts.retrieve(account);
    const event = {
      id: 'evt_disable_' + account.slice(5),
      object: 'event',
      type: 'account.updated',
      created: Math.floor(Date.now() / 1000) + 60,
      livemode: false,
      api_version: null,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          ...current,
          charges_enabled: false,
          requirements: { ...current.requirements, disabled_reason: 'rejected.other' },
        },
      },
    };
    const payload = JSON.stringify(event);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: t.webhookSecret });
    const delivered = await t.request('POST', '/v1/webhooks/stripe', {
      rawBody: payload,
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    });
    expect(delivered.status).toBe(200);
    await waitFor(
      async () => (await t.request('GET', `/v1/carriers/${account}`, { key })).json.charges_enabled === false,
    );
    const refused = await createIntent(t, String(created.json.id));
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe(problemType('carrier-not-ready'));
  });
});
