import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import { authorizedRequest, createRequest, startWithMerchant } from '../../test/payments.ts';

/**
 * The buyer's PaymentIntent when Stripe's answers are not what the stored request expects: a linked PaymentIntent
 * Stripe no longer knows, a create replayed under its idempotency key (Stripe answers the saved first response),
 * and a refusal no retry can fix. Real server, real SDK, the sandbox.
 */

const SHOP = 'https://shop.example';
let t: TestServer;

afterEach(async () => {
  await t.close();
});

async function openRequest(server: TestServer): Promise<string> {
  return createRequest(server, (await server.merchant({ origins: [SHOP] })).apiKey);
}

const intent = (server: TestServer, id: string) =>
  server.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody, headers: { origin: SHOP } });

describe('the checkout’s PaymentIntent', () => {
  it('a linked PaymentIntent Stripe no longer knows is replaced under a new idempotency key, logged, and the buyer pays', async () => {
    t = await startTestServer();
    const id = await openRequest(t);
    const first = await intent(t, id);
    expect(first.status).toBe(200);
    const lost = String(first.json.payment_intent);
    t.sandbox.reset(); // Stripe forgets every object: a sandbox that lost its state

    const again = await intent(t, id);
    expect(again.status).toBe(200);
    const replacement = String(again.json.payment_intent);
    expect(replacement).not.toBe(lost);
    expect(again.json.status).toBe('requires_payment_method');
    const created = t.sandbox.events().find((e) => e.type === 'payment_intent.created');
    expect(created?.request?.idempotency_key).toBe(`cargopay:${id}:intent:${lost}`);
    const warning = t.logs.find((line) => line.includes('no longer knows the linked PaymentIntent'));
    expect(warning).toContain(lost);
    expect(warning).toContain('"level":40');
    expect(t.logs.join('\n')).not.toContain(String(again.json.client_secret));

    // A second load answers the replacement, which the buyer then pays.
    expect((await intent(t, id)).json.payment_intent).toBe(replacement);
    await pay(t, replacement);
    await waitFor(async () => (await t.store.paymentRequests.get(id))?.status === 'paid');
    expect((await t.store.paymentRequests.get(id))?.paymentIntentId).toBe(replacement);
  });

  it('a create replayed after the buyer paid answers the PaymentIntent as it is now (succeeded), not Stripe’s saved requires_payment_method', async () => {
    // No workers: the payment's webhook is not applied, so the request still reads open.
    t = await startTestServer({ workers: false });
    const id = await openRequest(t);
    const first = await intent(t, id);
    const pi = String(first.json.payment_intent);
    await pay(t, pi);
    // The link was lost (SQLite writes it without fsync: a power cut may lose it); the next load creates
    // again under the same key, and Stripe replays its first answer.
    await t.rows('UPDATE payment_requests SET payment_intent_id = NULL WHERE id = ?', [id]);

    const again = await intent(t, id);
    expect(again.status).toBe(200);
    expect(again.json.payment_intent).toBe(pi);
    expect(again.json.status).toBe('succeeded');
    expect((await t.store.paymentRequests.get(id))?.paymentIntentId).toBe(pi);
  });

  it('a merchant cancels a request whose PaymentIntent Stripe no longer knows: nothing is left to void, so it is canceled', async () => {
    let key: string;
    ({ t, key } = await startWithMerchant({}, { origins: [SHOP] }));
    const id = await createRequest(t, key);
    expect((await intent(t, id)).status).toBe(200);
    t.sandbox.reset(); // Stripe forgets every object: a sandbox that lost its state

    const res = await t.request('POST', `/v1/payment-requests/${id}/cancel`, { key });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe('canceled');
    // And the buyer's checkout says so, rather than making a new PaymentIntent for a canceled request.
    const after = await intent(t, id);
    expect(after.json.type).toBe(problemType('payment-request-canceled'));
  });

  it('capturing an authorized request whose PaymentIntent Stripe no longer knows answers 409 not-authorized (nothing is held), not a retry for ever', async () => {
    let key: string;
    ({ t, key } = await startWithMerchant());
    const { id } = await authorizedRequest(t, key);
    t.sandbox.reset();

    const res = await t.request('POST', `/v1/payment-requests/${id}/capture`, {
      key,
      body: { amount: 12_000 },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(409);
    expect(res.json.type).toBe(problemType('payment-request-not-authorized'));
    expect(String(res.json.detail)).toContain('no longer knows');
    // What the merchant is told to do works: the request can be canceled.
    const canceled = await t.request('POST', `/v1/payment-requests/${id}/cancel`, { key });
    expect(canceled.json.status).toBe('canceled');
  });

  it('a Stripe refusal the buyer cannot fix answers 502 stripe-error, not a 500', async () => {
    t = await startTestServer();
    const id = await openRequest(t);
    // Another PaymentIntent already took this request's idempotency key with other parameters.
    await t.sandbox
      .stripeClient()
      .paymentIntents.create({ amount: 999, currency: 'eur' }, { idempotencyKey: `cargopay:${id}:intent` });

    const res = await intent(t, id);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.type).toBe(problemType('stripe-error'));
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });
});
