import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.ts';
import { useTestSandbox } from '../test-sandbox-hooks.ts';
import { waitFor } from '../testing.ts';
import { TEST_PAYMENT_METHOD_IDS, testPaymentMethod } from './cards.ts';

let sandbox: Sandbox;
let stripe: Stripe;

useTestSandbox((started) => ({ sandbox, stripe } = started));

const nextYear = new Date().getUTCFullYear() + 1;

/** Confirms a fresh intent with a PaymentMethod id; returns the intent, or the card error. */
async function pay(
  paymentMethod: string,
): Promise<{ intent: Stripe.PaymentIntent; error?: Stripe.errors.StripeCardError }> {
  try {
    const intent = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      payment_method: paymentMethod,
      confirm: true,
    });
    return { intent };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeCardError)) throw error;
    return { intent: (error.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent, error };
  }
}

/** Creates a PaymentMethod from a card number, as the Payment Element does. */
function methodFor(
  number: string,
  cvc = number.startsWith('3') ? '1234' : '123',
): Promise<Stripe.PaymentMethod> {
  return stripe.paymentMethods.create({
    type: 'card',
    card: { number, exp_month: 12, exp_year: nextYear, cvc },
  });
}

/**
 * The two ways a test card reaches a payment, each a test of its own: its `pm_card_*` id, and a PaymentMethod
 * made from its number (as the Payment Element does). Each is `[label, source of the PaymentMethod id]`.
 */
const bothWays = (pm: string, number: string) =>
  [
    [pm, async () => pm],
    [number, async () => (await methodFor(number)).id],
  ] as const;

const successes: [string, string, string][] = [
  ['pm_card_visa', '4242424242424242', 'visa'],
  ['pm_card_mastercard', '5555555555554444', 'mastercard'],
];

const declines: [string, string, { code: string; decline_code: string; outcomeType: string }][] = [
  [
    'pm_card_chargeDeclined',
    '4000000000000002',
    { code: 'card_declined', decline_code: 'generic_decline', outcomeType: 'issuer_declined' },
  ],
  [
    'pm_card_chargeDeclinedInsufficientFunds',
    '4000000000009995',
    { code: 'card_declined', decline_code: 'insufficient_funds', outcomeType: 'issuer_declined' },
  ],
  [
    'pm_card_chargeDeclinedLostCard',
    '4000000000009987',
    { code: 'card_declined', decline_code: 'lost_card', outcomeType: 'issuer_declined' },
  ],
  [
    'pm_card_chargeDeclinedStolenCard',
    '4000000000009979',
    { code: 'card_declined', decline_code: 'stolen_card', outcomeType: 'issuer_declined' },
  ],
  [
    'pm_card_chargeDeclinedExpiredCard',
    '4000000000000069',
    { code: 'expired_card', decline_code: 'expired_card', outcomeType: 'issuer_declined' },
  ],
  [
    'pm_card_chargeDeclinedIncorrectCvc',
    '4000000000000127',
    { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', outcomeType: 'issuer_declined' },
  ],
  [
    'pm_card_radarBlock',
    '4100000000000019',
    { code: 'card_declined', decline_code: 'fraudulent', outcomeType: 'blocked' },
  ],
];

const challenges: [string, string][] = [
  ['pm_card_authenticationRequired', '4000002760003184'],
  ['pm_card_threeDSecure2Required', '4000000000003220'],
  ['pm_card_authenticationRequiredOnSetup', '4000002500003155'],
];

const risky: [string, string, string, number][] = [
  ['pm_card_riskLevelElevated', '4000000000009235', 'elevated', 65],
  ['pm_card_riskLevelHighest', '4000000000004954', 'highest', 75],
];

describe('test cards that succeed', () => {
  for (const [pm, number, brand] of successes) {
    for (const [label, source] of bothWays(pm, number)) {
      it(`${label} succeeds with an authorized, normal-risk charge`, async () => {
        const { intent, error } = await pay(await source());
        expect(error).toBeUndefined();
        expect(intent.status).toBe('succeeded');
        const charge = await stripe.charges.retrieve(intent.latest_charge as string);
        expect(charge.outcome).toMatchObject({
          network_status: 'approved_by_network',
          type: 'authorized',
          risk_level: 'normal',
          seller_message: 'Payment complete.',
        });
        expect(charge.outcome?.risk_score).toBeLessThan(65);
        expect(charge.payment_method_details?.card).toMatchObject({ brand, last4: number.slice(-4) });
      });
    }
  }
});

describe('test cards that are declined', () => {
  for (const [pm, number, expected] of declines) {
    for (const [label, source] of bothWays(pm, number)) {
      it(`${label} is declined with ${expected.code}/${expected.decline_code}`, async () => {
        const { intent, error } = await pay(await source());
        expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
        expect(error).toMatchObject({
          code: expected.code,
          decline_code: expected.decline_code,
          statusCode: 402,
        });
        expect(intent.status).toBe('requires_payment_method');
        expect(intent.last_payment_error).toMatchObject({
          type: 'card_error',
          code: expected.code,
          decline_code: expected.decline_code,
        });
        const charge = await stripe.charges.retrieve(intent.latest_charge as string);
        expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: expected.code });
        expect(charge.outcome?.type).toBe(expected.outcomeType);
        if (expected.outcomeType === 'blocked') {
          expect(charge.outcome).toMatchObject({
            network_status: 'not_sent_to_network',
            risk_level: 'highest',
            reason: 'highest_risk_level',
          });
        } else {
          expect(charge.outcome?.network_status).toBe('declined_by_network');
        }
        const types = sandbox.events().map((e) => e.type);
        expect(types).toContain('charge.failed');
        expect(types).toContain('payment_intent.payment_failed');
      });
    }
  }
});

describe('test cards that need 3D Secure', () => {
  for (const [pm, number] of challenges) {
    for (const [label, source] of bothWays(pm, number)) {
      it(`${label} requires_action, then succeeds once authenticated`, async () => {
        const { intent } = await pay(await source());
        expect(intent.status).toBe('requires_action');
        expect(intent.next_action?.type).toBe('use_stripe_sdk');
        await fetch(`${sandbox.url}/_sandbox/3ds/${intent.id}/complete`, { method: 'POST' });
        expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
      });
    }
  }
});

describe('test cards with a Radar risk level', () => {
  for (const [pm, number, level, minScore] of risky) {
    for (const [label, source] of bothWays(pm, number)) {
      it(`${label} succeeds with risk_level ${level}`, async () => {
        const { intent } = await pay(await source());
        expect(intent.status).toBe('succeeded');
        const charge = await stripe.charges.retrieve(intent.latest_charge as string);
        expect(charge.outcome).toMatchObject({ risk_level: level, type: 'authorized' });
        expect(charge.outcome?.risk_score).toBeGreaterThanOrEqual(minScore);
      });
    }
  }
});

describe('test cards that are disputed or warned about after succeeding', () => {
  const cases: [string, string, string, (types: string[]) => void][] = [
    [
      'pm_card_createDispute',
      '4000000000000259',
      'fraudulent',
      (t) => expect(t).toContain('charge.dispute.funds_withdrawn'),
    ],
    [
      'pm_card_createDisputeProductNotReceived',
      '4000000000002685',
      'product_not_received',
      (t) => expect(t).toContain('charge.dispute.funds_withdrawn'),
    ],
    [
      'pm_card_createDisputeInquiry',
      '4000000000001976',
      'general',
      (t) => expect(t).not.toContain('charge.dispute.funds_withdrawn'),
    ],
  ];
  for (const [pm, number, reason, check] of cases) {
    for (const [label, source] of bothWays(pm, number)) {
      it(`${label} succeeds, then is disputed (${reason})`, async () => {
        const { intent } = await pay(await source());
        expect(intent.status).toBe('succeeded');
        const dispute = await waitFor(
          async () => (await stripe.disputes.list({ payment_intent: intent.id })).data[0],
          2_000,
          'the dispute',
        );
        expect(dispute).toMatchObject({
          reason,
          charge: intent.latest_charge,
          amount: 4200,
          currency: 'eur',
        });
        expect(dispute.status).toBe(reason === 'general' ? 'warning_needs_response' : 'needs_response');
        expect(dispute.is_charge_refundable).toBe(reason === 'general');
        expect(dispute.evidence_details.due_by).toBeGreaterThan(Date.now() / 1000);
        expect((await stripe.charges.retrieve(intent.latest_charge as string)).disputed).toBe(true);
        const types = sandbox.events().map((e) => e.type);
        expect(types).toContain('charge.dispute.created');
        check(types);
      });
    }
  }

  for (const [label, source] of bothWays('pm_card_createEarlyFraudWarning', '4000000000005423')) {
    it(`${label} succeeds, then gets an actionable early fraud warning`, async () => {
      const { intent } = await pay(await source());
      expect(intent.status).toBe('succeeded');
      const warning = await waitFor(
        async () => (await stripe.radar.earlyFraudWarnings.list({ payment_intent: intent.id })).data[0],
        2_000,
        'the early fraud warning',
      );
      expect(warning).toMatchObject({
        actionable: true,
        charge: intent.latest_charge,
        fraud_type: 'made_with_stolen_card',
      });
      expect(await stripe.radar.earlyFraudWarnings.retrieve(warning.id)).toEqual(warning);
      expect(sandbox.events().map((e) => e.type)).toContain('radar.early_fraud_warning.created');
    });
  }
});

describe('every pm_card_* id the sandbox knows', () => {
  it('can be used for a payment, and the outcome matches its card number', async () => {
    for (const id of TEST_PAYMENT_METHOD_IDS) {
      const { intent, error } = await pay(id);
      const scenario = testPaymentMethod(id)?.scenario;
      if (scenario?.decline) expect(error, id).toBeInstanceOf(Stripe.errors.StripeCardError);
      else if (scenario?.threeDSecure !== 'none') expect(intent.status, id).toBe('requires_action');
      else expect(intent.status, id).toBe('succeeded');
    }
    expect(TEST_PAYMENT_METHOD_IDS).toContain('pm_card_chargeDeclinedProcessingError');
    const { error } = await pay('pm_card_chargeDeclinedProcessingError');
    expect(error).toMatchObject({ code: 'processing_error' });
  });
});

describe('creating PaymentMethods from card details', () => {
  it('keeps brand, last4, expiry and a stable fingerprint, never the number or CVC', async () => {
    const a = await methodFor('4242424242424242');
    const b = await methodFor('4242 4242 4242 4242');
    expect(a.card).toMatchObject({
      brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: nextYear,
      funding: 'credit',
    });
    expect(a.card?.fingerprint).toBe(b.card?.fingerprint);
    const raw = JSON.stringify(await stripe.paymentMethods.retrieve(a.id));
    expect(raw).not.toContain('4242424242424242');
    expect(raw).not.toContain('"cvc"');
    const events = JSON.stringify(sandbox.events());
    expect(events).not.toContain('4242424242424242');
  });

  it('rejects a number that fails the Luhn check as incorrect_number', async () => {
    await expect(methodFor('4242424242424241')).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'incorrect_number',
    });
  });

  it('rejects an expired card date and a malformed CVC', async () => {
    await expect(
      stripe.paymentMethods.create({
        type: 'card',
        card: { number: '4242424242424242', exp_month: 1, exp_year: 2020 },
      }),
    ).rejects.toMatchObject({ code: 'invalid_expiry_year' });
    await expect(
      stripe.paymentMethods.create({
        type: 'card',
        card: { number: '4242424242424242', exp_month: 13, exp_year: nextYear },
      }),
    ).rejects.toMatchObject({ code: 'invalid_expiry_month' });
    await expect(methodFor('4242424242424242', '12')).rejects.toMatchObject({ code: 'invalid_cvc' });
  });

  it('declines a real (non-test) card number, as test mode does', async () => {
    await expect(methodFor('4012000033330026')).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'test_mode_live_card',
    });
  });

  it('refuses an unknown pm_ id with resource_missing', async () => {
    await expect(pay('pm_card_doesNotExist')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      param: 'payment_method',
    });
  });
});
