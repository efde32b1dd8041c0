import type Stripe from 'stripe';
import { declineError, type CardScenario, type DeclineKind } from './cards.ts';
import type { CardDecline } from './errors.ts';
import { noSuch } from './errors.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import { paginate, matchesCreated } from './lists.ts';
import { allowOnly, readExpand, readString } from './params.ts';
import { expand } from './expand.ts';
import type { PaymentMethodRecord, SandboxState } from './state.ts';

/** How a charge attempt ended. */
export type ChargeResult =
  | { kind: 'authorized' }
  | { kind: 'pending' }
  | { kind: 'declined'; decline: DeclineKind }
  | { kind: 'blocked' }
  | { kind: 'authentication_required' };

const NETWORK_DECLINE_CODES: Record<DeclineKind, string> = {
  generic_decline: '05',
  insufficient_funds: '51',
  lost_card: '41',
  stolen_card: '43',
  expired_card: '54',
  incorrect_cvc: 'N7',
  processing_error: '96',
  fraudulent: '59',
};

/** `charge.outcome` as Stripe fills it for each result, with the card's Radar risk level and score. */
export function outcomeFor(scenario: CardScenario, result: ChargeResult): Stripe.Charge.Outcome {
  const risk = { risk_level: scenario.riskLevel, risk_score: scenario.riskScore };
  const base = { advice_code: null, network_advice_code: null, network_decline_code: null };
  switch (result.kind) {
    case 'authorized':
    case 'pending':
      return {
        ...base,
        network_status: 'approved_by_network',
        reason: null,
        ...risk,
        seller_message: 'Payment complete.',
        type: 'authorized',
      };
    case 'blocked':
      return {
        ...base,
        network_status: 'not_sent_to_network',
        reason: 'highest_risk_level',
        ...risk,
        rule: 'block_if_high_risk__enabled',
        seller_message: 'Stripe blocked this payment as too risky.',
        type: 'blocked',
      };
    case 'authentication_required':
      return {
        ...base,
        network_status: 'declined_by_network',
        reason: 'authentication_required',
        ...risk,
        seller_message: 'The bank returned the decline code `authentication_required`.',
        type: 'issuer_declined',
      };
    case 'declined': {
      const advice =
        result.decline === 'insufficient_funds'
          ? 'try_again_later'
          : result.decline === 'lost_card' || result.decline === 'stolen_card'
            ? 'do_not_try_again'
            : null;
      return {
        ...base,
        advice_code: advice,
        network_decline_code: NETWORK_DECLINE_CODES[result.decline],
        network_status: 'declined_by_network',
        reason: result.decline,
        ...risk,
        seller_message:
          result.decline === 'generic_decline'
            ? 'The bank did not return any further details with this decline.'
            : `The bank returned the decline code \`${result.decline}\`.`,
        type: 'issuer_declined',
      };
    }
  }
}

/** The error a failed result answers with. */
export function errorFor(result: ChargeResult): CardDecline {
  if (result.kind === 'declined') return declineError(result.decline);
  if (result.kind === 'blocked') return declineError('fraudulent');
  return {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  };
}

/** Creates the charge for one payment attempt of a PaymentIntent. */
export function createCharge(
  state: SandboxState,
  intent: Stripe.PaymentIntent,
  method: PaymentMethodRecord,
  result: ChargeResult,
  options: { capture: boolean; authenticated: boolean },
): Stripe.Charge {
  const succeeded = result.kind === 'authorized' || result.kind === 'pending';
  const captured = succeeded && options.capture;
  const card = method.object.card as Stripe.PaymentMethod.Card;
  const failure = succeeded ? null : errorFor(result);
  const destination = intent.transfer_data?.destination;
  const charge: Stripe.Charge = {
    id: newId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: captured && result.kind === 'authorized' ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: captured && intent.application_fee_amount ? newId('fee') : null,
    application_fee_amount: intent.application_fee_amount,
    balance_transaction: captured && result.kind === 'authorized' ? newId('txn') : null,
    billing_details: method.object.billing_details,
    calculated_statement_descriptor:
      `CARGOPAY${intent.statement_descriptor_suffix ? `* ${intent.statement_descriptor_suffix}` : ''}`.slice(
        0,
        22,
      ),
    captured: captured && result.kind === 'authorized',
    created: nowSeconds(),
    currency: intent.currency,
    customer: typeof intent.customer === 'string' ? intent.customer : null,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: intent.on_behalf_of,
    outcome: outcomeFor(method.scenario, result),
    paid: result.kind === 'authorized',
    payment_intent: intent.id,
    payment_method: method.object.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? intent.amount : null,
        authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 900000)) : null,
        brand: card.brand,
        checks: card.checks,
        country: card.country,
        electronic_commerce_indicator: options.authenticated ? '05' : null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint ?? null,
        funding: card.funding,
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_transaction_id: succeeded ? newId('ntx').slice(4, 19) : null,
        regulated_status: card.regulated_status,
        three_d_secure: options.authenticated
          ? {
              authentication_flow: 'challenge',
              electronic_commerce_indicator: '05',
              exemption_indicator: null,
              result: 'authenticated',
              result_reason: null,
              transaction_id: newId('3ds').slice(4),
              version: '2.2.0',
            }
          : null,
        transaction_link_id: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: intent.statement_descriptor_suffix,
    status: result.kind === 'authorized' ? 'succeeded' : result.kind === 'pending' ? 'pending' : 'failed',
    transfer_data: destination
      ? { amount: intent.transfer_data?.amount ?? null, destination: destination as string }
      : null,
    transfer_group: intent.transfer_group,
  };
  if (destination && captured && result.kind === 'authorized') charge.transfer = newId('tr');
  state.charges.set(charge.id, charge);
  state.track(charge.id);
  return charge;
}

/** `GET /v1/charges/:id`. */
export function retrieveChargeRoute(ctx: ApiContext): Stripe.Charge {
  const id = ctx.params.id as string;
  const charge = ctx.state.charges.get(id);
  if (!charge) throw noSuch('charge', id, 'charge');
  return expand(ctx.state, charge, readExpand(ctx.query));
}

/** `GET /v1/charges` (filters: payment_intent, customer, created). */
export function listChargesRoute(ctx: ApiContext): unknown {
  allowOnly(ctx.query, [
    'limit',
    'starting_after',
    'ending_before',
    'created',
    'customer',
    'payment_intent',
    'expand',
  ]);
  const pi = readString(ctx.query, 'payment_intent');
  const customer = readString(ctx.query, 'customer');
  const items = [...ctx.state.charges.values()].filter(
    (c) =>
      (!pi || c.payment_intent === pi) &&
      (!customer || c.customer === customer) &&
      matchesCreated(ctx.query, c.created),
  );
  return expand(ctx.state, paginate(ctx.state, items, ctx.query, '/v1/charges'), readExpand(ctx.query));
}
