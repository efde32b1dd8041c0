import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.ts';
import { startTestSandbox, waitFor, WebhookReceiver } from '../testing.ts';

let sandbox: Sandbox;
let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
  await sandbox.close();
});

async function fresh(): Promise<Stripe> {
  sandbox = await startTestSandbox();
  return sandbox.stripeClient();
}

async function refused(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  return error as Stripe.errors.StripeError;
}

describe('/v1/webhook_endpoints through the stripe SDK', () => {
  it('creates an endpoint and answers its signing secret once; lists and retrieves never show it', async () => {
    const stripe = await fresh();
    const created = await stripe.webhookEndpoints.create({
      url: 'https://shop.example/v1/webhooks/stripe',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      description: 'CargoPay',
      metadata: { by: 'test' },
    });
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://shop.example/v1/webhooks/stripe',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      status: 'enabled',
      description: 'CargoPay',
      metadata: { by: 'test' },
      livemode: false,
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toEqual([created.id]);
    expect(listed.data[0]).not.toHaveProperty('secret');
    expect(await stripe.webhookEndpoints.retrieve(created.id)).not.toHaveProperty('secret');
  });

  it('lists newest first, paged with limit and starting_after like Stripe’s other lists', async () => {
    const stripe = await fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await stripe.webhookEndpoints.create({
        url: `https://shop${i}.example/hooks`,
        enabled_events: ['*'],
      });
      ids.push(e.id);
    }
    const first = await stripe.webhookEndpoints.list({ limit: 2 });
    expect(first.data.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const next = await stripe.webhookEndpoints.list({ limit: 2, starting_after: ids[3] as string });
    expect(next.data.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    const all = await stripe.webhookEndpoints.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    const error = await refused(stripe.webhookEndpoints.list({ limit: 101 }));
    expect(error.param).toBe('limit');
  });

  it('delivers only the subscribed types, signed with the secret it answered; a disabled endpoint gets nothing', async () => {
    const stripe = await fresh();
    receiver = await new WebhookReceiver().start();
    const endpoint = await stripe.webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ['payment_intent.succeeded'],
    });
    await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    await waitFor(() => receiver?.received.length === 1, 5_000, 'the subscribed event');
    const delivery = receiver.received[0];
    const event = stripe.webhooks.constructEvent(
      delivery?.body ?? '',
      delivery?.headers['stripe-signature'] as string,
      endpoint.secret as string,
    );
    expect(event.type).toBe('payment_intent.succeeded');
    expect(sandbox.events().map((e) => e.type)).toContain('charge.succeeded');

    const disabled = await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(disabled.status).toBe('disabled');
    const second = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    const emitted = sandbox.events().find((e) => (e.data.object as { id: string }).id === second.id);
    // An event for no enabled endpoint waits on no delivery: Stripe counts it in pending_webhooks.
    expect(emitted?.pending_webhooks).toBe(0);
    expect(sandbox.deliveries().filter((d) => d.endpoint === endpoint.id)).toHaveLength(1);
  });

  it('refuses what Stripe refuses: no enabled_events, a malformed type, a URL that is not http(s), an unknown id', async () => {
    const stripe = await fresh();
    const url = 'https://shop.example/hooks';
    const missing = await refused(
      stripe.webhookEndpoints.create({
        url,
        enabled_events: [] as Stripe.WebhookEndpointCreateParams['enabled_events'],
      }),
    );
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'enabled_events' });
    const malformed = await refused(
      stripe.webhookEndpoints.create({
        url,
        enabled_events: ['charge.succeeded', 'Charge Succeeded' as 'charge.succeeded'],
      }),
    );
    expect(malformed.param).toBe('enabled_events[1]');
    const badUrl = await refused(stripe.webhookEndpoints.create({ url: 'ftp://x', enabled_events: ['*'] }));
    expect(badUrl.param).toBe('url');
    const unknown = await refused(stripe.webhookEndpoints.retrieve('we_nothere'));
    expect(unknown.code).toBe('resource_missing');
    expect((await stripe.webhookEndpoints.list()).data).toEqual([]);
  });
});
