import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContractStripeKey } from './config.ts';
import type { Sandbox } from './sandbox.ts';
import { startTestSandbox } from './testing.ts';

/**
 * The same API scenarios against the sandbox and, when `STRIPE_SECRET_KEY=sk_test_…` is set, against real
 * Stripe test mode: a scenario that passes on the sandbox and fails on Stripe is a difference the sandbox must
 * fix or list in its README.
 */

interface Target {
  stripe: () => Stripe;
  /** A client for the same target with a key that does not exist. */
  badKey: () => Stripe;
}

const card = { allowed_payment_method_types: ['card'] };

function scenarios(target: () => Target): void {
  const stripe = () => target().stripe();

  it('a new PaymentIntent waits for a payment method and has a client secret', async () => {
    const intent = await stripe().paymentIntents.create({ amount: 2000, currency: 'eur', ...card });
    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 2000,
      currency: 'eur',
      status: 'requires_payment_method',
    });
    expect(intent.client_secret?.startsWith(`${intent.id}_secret_`)).toBe(true);
  });

  it('pm_card_visa succeeds with an authorized, normal-risk charge', async () => {
    const intent = await stripe().paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      ...card,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('succeeded');
    const charge = await stripe().charges.retrieve(intent.latest_charge as string);
    expect(charge.outcome).toMatchObject({
      type: 'authorized',
      network_status: 'approved_by_network',
      risk_level: 'normal',
    });
  });

  it('pm_card_chargeDeclinedInsufficientFunds raises StripeCardError insufficient_funds', async () => {
    const error = await stripe()
      .paymentIntents.create({
        amount: 2000,
        currency: 'eur',
        ...card,
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        confirm: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
    const intent = (error as Stripe.errors.StripeCardError).payment_intent as Stripe.PaymentIntent;
    expect((await stripe().paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('pm_card_radarBlock is blocked by Radar', async () => {
    const error = (await stripe()
      .paymentIntents.create({
        amount: 2000,
        currency: 'eur',
        ...card,
        payment_method: 'pm_card_radarBlock',
        confirm: true,
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error).toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'fraudulent',
    });
    const charge = await stripe().charges.retrieve(error.charge as string);
    expect(charge.outcome?.type).toBe('blocked');
  });

  it('pm_card_riskLevelElevated succeeds with elevated risk', async () => {
    const intent = await stripe().paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      ...card,
      payment_method: 'pm_card_riskLevelElevated',
      confirm: true,
    });
    const charge = await stripe().charges.retrieve(intent.latest_charge as string);
    expect(charge.outcome?.risk_level).toBe('elevated');
  });

  it('pm_card_threeDSecure2Required requires_action with use_stripe_sdk', async () => {
    const intent = await stripe().paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      ...card,
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
    });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
  });

  it('bad input: amount under the minimum, missing amount, unknown currency', async () => {
    await expect(stripe().paymentIntents.create({ amount: 49, currency: 'eur' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'amount_too_small',
      param: 'amount',
    });
    await expect(
      stripe().rawRequest('POST', '/v1/payment_intents', { currency: 'eur' }),
    ).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'amount',
    });
    await expect(stripe().paymentIntents.create({ amount: 2000, currency: 'xyz' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'currency',
    });
  });

  it('an unknown id is 404 resource_missing', async () => {
    await expect(stripe().paymentIntents.retrieve('pi_doesnotexist000000000000')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      statusCode: 404,
    });
  });

  it('confirming a canceled PaymentIntent is payment_intent_unexpected_state', async () => {
    const intent = await stripe().paymentIntents.create({ amount: 2000, currency: 'eur', ...card });
    await stripe().paymentIntents.cancel(intent.id);
    await expect(
      stripe().paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }),
    ).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });

  it('an idempotency key replays the same body and refuses another', async () => {
    const key = `contract-${Date.now()}-${Math.random()}`;
    const first = await stripe().paymentIntents.create(
      { amount: 2000, currency: 'eur', ...card },
      { idempotencyKey: key },
    );
    const again = await stripe().paymentIntents.create(
      { amount: 2000, currency: 'eur', ...card },
      { idempotencyKey: key },
    );
    expect(again.id).toBe(first.id);
    await expect(
      stripe().paymentIntents.create({ amount: 3000, currency: 'eur', ...card }, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('a wrong key raises StripeAuthenticationError', async () => {
    await expect(target().badKey().paymentIntents.list({ limit: 1 })).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  it('metadata updates merge and unset keys', async () => {
    const intent = await stripe().paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      ...card,
      metadata: { a: '1', b: '2' },
    });
    const updated = await stripe().paymentIntents.update(intent.id, { metadata: { b: '', c: '3' } });
    expect(updated.metadata).toEqual({ a: '1', c: '3' });
  });

  it('manual capture of part of the amount', async () => {
    const intent = await stripe().paymentIntents.create({
      amount: 5000,
      currency: 'eur',
      ...card,
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('requires_capture');
    const captured = await stripe().paymentIntents.capture(intent.id, { amount_to_capture: 3000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3000 });
  });

  it('a partial refund', async () => {
    const intent = await stripe().paymentIntents.create({
      amount: 5000,
      currency: 'eur',
      ...card,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const refund = await stripe().refunds.create({ payment_intent: intent.id, amount: 1000 });
    expect(refund).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded' });
    expect((await stripe().charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(1000);
  });

  it('customers are created and retrieved', async () => {
    const customer = await stripe().customers.create({ email: 'contract@example.com' });
    expect((await stripe().customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      email: 'contract@example.com',
    });
  });

  it('dispute evidence files upload as multipart', async () => {
    const data = Buffer.from('%PDF-1.4\n<< /Type /Page >>\n%%EOF\n');
    const file = await stripe().files.create({
      purpose: 'dispute_evidence',
      file: { data, name: 'pod.pdf', type: 'application/pdf' },
    });
    expect(file).toMatchObject({ object: 'file', purpose: 'dispute_evidence', type: 'pdf' });
  });
}

describe('API contract: the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());
  scenarios(() => ({
    stripe: () => sandbox.stripeClient(),
    badKey: () =>
      new Stripe('sk_test_not_a_real_key', { host: '127.0.0.1', port: sandbox.port, protocol: 'http' }),
  }));
});

const realKey = readContractStripeKey();

describe.skipIf(realKey === null)(
  'API contract: real Stripe test mode (skipped unless STRIPE_SECRET_KEY=sk_test_… is set)',
  () => {
    const client = new Stripe(realKey ?? 'sk_test_unset', { maxNetworkRetries: 2 });
    scenarios(() => ({ stripe: () => client, badKey: () => new Stripe('sk_test_not_a_real_key') }));
  },
);
