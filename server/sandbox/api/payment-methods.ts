import { createHmac } from 'node:crypto';
import type Stripe from 'stripe';
import { brandOf, luhnValid, TEST_CARD_NUMBERS, testPaymentMethod, type CardScenario } from './cards.ts';
import { cardError, invalidRequest, missingParam, noSuch } from './errors.ts';
import type { FormObject } from './form.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import {
  allowOnly,
  allowOnlyIn,
  applyMetadata,
  readEnum,
  readExpand,
  readObject,
  readString,
} from './params.ts';
import { expand } from './expand.ts';
import type { PaymentMethodRecord, SandboxState } from './state.ts';

function billingDetails(value: FormObject | undefined, prefix: string): Stripe.PaymentMethod.BillingDetails {
  const details: Stripe.PaymentMethod.BillingDetails = {
    address: null,
    email: null,
    name: null,
    phone: null,
    tax_id: null,
  };
  if (!value) return details;
  allowOnlyIn(value, prefix, ['address', 'email', 'name', 'phone', 'tax_id']);
  details.email = readString(value, 'email', { param: `${prefix}[email]`, max: 800 }) || null;
  details.name = readString(value, 'name', { param: `${prefix}[name]`, max: 5000 }) || null;
  details.phone = readString(value, 'phone', { param: `${prefix}[phone]`, max: 5000 }) || null;
  details.tax_id = readString(value, 'tax_id', { param: `${prefix}[tax_id]`, max: 5000 }) || null;
  const address = readObject(value, 'address', `${prefix}[address]`);
  if (address) {
    const fields = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;
    allowOnlyIn(address, `${prefix}[address]`, fields);
    const read = (k: (typeof fields)[number]) =>
      readString(address, k, { param: `${prefix}[address][${k}]`, max: 5000 }) || null;
    details.address = {
      city: read('city'),
      country: read('country'),
      line1: read('line1'),
      line2: read('line2'),
      postal_code: read('postal_code'),
      state: read('state'),
    };
  }
  return details;
}

function cardObject(
  scenario: CardScenario,
  last4: string,
  expMonth: number,
  expYear: number,
  fingerprint: string,
  cvcGiven: boolean,
): Stripe.PaymentMethod.Card {
  return {
    brand: scenario.brand,
    checks: {
      address_line1_check: null,
      address_postal_code_check: null,
      cvc_check: cvcGiven ? 'unchecked' : null,
    },
    country: scenario.country,
    display_brand: scenario.brand,
    exp_month: expMonth,
    exp_year: expYear,
    fingerprint,
    funding: scenario.funding,
    generated_from: null,
    last4,
    networks: { available: [scenario.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

function store(
  state: SandboxState,
  scenario: CardScenario,
  card: Stripe.PaymentMethod.Card,
  billing: Stripe.PaymentMethod.BillingDetails,
  metadata: Record<string, string>,
): PaymentMethodRecord {
  const object: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billing,
    card,
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata,
    type: 'card',
  };
  const record = { object, scenario };
  state.paymentMethods.set(object.id, record);
  state.track(object.id);
  return record;
}

/**
 * Creates a card PaymentMethod from raw card details, as `POST /v1/payment_methods` does for the Payment
 * Element. Validates the number (Luhn), expiry and CVC with Stripe's card errors; refuses real cards as test
 * mode does. Keeps only the last four digits and a fingerprint, never the number or the CVC.
 */
export function createCardPaymentMethod(
  state: SandboxState,
  body: FormObject,
  prefix = '',
): PaymentMethodRecord {
  const cardParam = (k: string) => (prefix ? `${prefix}[card][${k}]` : `card[${k}]`);
  const card = readObject(body, 'card', prefix ? `${prefix}[card]` : 'card');
  if (!card) throw missingParam(prefix ? `${prefix}[card]` : 'card');
  allowOnlyIn(card, prefix ? `${prefix}[card]` : 'card', ['number', 'exp_month', 'exp_year', 'cvc']);
  const number = (readString(card, 'number', { required: true, param: cardParam('number') }) ?? '').replace(
    /[\s-]/g,
    '',
  );
  const incorrect = () =>
    cardError({
      code: 'incorrect_number',
      message: 'Your card number is incorrect.',
      param: cardParam('number'),
    });
  if (!luhnValid(number)) throw incorrect();
  const expMonthRaw = readString(card, 'exp_month', { required: true, param: cardParam('exp_month') }) ?? '';
  const expYearRaw = readString(card, 'exp_year', { required: true, param: cardParam('exp_year') }) ?? '';
  const expMonth = Number(expMonthRaw);
  let expYear = Number(expYearRaw);
  if (!/^\d{1,2}$/.test(expMonthRaw) || expMonth < 1 || expMonth > 12) {
    throw cardError({
      code: 'invalid_expiry_month',
      message: "Your card's expiration month is invalid.",
      param: cardParam('exp_month'),
    });
  }
  if (!/^\d{2}(\d{2})?$/.test(expYearRaw)) {
    throw cardError({
      code: 'invalid_expiry_year',
      message: "Your card's expiration year is invalid.",
      param: cardParam('exp_year'),
    });
  }
  if (expYear < 100) expYear += 2000;
  const now = new Date();
  const thisYear = now.getUTCFullYear();
  if (expYear < thisYear || expYear > thisYear + 50) {
    throw cardError({
      code: 'invalid_expiry_year',
      message: "Your card's expiration year is invalid.",
      param: cardParam('exp_year'),
    });
  }
  if (expYear === thisYear && expMonth < now.getUTCMonth() + 1) {
    throw cardError({
      code: 'invalid_expiry_month',
      message: "Your card's expiration month is invalid.",
      param: cardParam('exp_month'),
    });
  }
  const cvc = readString(card, 'cvc', { param: cardParam('cvc') });
  const brand = brandOf(number);
  if (cvc !== undefined && cvc !== '' && !(brand === 'amex' ? /^\d{4}$/ : /^\d{3}$/).test(cvc)) {
    throw cardError({
      code: 'invalid_cvc',
      message: "Your card's security code is invalid.",
      param: cardParam('cvc'),
    });
  }
  const scenario = TEST_CARD_NUMBERS.get(number);
  if (!scenario) {
    throw cardError({
      code: 'card_declined',
      decline_code: 'test_mode_live_card',
      message:
        'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
    });
  }
  const fingerprint = createHmac('sha256', state.fingerprintKey)
    .update(number)
    .digest('base64url')
    .slice(0, 16);
  const billing = billingDetails(
    readObject(body, 'billing_details', prefix ? `${prefix}[billing_details]` : 'billing_details'),
    prefix ? `${prefix}[billing_details]` : 'billing_details',
  );
  return store(
    state,
    scenario,
    cardObject(scenario, number.slice(-4), expMonth, expYear, fingerprint, Boolean(cvc)),
    billing,
    applyMetadata(body),
  );
}

/**
 * The PaymentMethod a PaymentIntent should use: a stored `pm_…`, or a fresh one cloned from a `pm_card_*` test
 * id (as Stripe test mode does).
 */
export function resolvePaymentMethod(
  state: SandboxState,
  id: string,
  param = 'payment_method',
): PaymentMethodRecord {
  const existing = state.paymentMethods.get(id);
  if (existing) return existing;
  const test = testPaymentMethod(id);
  if (test) {
    const fingerprint = createHmac('sha256', state.fingerprintKey)
      .update(id)
      .digest('base64url')
      .slice(0, 16);
    const year = new Date().getUTCFullYear() + 1;
    return store(
      state,
      test.scenario,
      cardObject(test.scenario, test.last4, 12, year, fingerprint, false),
      billingDetails(undefined, ''),
      {},
    );
  }
  throw noSuch('PaymentMethod', id, param);
}

/** `POST /v1/payment_methods` (secret or publishable key). */
export function createPaymentMethodRoute(ctx: ApiContext): Stripe.PaymentMethod {
  allowOnly(ctx.body, ['type', 'card', 'billing_details', 'metadata', 'expand', 'allow_redisplay']);
  const type = readString(ctx.body, 'type', { required: true });
  if (type !== 'card') {
    throw invalidRequest(
      `The payment method type '${type}' is not available in the offline sandbox; use 'card'.`,
      {
        param: 'type',
        code: 'payment_method_invalid_parameter',
      },
    );
  }
  const record = createCardPaymentMethod(ctx.state, ctx.body);
  const redisplay = readEnum(ctx.body, 'allow_redisplay', ['always', 'limited', 'unspecified'] as const);
  if (redisplay) record.object.allow_redisplay = redisplay;
  return expand(ctx.state, record.object, readExpand(ctx.body));
}

/** `GET /v1/payment_methods/:id`. */
export function retrievePaymentMethodRoute(ctx: ApiContext): Stripe.PaymentMethod {
  const id = ctx.params.id as string;
  const record = ctx.state.paymentMethods.get(id);
  if (!record) throw noSuch('PaymentMethod', id, 'payment_method');
  return expand(ctx.state, record.object, readExpand(ctx.query));
}
