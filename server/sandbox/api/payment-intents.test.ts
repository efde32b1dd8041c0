import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.ts';
import { useTestSandbox } from '../test-sandbox-hooks.ts';
import { waitFor } from '../testing.ts';

let sandbox: Sandbox;
let stripe: Stripe;

useTestSandbox((started) => ({ sandbox, stripe } = started));

const card = { allowed_payment_method_types: ['card'] };

/** A €10.00 card PaymentIntent, not confirmed. */
const openIntent = () => stripe.paymentIntents.create({ amount: 1000, currency: 'eur', ...card });

/** A €10.00 card PaymentIntent confirmed at creation with `payment_method`; `extra` adds or replaces parameters. */
const confirmedWith = (payment_method: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({
    ...card,
    amount: 1000,
    currency: 'eur',
    payment_method,
    confirm: true,
    ...extra,
  });

describe('creating a PaymentIntent', () => {
  it('starts in requires_payment_method with a pi_…_secret_… client secret and Stripe defaults', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2500, currency: 'EUR' });
    expect(intent.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    expect(intent.object).toBe('payment_intent');
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_[A-Za-z0-9]+$`));
    expect(intent).toMatchObject({
      amount: 2500,
      currency: 'eur',
      status: 'requires_payment_method',
      capture_method: 'automatic_async',
      automatic_payment_methods: { enabled: true, allow_redirects: 'always' },
      allowed_payment_method_types: null,
      payment_method_types: ['card'],
      livemode: false,
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      metadata: {},
    });
  });

  it('stores every parameter CargoPay sends', async () => {
    const customer = await stripe.customers.create({ email: 'buyer@example.com' });
    const account = await stripe.accounts.create({ type: 'express', country: 'DE' });
    const sent = {
      amount: 12_345,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      payment_method_options: { card: { request_three_d_secure: 'any' } },
      metadata: { payment_request: 'pr_123', shipment: 'SHP-9' },
      description: 'Freight Hamburg → Lyon',
      receipt_email: 'buyer@example.com',
      statement_descriptor_suffix: 'SHIP 9',
      customer: customer.id,
      transfer_data: { destination: account.id },
      application_fee_amount: 345,
      on_behalf_of: account.id,
      capture_method: 'manual',
    } satisfies Stripe.PaymentIntentCreateParams;
    const intent = await stripe.paymentIntents.create(sent);
    expect(intent).toMatchObject({
      ...sent,
      automatic_payment_methods: null,
      payment_method_types: ['card'],
    });
  });

  it('with a payment method but no confirm waits in requires_confirmation', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
    });
    expect(intent.status).toBe('requires_confirmation');
    expect(intent.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
  });

  it('with confirm=true and a good card succeeds at once, with its charge', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      payment_method: 'pm_card_visa',
      confirm: true,
      expand: ['latest_charge'],
    });
    expect(intent.status).toBe('succeeded');
    expect(intent.amount_received).toBe(1000);
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 1000,
      captured: true,
      paid: true,
      status: 'succeeded',
    });
  });

  it('with automatic payment methods that allow redirects refuses a server-side confirm without return_url', async () => {
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      message: expect.stringContaining('return_url'),
    });
    const ok = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: true,
      return_url: 'https://shop.example/return',
    });
    expect(ok.status).toBe('succeeded');
  });

  it('accepts the older payment_method_types parameter too, and offers cards only', async () => {
    const legacy = (await stripe.rawRequest('POST', '/v1/payment_intents', {
      amount: 1000,
      currency: 'eur',
      payment_method_types: ['card'],
    })) as Stripe.PaymentIntent;
    expect(legacy).toMatchObject({ payment_method_types: ['card'], automatic_payment_methods: null });
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        allowed_payment_method_types: ['sepa_debit'],
      }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'allowed_payment_method_types' });
  });

  it('refuses amounts under the currency minimum (eur 50, gbp 30, huf 17500)', async () => {
    await expect(stripe.paymentIntents.create({ amount: 49, currency: 'eur' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'amount_too_small',
      param: 'amount',
      statusCode: 400,
    });
    await expect(stripe.paymentIntents.create({ amount: 50, currency: 'eur' })).resolves.toMatchObject({
      amount: 50,
    });
    await expect(stripe.paymentIntents.create({ amount: 29, currency: 'gbp' })).rejects.toMatchObject({
      code: 'amount_too_small',
    });
    await expect(stripe.paymentIntents.create({ amount: 17_499, currency: 'huf' })).rejects.toMatchObject({
      code: 'amount_too_small',
    });
    await expect(
      stripe.paymentIntents.create({ amount: 100_000_000, currency: 'eur' }),
    ).rejects.toMatchObject({
      code: 'amount_too_large',
    });
  });
});

describe('the PaymentIntent lifecycle', () => {
  it('retrieves, updates metadata (merge and unset) and lists newest first', async () => {
    const a = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      ...card,
      metadata: { a: '1', b: '2' },
    });
    const b = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', ...card });
    expect((await stripe.paymentIntents.retrieve(a.id)).amount).toBe(1000);
    const updated = await stripe.paymentIntents.update(a.id, {
      amount: 1500,
      metadata: { b: '', c: '3' },
      description: 'updated',
    });
    expect(updated).toMatchObject({ amount: 1500, metadata: { a: '1', c: '3' }, description: 'updated' });
    const list = await stripe.paymentIntents.list({ limit: 1 });
    expect(list.data.map((pi) => pi.id)).toEqual([b.id]);
    expect(list.has_more).toBe(true);
    const next = await stripe.paymentIntents.list({ limit: 1, starting_after: b.id });
    expect(next.data.map((pi) => pi.id)).toEqual([a.id]);
    expect(next.has_more).toBe(false);
    const all: string[] = [];
    for await (const pi of stripe.paymentIntents.list({ limit: 1 })) all.push(pi.id);
    expect(all).toEqual([b.id, a.id]);
  });

  it('lists by customer and by created range', async () => {
    const customer = await stripe.customers.create({ name: 'Buyer' });
    const mine = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      ...card,
      customer: customer.id,
    });
    await openIntent();
    expect((await stripe.paymentIntents.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([
      mine.id,
    ]);
    expect((await stripe.paymentIntents.list({ created: { gt: mine.created + 100 } })).data).toEqual([]);
    expect((await stripe.paymentIntents.list({ created: { gte: mine.created } })).data).toHaveLength(2);
  });

  it('confirms in a second call and then refuses a second confirmation', async () => {
    const intent = await openIntent();
    const confirmed = await stripe.paymentIntents.confirm(intent.id, {
      payment_method: 'pm_card_mastercard',
    });
    expect(confirmed.status).toBe('succeeded');
    await expect(stripe.paymentIntents.confirm(intent.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'payment_intent_unexpected_state',
    });
  });

  it('refuses to confirm without a payment method', async () => {
    const intent = await openIntent();
    await expect(stripe.paymentIntents.confirm(intent.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });

  it('manual capture: requires_capture, then a partial capture succeeds and releases the rest', async () => {
    const intent = await confirmedWith('pm_card_visa', { amount: 5000, capture_method: 'manual' });
    expect(intent).toMatchObject({ status: 'requires_capture', amount_capturable: 5000, amount_received: 0 });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, amount_captured: 0, status: 'succeeded' });
    await expect(stripe.paymentIntents.capture(intent.id, { amount_to_capture: 6000 })).rejects.toMatchObject(
      {
        code: 'amount_too_large',
      },
    );
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 4000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 4000, amount_capturable: 0 });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({
      captured: true,
      amount_captured: 4000,
      amount_refunded: 1000,
    });
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });

  it('cancels with a reason, then refuses to confirm the canceled intent', async () => {
    const intent = await openIntent();
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    await expect(
      stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'payment_intent_unexpected_state',
      statusCode: 400,
    });
    await expect(stripe.paymentIntents.cancel(intent.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });

  it('after success only metadata, description and receipt_email can change', async () => {
    const intent = await confirmedWith('pm_card_visa');
    await expect(stripe.paymentIntents.update(intent.id, { amount: 2000 })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
    expect(
      (await stripe.paymentIntents.update(intent.id, { metadata: { shipped: 'yes' } })).metadata,
    ).toEqual({
      shipped: 'yes',
    });
  });

  it('passes through processing when the processing switch is on, then succeeds', async () => {
    await fetch(`${sandbox.url}/_sandbox/payments/behaviour`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processing_ms: 30 }),
    });
    const intent = await confirmedWith('pm_card_visa');
    expect(intent.status).toBe('processing');
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).status).toBe('pending');
    await waitFor(
      async () => (await stripe.paymentIntents.retrieve(intent.id)).status === 'succeeded',
      2_000,
      'success',
    );
    const types = sandbox.events().map((e) => e.type);
    expect(types).toEqual([
      'payment_intent.created',
      'charge.pending',
      'payment_intent.processing',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
  });

  it('expands payment_method and latest_charge on retrieve', async () => {
    const intent = await confirmedWith('pm_card_visa');
    const expanded = await stripe.paymentIntents.retrieve(intent.id, {
      expand: ['payment_method', 'latest_charge'],
    });
    expect((expanded.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
    expect((expanded.latest_charge as Stripe.Charge).payment_intent).toBe(intent.id);
    await expect(stripe.paymentIntents.retrieve(intent.id, { expand: ['nonsense'] })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'expand',
    });
  });
});

describe('3D Secure', () => {
  it('requires_action with use_stripe_sdk pointing at the challenge page; completing it succeeds', async () => {
    const intent = await confirmedWith('pm_card_threeDSecure2Required');
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
    expect(JSON.stringify(intent.next_action)).toContain(`${sandbox.url}/_sandbox/3ds/${intent.id}`);
    const response = await fetch(`${sandbox.url}/_sandbox/3ds/${intent.id}/complete`, { method: 'POST' });
    expect(response.status).toBe(200);
    const answered = (await response.json()) as Record<string, unknown>;
    expect(answered).toMatchObject({ id: intent.id, status: 'succeeded' });
    expect(answered.metadata).toBeUndefined();
    const after = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(after.status).toBe('succeeded');
    expect((after.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure?.result).toBe(
      'authenticated',
    );
  });

  it('failing the challenge returns to requires_payment_method with payment_intent_authentication_failure', async () => {
    const intent = await confirmedWith('pm_card_authenticationRequired');
    expect(intent.status).toBe('requires_action');
    await fetch(`${sandbox.url}/_sandbox/3ds/${intent.id}/fail`, { method: 'POST' });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({
      code: 'payment_intent_authentication_failure',
      type: 'invalid_request_error',
    });
    expect(after.latest_charge).toBeNull();
    expect(sandbox.events().map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.payment_failed',
    ]);
    // A second attempt with another card works.
    const retried = await stripe.paymentIntents.confirm(after.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('request_three_d_secure=any challenges even a card that does not need it', async () => {
    const intent = await confirmedWith('pm_card_visa', {
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    });
    expect(intent.status).toBe('requires_action');
  });

  it('with a return_url and no use_stripe_sdk: redirect_to_url to a page whose choice comes back to return_url', async () => {
    const intent = await confirmedWith('pm_card_authenticationRequired', {
      return_url: 'https://shop.example/done?order=7',
    });
    expect(intent.next_action).toMatchObject({
      type: 'redirect_to_url',
      redirect_to_url: { return_url: 'https://shop.example/done?order=7' },
    });
    const page = await fetch(intent.next_action?.redirect_to_url?.url as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Complete authentication');
    expect(html).toContain('Fail authentication');
    expect(html).not.toContain('<script');
    const back = await fetch(`${sandbox.url}/_sandbox/3ds/${intent.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'redirect=true',
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    const location = new URL(back.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/done');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      order: '7',
      payment_intent: intent.id,
      payment_intent_client_secret: intent.client_secret,
      redirect_status: 'succeeded',
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('off-session payment with a card that always needs authentication is declined authentication_required', async () => {
    await expect(
      confirmedWith('pm_card_authenticationRequired', { off_session: true }),
    ).rejects.toMatchObject({ type: 'StripeCardError', code: 'authentication_required' });
  });

  it('completing a challenge on an intent that is not waiting for one is refused', async () => {
    const intent = await openIntent();
    const response = await fetch(`${sandbox.url}/_sandbox/3ds/${intent.id}/complete`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'payment_intent_unexpected_state',
    );
  });
});
