import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.ts';
import { startTestSandbox, waitFor, WebhookReceiver } from '../testing.ts';
import { signatureHeader } from './sign.ts';

const SECRET = 'whsec_test_sandbox_secret_123456';
const verifier = new Stripe('sk_test_unused');

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function setUp(options: Parameters<typeof startTestSandbox>[0] = {}): Promise<{
  sandbox: Sandbox;
  stripe: Stripe;
  receiver: WebhookReceiver;
}> {
  const receiver = await new WebhookReceiver().start();
  const sandbox = await startTestSandbox({
    webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
    ...options,
  });
  running.push(sandbox, receiver);
  return { sandbox, stripe: sandbox.stripeClient(), receiver };
}

function pay(stripe: Stripe, paymentMethod = 'pm_card_visa') {
  return stripe.paymentIntents.create({
    amount: 3000,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
    payment_method: paymentMethod,
    confirm: true,
  });
}

async function control(sandbox: Sandbox, path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('webhook signatures', () => {
  it('every delivered event verifies with stripe.webhooks.constructEvent and equals GET /v1/events/:id', async () => {
    const { stripe, receiver } = await setUp();
    const intent = await pay(stripe);
    await waitFor(() => receiver.received.length >= 3, 2_000, 'three deliveries');
    expect(receiver.acceptedTypes()).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    for (const delivery of receiver.received) {
      const header = delivery.headers['stripe-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = verifier.webhooks.constructEvent(delivery.body, header, SECRET);
      expect(event.id).toMatch(/^evt_/);
      expect(event.livemode).toBe(false);
      expect(event.api_version).toBe(Stripe.API_VERSION);
      const stored = await stripe.events.retrieve(event.id);
      expect(stored.type).toBe(event.type);
      expect(stored.data.object).toEqual(event.data.object);
    }
    const succeeded = verifier.webhooks.constructEvent(
      receiver.received[2]?.body as string,
      receiver.received[2]?.headers['stripe-signature'] as string,
      SECRET,
    );
    expect(succeeded.type === 'payment_intent.succeeded' && succeeded.data.object.id).toBe(intent.id);
  });

  it('a tampered body, a wrong secret or a stale timestamp does not verify', async () => {
    const { stripe, receiver } = await setUp();
    await pay(stripe);
    await waitFor(() => receiver.received[0], 2_000, 'a delivery');
    const delivery = receiver.received[0] as { body: string; headers: Record<string, unknown> };
    const header = delivery.headers['stripe-signature'] as string;
    const tampered = delivery.body.replace('"amount": 3000', '"amount": 1');
    expect(tampered).not.toBe(delivery.body);
    expect(() => verifier.webhooks.constructEvent(tampered, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => verifier.webhooks.constructEvent(delivery.body, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const old = signatureHeader(delivery.body, SECRET, Math.floor(Date.now() / 1000) - 600);
    expect(() => verifier.webhooks.constructEvent(delivery.body, old, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('signs exactly as Stripe: v1 = HMAC-SHA256(secret, "t.payload") in hex, the SDK agrees', () => {
    const payload = '{"id":"evt_1","object":"event"}';
    const header = signatureHeader(payload, SECRET, 1_700_000_000);
    const expected = verifier.webhooks.generateTestHeaderString({
      payload,
      secret: SECRET,
      timestamp: 1_700_000_000,
    });
    expect(header).toBe(expected);
  });
});

describe('webhook retries', () => {
  it('retries with growing delays while the endpoint answers non-2xx, until it recovers', async () => {
    const { sandbox, stripe, receiver } = await setUp({
      webhookRetry: { initialDelayMs: 20, maxDelayMs: 500, maxAttempts: 6, timeoutMs: 1_000 },
    });
    receiver.respond = (_request, index) => (index < 3 ? 500 : 200);
    const customer = await stripe.customers.create({ email: 'retry@example.com' });
    // The sandbox records an attempt's answer after the receiver has the body: wait for the record itself.
    await waitFor(
      () => sandbox.deliveries().some((d) => d.type === 'customer.created' && d.succeeded),
      3_000,
      'a successful delivery',
    );
    expect(receiver.acceptedTypes()).toContain('customer.created');
    const attempts = sandbox.deliveries().filter((d) => d.type === 'customer.created');
    expect(attempts.map((a) => [a.attempt, a.status, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 200, true],
    ]);
    // The waits double: 20, 40, 80 ms (scheduled exactly; the machine may only make them longer).
    const scheduled = attempts
      .slice(0, 3)
      .map((a) => (a.next_retry_at as number) - (a.started_at + a.duration_ms));
    expect(scheduled.map((ms) => Math.round(ms / 20) * 20)).toEqual([20, 40, 80]);
    const gaps = receiver.received.slice(1).map((r, i) => r.at - (receiver.received[i]?.at ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual((scheduled[i] as number) - 2));
    const event = await stripe.events.retrieve(
      (JSON.parse(receiver.received[3]?.body as string) as { id: string }).id,
    );
    expect(event.pending_webhooks).toBe(0);
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
  });

  it('gives up after the last attempt, and retries also cover an endpoint that is down', async () => {
    const receiver = await new WebhookReceiver().start();
    const url = receiver.url;
    await receiver.close();
    const sandbox = await startTestSandbox({
      webhookEndpoints: [{ url, secret: SECRET }],
      webhookRetry: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 3, timeoutMs: 500 },
    });
    running.push(sandbox);
    await sandbox.stripeClient().customers.create({});
    // Each attempt is recorded when it starts and completed when its connection fails.
    await waitFor(
      () => sandbox.deliveries().length === 3 && sandbox.deliveries().every((a) => a.error !== null),
      2_000,
      'three failed attempts',
    );
    // Longer than the largest retry delay (20 ms): a fourth attempt would have started by now.
    await new Promise((r) => setTimeout(r, 60));
    const attempts = sandbox.deliveries();
    expect(attempts).toHaveLength(3);
    expect(attempts.every((a) => a.status === null && a.error !== null)).toBe(true);
    expect(attempts.at(-1)?.next_retry_at).toBeNull();
  });

  it('close() stops pending retries', async () => {
    const { sandbox, stripe, receiver } = await setUp({
      webhookRetry: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 10, timeoutMs: 500 },
    });
    receiver.respond = 503;
    await stripe.customers.create({});
    await waitFor(() => receiver.received.length >= 1, 2_000, 'a first attempt');
    await sandbox.close();
    const count = receiver.received.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received.length).toBe(count);
  });

  it('reset() stops pending retries and forgets deliveries', async () => {
    const { sandbox, stripe, receiver } = await setUp({
      webhookRetry: { initialDelayMs: 40, maxDelayMs: 40, maxAttempts: 10, timeoutMs: 500 },
    });
    receiver.respond = 500;
    await stripe.customers.create({});
    await waitFor(() => receiver.received.length >= 1, 2_000, 'a first attempt');
    sandbox.reset();
    const count = receiver.received.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(receiver.received.length).toBe(count);
    expect(sandbox.deliveries()).toEqual([]);
  });
});

describe('delivery switches for tests', () => {
  it('duplicate: every event arrives twice with the same id', async () => {
    const { sandbox, stripe, receiver } = await setUp();
    expect((await control(sandbox, '/_sandbox/webhooks/behaviour', { duplicate: true })).status).toBe(200);
    await stripe.customers.create({});
    await waitFor(() => receiver.received.length >= 2, 2_000, 'two deliveries');
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids[0]).toBe(ids[1]);
    expect(sandbox.deliveries().map((d) => d.duplicate)).toEqual([false, true]);
  });

  it('delay_ms: events arrive no earlier than the delay', async () => {
    const { sandbox, stripe, receiver } = await setUp();
    await control(sandbox, '/_sandbox/webhooks/behaviour', { delay_ms: 150 });
    const sent = Date.now();
    await stripe.customers.create({});
    const delivery = await waitFor(() => receiver.received[0], 2_000, 'the late delivery');
    expect(delivery.at - sent).toBeGreaterThanOrEqual(140);
  });

  it('shuffle: a burst of events arrives in a different order than it happened', async () => {
    const { sandbox, stripe, receiver } = await setUp();
    await control(sandbox, '/_sandbox/webhooks/behaviour', { shuffle: true });
    await pay(stripe);
    await waitFor(() => receiver.received.length >= 3, 2_000, 'three deliveries');
    const happened = sandbox.events().map((e) => e.id);
    const arrived = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect([...arrived].sort()).toEqual([...happened].sort());
    expect(arrived).not.toEqual(happened);
  });

  it('without switches, events arrive once each and in order', async () => {
    const { stripe, receiver } = await setUp();
    await pay(stripe, 'pm_card_chargeDeclined').catch(() => undefined);
    await waitFor(() => receiver.received.length >= 3, 2_000, 'three deliveries');
    await new Promise((r) => setTimeout(r, 30));
    expect(receiver.acceptedTypes()).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
    ]);
  });
});

describe('endpoints and the deliveries log', () => {
  it('an endpoint added by the control API receives events, its secret is never shown', async () => {
    const receiver = await new WebhookReceiver().start();
    const sandbox = await startTestSandbox();
    running.push(sandbox, receiver);
    const added = await control(sandbox, '/_sandbox/webhook_endpoints', {
      url: receiver.url,
      secret: SECRET,
    });
    expect(added.status).toBe(200);
    const endpoint = (await added.json()) as Record<string, unknown>;
    expect(endpoint.id).toMatch(/^we_/);
    expect(JSON.stringify(endpoint)).not.toContain(SECRET);
    await sandbox.stripeClient().customers.create({});
    const delivery = await waitFor(() => receiver.received[0], 2_000, 'a delivery');
    expect(
      verifier.webhooks.constructEvent(delivery.body, delivery.headers['stripe-signature'] as string, SECRET)
        .type,
    ).toBe('customer.created');
    const log = (await (await fetch(`${sandbox.url}/_sandbox/deliveries`)).json()) as {
      data: { url: string }[];
    };
    expect(log.data[0]).toMatchObject({ url: receiver.url, status: 200, succeeded: true, attempt: 1 });
    expect(JSON.stringify(log)).not.toContain(SECRET);
  });

  it('enabled_events limits what an endpoint gets', async () => {
    const receiver = await new WebhookReceiver().start();
    const sandbox = await startTestSandbox({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET, enabled_events: ['payment_intent.succeeded'] }],
    });
    running.push(sandbox, receiver);
    await pay(sandbox.stripeClient());
    await waitFor(() => receiver.received.length >= 1, 2_000, 'a delivery');
    await new Promise((r) => setTimeout(r, 30));
    expect(receiver.acceptedTypes()).toEqual(['payment_intent.succeeded']);
  });

  it('refuses an endpoint without an http(s) URL, or with an empty secret', async () => {
    const sandbox = await startTestSandbox();
    running.push(sandbox);
    expect((await control(sandbox, '/_sandbox/webhook_endpoints', { secret: SECRET })).status).toBe(400);
    expect(
      (await control(sandbox, '/_sandbox/webhook_endpoints', { url: 'ftp://x', secret: SECRET })).status,
    ).toBe(400);
    expect(
      (await control(sandbox, '/_sandbox/webhook_endpoints', { url: 'http://127.0.0.1:1/x', secret: '' }))
        .status,
    ).toBe(400);
  });

  it('one endpoint per URL: registered twice, every event is delivered once, signed with the one secret', async () => {
    const receiver = await new WebhookReceiver().start();
    const sandbox = await startTestSandbox();
    running.push(sandbox, receiver);
    // Two instances behind one public URL, neither with a secret of its own: the sandbox makes one and tells both.
    const first = (await (
      await control(sandbox, '/_sandbox/webhook_endpoints', { url: receiver.url })
    ).json()) as { id: string; secret: string };
    const again = await control(sandbox, '/_sandbox/webhook_endpoints', { url: receiver.url });
    expect(again.status).toBe(200);
    const second = (await again.json()) as { id: string; secret: string };
    expect(first.secret).toMatch(/^whsec_/);
    expect(second).toEqual(first);
    // The same URL with the same secret is the same endpoint too; with another secret it is refused.
    expect(
      (await control(sandbox, '/_sandbox/webhook_endpoints', { url: receiver.url, secret: first.secret }))
        .status,
    ).toBe(200);
    const conflict = await control(sandbox, '/_sandbox/webhook_endpoints', {
      url: receiver.url,
      secret: SECRET,
    });
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(await conflict.json())).not.toContain(first.secret);
    const listed = (await (await fetch(`${sandbox.url}/_sandbox/webhook_endpoints`)).json()) as {
      data: { url: string }[];
    };
    expect(listed.data).toHaveLength(1);

    const customer = await sandbox.stripeClient().customers.create({});
    const delivery = await waitFor(() => receiver.received[0], 2_000, 'a delivery');
    expect(
      verifier.webhooks.constructEvent(
        delivery.body,
        delivery.headers['stripe-signature'] as string,
        first.secret,
      ).data.object,
    ).toMatchObject({ id: customer.id });
    expect(sandbox.deliveries().filter((d) => d.type === 'customer.created')).toHaveLength(1);
  });
});

describe('events', () => {
  it('are listed newest first and filtered by type, wildcard and types[]', async () => {
    const sandbox = await startTestSandbox();
    running.push(sandbox);
    const stripe = sandbox.stripeClient();
    await pay(stripe);
    const all = await stripe.events.list();
    expect(all.data.map((e) => e.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
    ]);
    expect((await stripe.events.list({ type: 'charge.succeeded' })).data).toHaveLength(1);
    expect((await stripe.events.list({ type: 'payment_intent.*' })).data).toHaveLength(2);
    expect(
      (await stripe.events.list({ types: ['charge.succeeded', 'payment_intent.created'] })).data,
    ).toHaveLength(2);
    expect(all.data[0]?.request?.id).toMatch(/^req_/);
  });
});
