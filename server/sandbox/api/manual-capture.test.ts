import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.ts';
import { useTestSandbox } from '../test-sandbox-hooks.ts';

let sandbox: Sandbox;
let stripe: Stripe;

useTestSandbox((started) => ({ sandbox, stripe } = started));

const DAY = 86_400;

async function control(path: string, body: unknown = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A confirmed manual-capture PaymentIntent that asks for both extended and incremental authorization. */
function authorize(paymentMethod: string, amount = 12_000, ask = true): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
    capture_method: 'manual',
    payment_method: paymentMethod,
    confirm: true,
    ...(ask
      ? {
          payment_method_options: {
            card: {
              request_extended_authorization: 'if_available',
              request_incremental_authorization: 'if_available',
            },
          },
        }
      : {}),
  });
}

async function cardDetails(intent: Stripe.PaymentIntent): Promise<Stripe.Charge.PaymentMethodDetails.Card> {
  const charge = await stripe.charges.retrieve(intent.latest_charge as string);
  return charge.payment_method_details?.card as Stripe.Charge.PaymentMethodDetails.Card;
}

function eventTypes(intentId: string): string[] {
  return sandbox
    .events()
    .filter((e) => {
      const object = e.data.object as { id: string; payment_intent?: string };
      return object.id === intentId || object.payment_intent === intentId;
    })
    .map((e) => e.type);
}

describe('an authorization held for capture', () => {
  it('a Mastercard grants both: requires_capture, 30-day capture_before, extended enabled, incremental available', async () => {
    const intent = await authorize('pm_card_mastercard');
    expect(intent).toMatchObject({
      status: 'requires_capture',
      amount_capturable: 12_000,
      amount_received: 0,
    });
    expect(intent.payment_method_options?.card).toMatchObject({
      request_extended_authorization: 'if_available',
      request_incremental_authorization: 'if_available',
    });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, amount_captured: 0, status: 'succeeded', paid: true });
    const card = charge.payment_method_details?.card;
    expect(card?.capture_before).toBe(charge.created + 30 * DAY);
    expect(card?.extended_authorization).toEqual({ status: 'enabled' });
    expect(card?.incremental_authorization).toEqual({ status: 'available' });
    expect(eventTypes(intent.id)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
    ]);
  });

  it('a US Visa grants incremental but not extended: 7 days', async () => {
    const intent = await authorize('pm_card_visa');
    const card = await cardDetails(intent);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(card.capture_before).toBe(charge.created + 7 * DAY);
    expect(card.extended_authorization).toEqual({ status: 'disabled' });
    expect(card.incremental_authorization).toEqual({ status: 'available' });
  });

  it('a Visa confirmed off_session (merchant-initiated) holds 4 days 18 hours', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 5000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      off_session: true,
      confirm: true,
    });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.payment_method_details?.card?.capture_before).toBe(charge.created + 4 * DAY + 18 * 3600);
  });

  it('a German Visa (SCA country) and an Amex refuse incremental authorization', async () => {
    for (const pm of ['pm_card_de', 'pm_card_amex']) {
      const card = await cardDetails(await authorize(pm));
      expect(card.incremental_authorization).toEqual({ status: 'unavailable' });
      expect(card.extended_authorization).toEqual({ status: 'disabled' });
    }
  });

  it('nothing asked for, nothing granted, even on a card that could', async () => {
    const card = await cardDetails(await authorize('pm_card_mastercard', 5000, false));
    expect(card.extended_authorization).toEqual({ status: 'disabled' });
    expect(card.incremental_authorization).toEqual({ status: 'unavailable' });
  });

  it('refuses an unknown value for the request options', async () => {
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        payment_method_options: { card: { request_incremental_authorization: 'always' as 'if_available' } },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_method_options[card][request_incremental_authorization]',
    });
  });
});

describe('capture', () => {
  it('a partial capture releases the rest and emits charge.captured then payment_intent.succeeded', async () => {
    const intent = await authorize('pm_card_visa');
    await expect(
      stripe.paymentIntents.capture(intent.id, { amount_to_capture: 12_001 }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'amount_too_large',
      param: 'amount_to_capture',
    });
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 11_000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 11_000, amount_capturable: 0 });
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      captured: true,
      amount_captured: 11_000,
      refunded: false,
    });
    expect(eventTypes(intent.id).slice(-2)).toEqual(['charge.captured', 'payment_intent.succeeded']);
  });

  it('after capture_before the capture is refused and the authorization lapses', async () => {
    const intent = await authorize('pm_card_visa');
    const moved = await control(`/_sandbox/payment_intents/${intent.id}/authorization`, {
      capture_before: Math.floor(Date.now() / 1000) - 1,
    });
    expect(moved.status).toBe(200);
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'capture_charge_authorization_expired',
    });
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'automatic',
      amount_capturable: 0,
    });
    expect(eventTypes(intent.id).slice(-2)).toEqual(['charge.expired', 'payment_intent.canceled']);
  });
});

describe('increment_authorization', () => {
  it('raises the hold of a card that grants it, then captures above the first amount', async () => {
    const intent = await authorize('pm_card_mastercard', 12_000);
    const raised = await stripe.paymentIntents.incrementAuthorization(intent.id, { amount: 13_450 });
    expect(raised).toMatchObject({ status: 'requires_capture', amount: 13_450, amount_capturable: 13_450 });
    expect((await cardDetails(raised)).amount_authorized).toBe(13_450);
    const events = sandbox.events().filter((e) => e.type === 'payment_intent.amount_capturable_updated');
    expect((events.at(-1)?.data.object as Stripe.PaymentIntent).amount_capturable).toBe(13_450);
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 13_450 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 13_450 });
  });

  it('refuses a card without it, an amount not above the current one, and a captured intent', async () => {
    const refused = await authorize('pm_card_de');
    await expect(
      stripe.paymentIntents.incrementAuthorization(refused.id, { amount: 13_000 }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_intent_invalid_parameter',
    });
    const notAsked = await authorize('pm_card_visa', 12_000, false);
    await expect(
      stripe.paymentIntents.incrementAuthorization(notAsked.id, { amount: 13_000 }),
    ).rejects.toMatchObject({
      code: 'payment_intent_invalid_parameter',
    });
    const granted = await authorize('pm_card_visa');
    await expect(
      stripe.paymentIntents.incrementAuthorization(granted.id, { amount: 12_000 }),
    ).rejects.toMatchObject({
      code: 'payment_intent_invalid_parameter',
      param: 'amount',
    });
    await stripe.paymentIntents.capture(granted.id);
    await expect(
      stripe.paymentIntents.incrementAuthorization(granted.id, { amount: 13_000 }),
    ).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });
});

describe('void and expiry', () => {
  it('canceling a requires_capture intent voids it: canceled, amount_capturable 0, payment_intent.canceled', async () => {
    const intent = await authorize('pm_card_visa');
    const canceled = await stripe.paymentIntents.cancel(intent.id, {
      cancellation_reason: 'requested_by_customer',
    });
    expect(canceled).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    expect(eventTypes(intent.id).at(-1)).toBe('payment_intent.canceled');
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('the control API lapses a hold now: charge.expired (charge refunded in full), PaymentIntent canceled', async () => {
    const intent = await authorize('pm_card_visa');
    const { status } = await control(`/_sandbox/payment_intents/${intent.id}/authorization/expire`);
    expect(status).toBe(200);
    expect(eventTypes(intent.id).slice(-2)).toEqual(['charge.expired', 'payment_intent.canceled']);
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      captured: false,
      refunded: true,
      amount_refunded: 12_000,
    });
    expect((await control(`/_sandbox/payment_intents/${intent.id}/authorization/expire`)).status).toBe(400);
  });

  it('refuses to refund an uncaptured PaymentIntent: it must be canceled instead', async () => {
    const intent = await authorize('pm_card_visa');
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      statusCode: 400,
      code: 'charge_not_refundable',
    });
    await expect(stripe.refunds.create({ charge: intent.latest_charge as string })).rejects.toMatchObject({
      code: 'charge_not_refundable',
    });
  });
});
