import type { CardDecline } from './errors.ts';

/**
 * Stripe's test cards: what each card number (typed into the Payment Element) and each `pm_card_*` id (used
 * server-side) does when it is charged. The sandbox stores only the scenario name and the last four digits of
 * a card, never the number.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay';

/** Why a charge fails, with the error Stripe returns for it. */
export type DeclineKind =
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'fraudulent';

/** What happens to a successful charge a moment later. */
export type FollowUp =
  | { kind: 'dispute'; reason: 'fraudulent' | 'product_not_received' }
  | { kind: 'inquiry'; reason: 'general' }
  | { kind: 'early_fraud_warning'; fraud_type: 'made_with_stolen_card' };

export interface CardScenario {
  name: string;
  brand: CardBrand;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** `always`: every on-session payment needs a 3D Secure challenge; `one_time`: unless set up for future use. */
  threeDSecure: 'none' | 'always' | 'one_time';
  /** Declined by the issuer after authorization is attempted. */
  decline?: DeclineKind;
  /** Blocked by Radar before reaching the network. */
  radarBlock?: boolean;
  riskLevel: 'normal' | 'elevated' | 'highest';
  riskScore: number;
  followUp?: FollowUp;
  /**
   * How a refund of this card's charge ends (Stripe's "Simulate an asynchronous refund" cards): `pending` first
   * and `succeeded` a moment later, or `succeeded` first and `failed` a moment later. Other cards: `succeeded`.
   */
  refund?: 'pending_then_succeeded' | 'succeeded_then_failed';
}

const card = (
  name: string,
  brand: CardBrand,
  extra: Partial<Omit<CardScenario, 'name' | 'brand'>> = {},
): CardScenario => ({
  name,
  brand,
  funding: 'credit',
  country: 'US',
  threeDSecure: 'none',
  riskLevel: 'normal',
  riskScore: 23,
  ...extra,
});

/** Every test card the sandbox knows, by card number. */
export const TEST_CARD_NUMBERS: ReadonlyMap<string, CardScenario> = new Map([
  ['4242424242424242', card('visa', 'visa')],
  ['4000056655665556', card('visa_debit', 'visa', { funding: 'debit' })],
  ['5555555555554444', card('mastercard', 'mastercard')],
  ['2223003122003222', card('mastercard_2series', 'mastercard')],
  ['5200828282828210', card('mastercard_debit', 'mastercard', { funding: 'debit' })],
  ['5105105105105100', card('mastercard_prepaid', 'mastercard', { funding: 'prepaid' })],
  ['378282246310005', card('amex', 'amex')],
  ['371449635398431', card('amex2', 'amex')],
  ['6011111111111117', card('discover', 'discover')],
  ['3056930009020004', card('diners', 'diners')],
  ['3566002020360505', card('jcb', 'jcb', { country: 'JP' })],
  ['6200000000000005', card('unionpay', 'unionpay', { country: 'CN' })],
  ['4000002760000016', card('de', 'visa', { country: 'DE' })],
  ['4000002500000003', card('fr', 'visa', { country: 'FR' })],
  ['4000007240000007', card('es', 'visa', { country: 'ES' })],
  ['4000003800000008', card('it', 'visa', { country: 'IT' })],
  ['4000005280000002', card('nl', 'visa', { country: 'NL' })],
  ['4000008260000000', card('gb', 'visa', { country: 'GB' })],
  ['4000000000000002', card('chargeDeclined', 'visa', { decline: 'generic_decline' })],
  ['4000000000009995', card('chargeDeclinedInsufficientFunds', 'visa', { decline: 'insufficient_funds' })],
  ['4000000000009987', card('chargeDeclinedLostCard', 'visa', { decline: 'lost_card' })],
  ['4000000000009979', card('chargeDeclinedStolenCard', 'visa', { decline: 'stolen_card' })],
  ['4000000000000069', card('chargeDeclinedExpiredCard', 'visa', { decline: 'expired_card' })],
  ['4000000000000127', card('chargeDeclinedIncorrectCvc', 'visa', { decline: 'incorrect_cvc' })],
  ['4000000000000119', card('chargeDeclinedProcessingError', 'visa', { decline: 'processing_error' })],
  [
    '4100000000000019',
    card('radarBlock', 'visa', {
      radarBlock: true,
      decline: 'fraudulent',
      riskLevel: 'highest',
      riskScore: 95,
    }),
  ],
  [
    '4000002500003155',
    card('authenticationRequiredOnSetup', 'visa', { threeDSecure: 'one_time', country: 'FR' }),
  ],
  ['4000002760003184', card('authenticationRequired', 'visa', { threeDSecure: 'always', country: 'DE' })],
  ['4000000000003220', card('threeDSecure2Required', 'visa', { threeDSecure: 'always' })],
  ['4000000000009235', card('riskLevelElevated', 'visa', { riskLevel: 'elevated', riskScore: 71 })],
  ['4000000000004954', card('riskLevelHighest', 'visa', { riskLevel: 'highest', riskScore: 86 })],
  [
    '4000000000000259',
    card('createDispute', 'visa', { followUp: { kind: 'dispute', reason: 'fraudulent' } }),
  ],
  [
    '4000000000002685',
    card('createDisputeProductNotReceived', 'visa', {
      followUp: { kind: 'dispute', reason: 'product_not_received' },
    }),
  ],
  [
    '4000000000001976',
    card('createDisputeInquiry', 'visa', { followUp: { kind: 'inquiry', reason: 'general' } }),
  ],
  [
    '4000000000005423',
    card('createEarlyFraudWarning', 'visa', {
      followUp: { kind: 'early_fraud_warning', fraud_type: 'made_with_stolen_card' },
    }),
  ],
  ['4000000000007726', card('pendingRefund', 'visa', { refund: 'pending_then_succeeded' })],
  ['4000000000005126', card('refundFail', 'visa', { refund: 'succeeded_then_failed' })],
]);

const NUMBER_BY_PM: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_de: '4000002760000016',
  pm_card_fr: '4000002500000003',
  pm_card_es: '4000007240000007',
  pm_card_it: '4000003800000008',
  pm_card_nl: '4000005280000002',
  pm_card_gb: '4000008260000000',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeDeclinedFraudulent: '4100000000000019',
  pm_card_radarBlock: '4100000000000019',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_riskLevelElevated: '4000000000009235',
  pm_card_riskLevelHighest: '4000000000004954',
  pm_card_createDispute: '4000000000000259',
  pm_card_createDisputeProductNotReceived: '4000000000002685',
  pm_card_createDisputeInquiry: '4000000000001976',
  pm_card_createEarlyFraudWarning: '4000000000005423',
  pm_card_pendingRefund: '4000000000007726',
  pm_card_refundFail: '4000000000005126',
};

/** Every `pm_card_*` id the sandbox accepts. */
export const TEST_PAYMENT_METHOD_IDS: readonly string[] = Object.keys(NUMBER_BY_PM);

/** The test card behind a `pm_card_*` id, as a card number's last four digits and scenario. */
export function testPaymentMethod(id: string): { last4: string; scenario: CardScenario } | undefined {
  const number = NUMBER_BY_PM[id];
  if (number === undefined) return undefined;
  return { last4: number.slice(-4), scenario: TEST_CARD_NUMBERS.get(number) as CardScenario };
}

/** Luhn checksum, as every card form and Stripe check it. */
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The brand a card number belongs to, by its leading digits. */
export function brandOf(number: string): CardBrand | 'unknown' {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^3(0[0-5]|[689])/.test(number)) return 'diners';
  if (/^35/.test(number)) return 'jcb';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

/** The error Stripe returns for each kind of decline. */
export function declineError(kind: DeclineKind): CardDecline {
  switch (kind) {
    case 'generic_decline':
      return { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
    case 'insufficient_funds':
      return {
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      };
    case 'lost_card':
      return { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' };
    case 'stolen_card':
      return { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' };
    case 'fraudulent':
      return { code: 'card_declined', decline_code: 'fraudulent', message: 'Your card was declined.' };
    case 'expired_card':
      return {
        code: 'expired_card',
        decline_code: 'expired_card',
        message: 'Your card has expired.',
        param: 'exp_month',
      };
    case 'incorrect_cvc':
      return {
        code: 'incorrect_cvc',
        decline_code: 'incorrect_cvc',
        message: "Your card's security code is incorrect.",
        param: 'cvc',
      };
    case 'processing_error':
      return {
        code: 'processing_error',
        decline_code: 'processing_error',
        message: 'An error occurred while processing your card. Try again in a little bit.',
      };
  }
}
