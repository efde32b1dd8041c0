import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.ts';
import { useTestSandbox } from '../test-sandbox-hooks.ts';
import { waitFor } from '../testing.ts';

let sandbox: Sandbox;
let stripe: Stripe;

useTestSandbox((started) => ({ sandbox, stripe } = started));

function paid(paymentMethod: string, amount = 12_000, manual = false): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
    payment_method: paymentMethod,
    confirm: true,
    ...(manual ? { capture_method: 'manual' as const } : {}),
  });
}

function typesFor(refundId: string): string[] {
  return sandbox
    .events()
    .filter((e) => (e.data.object as { id: string }).id === refundId)
    .map((e) => e.type);
}

describe('refunds', () => {
  it('partial refunds add up to the captured amount, then the charge is refunded and more is refused', async () => {
    const intent = await paid('pm_card_visa');
    const first = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 2000,
      reason: 'requested_by_customer',
      metadata: { order: 'SHP-1' },
    });
    expect(first).toMatchObject({
      status: 'succeeded',
      amount: 2000,
      reason: 'requested_by_customer',
      metadata: { order: 'SHP-1' },
      payment_intent: intent.id,
    });
    await stripe.refunds.create({ charge: intent.latest_charge as string, amount: 3000 });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 7001 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'amount',
    });
    const last = await stripe.refunds.create({ payment_intent: intent.id });
    expect(last.amount).toBe(7000);
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      amount_refunded: 12_000,
      refunded: true,
    });
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    });
    const listed = await stripe.refunds.list({ payment_intent: intent.id });
    expect(listed.data.map((r) => r.amount)).toEqual([7000, 3000, 2000]);
    expect(typesFor(first.id)).toEqual(['refund.created']);
    expect(sandbox.events().filter((e) => e.type === 'charge.refunded')).toHaveLength(3);
  });

  it('after a partial capture only the captured amount can be refunded', async () => {
    const intent = await paid('pm_card_visa', 12_000, true);
    await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 11_000 });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 11_001 })).rejects.toMatchObject({
      param: 'amount',
    });
    await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      amount_captured: 11_000,
      amount_refunded: 2000,
      refunded: false,
    });
    expect((await stripe.refunds.create({ payment_intent: intent.id })).amount).toBe(10_000);
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      amount_refunded: 12_000,
      refunded: true,
    });
  });

  it('pm_card_pendingRefund: pending, then succeeded with refund.updated', async () => {
    const intent = await paid('pm_card_pendingRefund');
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 5000 });
    expect(refund.status).toBe('pending');
    await waitFor(() => typesFor(refund.id).includes('refund.updated'), 5_000, 'refund.updated');
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    expect(typesFor(refund.id)).toEqual(['refund.created', 'refund.updated', 'charge.refund.updated']);
  });

  it('pm_card_refundFail: succeeded, then failed with refund.failed, and the amount is refundable again', async () => {
    const intent = await paid('pm_card_refundFail');
    const refund = await stripe.refunds.create({ payment_intent: intent.id });
    expect(refund.status).toBe('succeeded');
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({ refunded: true });
    await waitFor(() => typesFor(refund.id).includes('refund.failed'), 5_000, 'refund.failed');
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({
      status: 'failed',
      failure_reason: 'unknown',
    });
    expect(typesFor(refund.id)).toEqual([
      'refund.created',
      'refund.updated',
      'charge.refund.updated',
      'refund.failed',
    ]);
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      amount_refunded: 0,
      refunded: false,
    });
  });

  it('reverse_transfer pulls a destination charge’s transfer back; on a charge with no transfer it is refused', async () => {
    const account = await stripe.accounts.create({ type: 'express', country: 'ES' });
    const destination = await stripe.paymentIntents.create({
      amount: 12_000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_visa',
      confirm: true,
      transfer_data: { destination: account.id },
      application_fee_amount: 600,
    });
    const reversed = await stripe.refunds.create({
      payment_intent: destination.id,
      amount: 3_000,
      reverse_transfer: true,
      refund_application_fee: true,
    });
    expect(reversed.transfer_reversal).toMatch(/^trr_/);
    const plain = await stripe.refunds.create({ payment_intent: destination.id, amount: 1_000 });
    expect(plain.transfer_reversal).toBeNull();
    const direct = await paid('pm_card_visa');
    await expect(
      stripe.refunds.create({ payment_intent: direct.id, reverse_transfer: true }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'reverse_transfer' });
  });

  it('the card numbers behind the refund cards are the documented ones', async () => {
    for (const [number, expected] of [
      ['4000000000007726', 'pending'],
      ['4000000000005126', 'succeeded'],
    ] as const) {
      const pm = await stripe.paymentMethods.create({
        type: 'card',
        card: { number, exp_month: 12, exp_year: 2040, cvc: '123' },
      });
      const refund = await stripe.refunds.create({ payment_intent: (await paid(pm.id)).id });
      expect(refund.status).toBe(expected);
    }
  });
});
