import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import { startTestSandbox, waitFor } from '../../sandbox/testing.ts';
import {
  intentBody,
  onboardedCarrier,
  paymentRequestBody,
  problemType,
  startTestServer,
  type TestServer,
} from '../../test/harness.ts';
import { freshBuyer, SHOP } from '../disputes/test-helpers.ts';
import { createRequest } from '../../test/payments.ts';
import { retryRateLimited } from '../stripe/rate-limit-retry.ts';

/**
 * Stripe's own rate limits (https://docs.stripe.com/rate-limits: 25 requests/s in test mode, 100/s live, 25/s
 * per endpoint), enforced by the sandbox. The checkout retries Stripe's 429s with backoff and full jitter
 * within what a buyer can wait for, always with the request's one idempotency key, then answers `stripe-busy`
 * with `Retry-After`; nothing ever makes a second PaymentIntent for one payment request.
 */

const buyer = freshBuyer;

const intent = (t: TestServer, id: string, who = buyer()) =>
  t.request('POST', `/v1/checkout/${id}/intent`, {
    body: { ...intentBody, device_id: who.device },
    headers: { origin: SHOP, 'x-forwarded-for': who.ip },
  });

/** Every PaymentIntent at the sandbox, by the payment request it was made for (read with the limits off). */
async function intentsByRequest(sandbox: Sandbox): Promise<Map<string, string[]>> {
  const byRequest = new Map<string, string[]>();
  for await (const pi of sandbox.stripeClient().paymentIntents.list({ limit: 100 })) {
    const id = pi.metadata.payment_request ?? '';
    byRequest.set(id, [...(byRequest.get(id) ?? []), pi.id]);
  }
  return byRequest;
}

/** Spends the sandbox's current one-second window (25 requests in test mode) on reads, up to its first 429. */
async function spendWindow(sandbox: Sandbox): Promise<void> {
  for (let served = 0; ; served++) {
    const res = await fetch(`${sandbox.url}/v1/charges`, {
      headers: { authorization: `Bearer ${sandbox.secretKey}` },
    });
    if (res.status === 429) break;
    expect(res.status).toBe(200);
    expect(served).toBeLessThan(25);
  }
}

async function metricText(t: TestServer): Promise<string> {
  return t.app.context.metrics.registry.metrics();
}

describe('Stripe rate limits, one checkout at a time (the sandbox clock stands still until the test moves it)', () => {
  const clock = { ms: 1_900_000_000_000 };
  let sandbox: Sandbox;
  let t: TestServer;
  let key: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ now: () => clock.ms });
    // No webhooks: a carrier account must reach the server only through the checkout's own Stripe read.
    t = await startTestServer({
      sandbox,
      registerWebhook: false,
      env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000', TRUST_PROXY: 'loopback' },
    });
    key = (await t.merchant()).apiKey;
  });
  afterAll(() => t.close());

  it('a checkout that meets Stripe’s 429s retries with its one idempotency key until Stripe serves it: one PaymentIntent, each 429 counted', async () => {
    const id = await createRequest(t, key);
    sandbox.setRateLimits('test');
    await spendWindow(sandbox);
    const refused = sandbox.rateLimited();
    const pending = intent(t, id);
    // The server has met Stripe's limit twice and keeps backing off; then the next second begins.
    await waitFor(() => sandbox.rateLimited() >= refused + 2, 20_000);
    clock.ms += 1_000;
    const res = await pending;
    sandbox.setRateLimits(null);
    expect(res.status, res.text).toBe(200);
    expect(res.json.client_secret).toEqual(expect.stringContaining(String(res.json.payment_intent)));
    expect((await intentsByRequest(sandbox)).get(id)).toEqual([res.json.payment_intent]);
    const counted = /cargopay_stripe_rate_limited_total\{operation="payment_intents.create"\} (\d+)/.exec(
      await metricText(t),
    );
    expect(Number(counted?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('a carrier account new to CargoPay is read from Stripe with the same retries when the merchant names it, counted as accounts.retrieve', async () => {
    const account = await onboardedCarrier(t);
    sandbox.setRateLimits('test');
    await spendWindow(sandbox);
    const refused = sandbox.rateLimited();
    const pending = t.request('POST', '/v1/payment-requests', {
      key,
      body: paymentRequestBody({
        carrier: { name: 'Iberia Cargo', stripe_account: account, platform_fee: 700 },
      }),
    });
    await waitFor(() => sandbox.rateLimited() >= refused + 2, 20_000);
    clock.ms += 1_000;
    const created = await pending;
    expect(created.status, created.text).toBe(201);
    expect(await metricText(t)).toMatch(
      /cargopay_stripe_rate_limited_total\{operation="accounts.retrieve"\} [1-9]/,
    );
    const res = await intent(t, String(created.json.id));
    sandbox.setRateLimits(null);
    expect(res.status, res.text).toBe(200);
    const pi = await sandbox.stripeClient().paymentIntents.retrieve(String(res.json.payment_intent));
    expect(pi.transfer_data?.destination).toBe(account);
  });

  it('when Stripe still refuses after what a buyer can wait for, the checkout answers 503 stripe-busy with Retry-After, and the buyer’s retry gets the one PaymentIntent', async () => {
    const id = await createRequest(t, key);
    sandbox.setRateLimits('test');
    await spendWindow(sandbox);
    const who = buyer();
    const busy = await intent(t, id, who);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(busy.json).toMatchObject({ type: problemType('stripe-busy'), status: 503 });
    expect(busy.json.title).toMatch(/busy/);
    expect(busy.headers.get('retry-after')).toBe('2');
    // Nothing was created while Stripe refused.
    sandbox.setRateLimits(null);
    expect((await intentsByRequest(sandbox)).get(id)).toBeUndefined();

    sandbox.setRateLimits('test');
    clock.ms += 1_000;
    const retried = await intent(t, id, who);
    const again = await intent(t, id, who);
    sandbox.setRateLimits(null);
    expect(retried.status, retried.text).toBe(200);
    expect(again.json.payment_intent).toBe(retried.json.payment_intent);
    expect((await intentsByRequest(sandbox)).get(id)).toEqual([retried.json.payment_intent]);
  }, 30_000);
});

describe('a burst of 200 checkouts into one second, Stripe enforcing its test-mode limits', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({
      sandbox: await startTestSandbox(),
      env: {
        RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000',
        RATE_LIMIT_API_PER_MINUTE: '100000',
        TRUST_PROXY: 'loopback',
        MONITORING_INTERVAL_SECONDS: '1',
      },
    });
  });
  afterAll(() => t.close());

  it('every buyer is either served a PaymentIntent and pays, or told clearly to retry (stripe-busy) and pays on retrying; one PaymentIntent per payment request, and an alert', async () => {
    const key = (await t.merchant()).apiKey;
    const buyers = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const who = buyer();
        const id = await createRequest(t, key, { customer: { email: who.email, name: 'Burst Buyer' } });
        return { id, who };
      }),
    );
    t.sandbox.setRateLimits('test');

    const sentAt: number[] = [];
    const first = await Promise.all(
      buyers.map(async (b) => {
        sentAt.push(performance.now());
        return { ...b, res: await intent(t, b.id, b.who) };
      }),
    );
    expect(Math.max(...sentAt) - Math.min(...sentAt)).toBeLessThan(1_000);

    // Each answer is a PaymentIntent or the specific, retryable problem; nothing else.
    const served = new Map<string, string>();
    const sort = (answers: typeof first) =>
      answers.filter(({ id, res }) => {
        if (res.status === 200) {
          served.set(id, String(res.json.payment_intent));
          return false;
        }
        expect(res.status, res.text).toBe(503);
        expect(res.json.type).toBe(problemType('stripe-busy'));
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        return true;
      });
    let busy = sort(first);
    const toldToRetry = busy.length;
    // Stripe's limit was met: far more than 25 creates arrived within the first second.
    expect(t.sandbox.rateLimited()).toBeGreaterThan(0);

    // Buyers told to retry do so, as the widget does, until served (each round waits its Retry-After).
    for (let round = 0; busy.length > 0 && round < 10; round++) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      busy = sort(await Promise.all(busy.map(async (b) => ({ ...b, res: await intent(t, b.id, b.who) }))));
    }
    expect(busy).toHaveLength(0);

    // Every buyer pays with a test card through the sandbox API, backing off on 429 as Stripe.js's caller must.
    const stripe = t.sandbox.stripeClient();
    const confirmed = await Promise.all(
      buyers.map(({ id }) =>
        retryRateLimited(
          () =>
            stripe.paymentIntents.confirm(String(served.get(id)), {
              payment_method: 'pm_card_visa',
              return_url: 'https://shop.example/done',
            }),
          { onRateLimited: () => {}, policy: { baseMs: 200, capMs: 2_000, budgetMs: 60_000 } },
        ),
      ),
    );
    expect(confirmed.map((pi) => pi.status)).toEqual(buyers.map(() => 'succeeded'));

    // Exactly one PaymentIntent per payment request at Stripe.
    t.sandbox.setRateLimits(null);
    const byRequest = await intentsByRequest(t.sandbox);
    for (const { id } of buyers) expect(byRequest.get(id)).toEqual([served.get(id)]);
    expect([...byRequest.values()].flat()).toHaveLength(200);

    // Stripe's 429s were counted and, this often, raise the stripe_rate_limited alert.
    await waitFor(() => t.logs.some((line) => line.includes('ALERT stripe_rate_limited')), 20_000);
    console.info(
      `burst: 200 checkouts, ${200 - toldToRetry} served at once, ${toldToRetry} told to retry, ${t.sandbox.rateLimited()} Stripe 429s`,
    );
  }, 120_000);
});
