import type Stripe from 'stripe';
import { formatAmount } from './currencies.ts';
import { invalidParam, invalidRequest, noSuch } from './errors.ts';
import { expand } from './expand.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import { listByChargeOrIntent } from './lists.ts';
import {
  allowOnly,
  applyMetadata,
  readBoolean,
  readEnum,
  readExpand,
  readInteger,
  readString,
} from './params.ts';
import { settleEarlyFraudWarnings } from './early-fraud-warnings.ts';
import type { SandboxState } from './state.ts';

/**
 * `POST /v1/refunds` for a `charge` or a `payment_intent`: refunds all or part of a captured charge, emits
 * `refund.created` and `charge.refunded`. Refused as Stripe refuses it: already fully refunded
 * (`charge_already_refunded`), more than what is left, or a charge under a chargeback (`charge_disputed`).
 */
export function createRefundRoute(ctx: ApiContext): Stripe.Refund {
  const { state, body } = ctx;
  allowOnly(body, [
    'charge',
    'payment_intent',
    'amount',
    'reason',
    'metadata',
    'expand',
    'instructions_email',
    'reverse_transfer',
    'refund_application_fee',
  ]);
  const chargeId = readString(body, 'charge');
  const piId = readString(body, 'payment_intent');
  if (!chargeId && !piId) {
    throw invalidParam(
      'One of the following params should be provided for this request: payment_intent or charge.',
      {
        code: 'parameter_missing',
      },
    );
  }
  if (chargeId && piId) {
    throw invalidParam('You may only specify one of these parameters: charge, payment_intent.', {
      param: 'charge',
    });
  }
  let charge: Stripe.Charge | undefined;
  if (chargeId) {
    charge = state.charges.get(chargeId);
    if (!charge)
      throw invalidRequest(`No such charge: '${chargeId}'`, { code: 'resource_missing', param: 'charge' });
  } else {
    const intent = state.paymentIntents.get(piId as string)?.object;
    if (!intent) {
      throw invalidRequest(`No such payment_intent: '${piId}'`, {
        code: 'resource_missing',
        param: 'payment_intent',
      });
    }
    if (intent.status === 'requires_capture') {
      throw invalidRequest(
        `This PaymentIntent (${intent.id}) has not been captured; cancel it instead of refunding it.`,
        { code: 'charge_not_refundable', param: 'payment_intent' },
      );
    }
    charge = intent.latest_charge ? state.charges.get(intent.latest_charge as string) : undefined;
    if (!charge || charge.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
        code: 'charge_not_refundable',
        param: 'payment_intent',
      });
    }
  }
  if (!charge.captured || charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not been captured and cannot be refunded.`, {
      code: 'charge_not_refundable',
    });
  }
  const dispute = [...state.disputes.values()].find((d) => d.object.charge === charge.id)?.object;
  if (dispute && !dispute.is_charge_refundable && !dispute.status.startsWith('warning_')) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: 'charge_disputed',
    });
  }
  const remaining = charge.amount_captured - refundedByRefunds(state, charge.id);
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  const amount = readInteger(body, 'amount', { min: 1 }) ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { param: 'amount' },
    );
  }
  const reason =
    readEnum(body, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  // A destination charge's transfer is pulled back from the connected account only when asked; otherwise the
  // platform's balance pays the refund (Stripe's rule for destination charges).
  const reverseTransfer = readBoolean(body, 'reverse_transfer') ?? false;
  readBoolean(body, 'refund_application_fee');
  if (reverseTransfer && !charge.transfer) {
    throw invalidRequest(`Charge ${charge.id} has no transfer to reverse.`, { param: 'reverse_transfer' });
  }
  const refund: Stripe.Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer as string | null,
    customer_account: null,
    metadata: applyMetadata(body),
    payment_intent: charge.payment_intent as string | null,
    payment_method: charge.payment_method,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: reverseTransfer ? newId('trr') : null,
  };
  const scenario = state.paymentMethods.get(charge.payment_method as string)?.scenario;
  if (scenario?.refund === 'pending_then_succeeded') refund.status = 'pending';
  state.refunds.set(refund.id, refund);
  state.track(refund.id);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  settleChargeRefunds(state, charge);
  state.emit('refund.created', refund, ctx.request);
  state.emit('charge.refunded', charge, ctx.request, previous);
  settleEarlyFraudWarnings(state, charge.id, ctx.request);
  if (scenario?.refund) {
    const settled = charge;
    state.later(state.followUpDelayMs, () => finishAsyncRefund(state, refund, settled));
  }
  return expand(state, refund, readExpand(body));
}

/** What refunds (pending or succeeded) have taken back from a charge; failed and canceled ones took nothing. */
function refundedByRefunds(state: SandboxState, chargeId: string): number {
  let total = 0;
  for (const refund of state.refunds.values()) {
    if (refund.charge === chargeId && (refund.status === 'pending' || refund.status === 'succeeded')) {
      total += refund.amount;
    }
  }
  return total;
}

/**
 * The charge's `amount_refunded`: what its refunds took back plus, after a partial capture, the uncaptured part
 * Stripe released (and counts as refunded); `refunded` once nothing of the amount is left.
 */
function settleChargeRefunds(state: SandboxState, charge: Stripe.Charge): void {
  const released = charge.captured ? charge.amount - charge.amount_captured : 0;
  charge.amount_refunded = released + refundedByRefunds(state, charge.id);
  charge.refunded = charge.amount_refunded >= charge.amount;
}

/**
 * The second step of Stripe's asynchronous refund test cards: a pending refund succeeds (`refund.updated`); a
 * succeeded one fails (`refund.updated`, `refund.failed`), giving its amount back to the charge.
 */
function finishAsyncRefund(state: SandboxState, refund: Stripe.Refund, charge: Stripe.Charge): void {
  if (refund.status === 'pending') {
    refund.status = 'succeeded';
    state.emit('refund.updated', refund, null, { status: 'pending' });
    state.emit('charge.refund.updated', refund, null, { status: 'pending' });
    return;
  }
  if (refund.status !== 'succeeded') return;
  refund.status = 'failed';
  refund.failure_reason = 'unknown';
  refund.failure_balance_transaction = newId('txn');
  settleChargeRefunds(state, charge);
  state.emit('refund.updated', refund, null, { status: 'succeeded' });
  state.emit('charge.refund.updated', refund, null, { status: 'succeeded' });
  state.emit('refund.failed', refund, null);
}

/** `GET /v1/refunds/:id`. */
export function retrieveRefundRoute(ctx: ApiContext): unknown {
  const id = ctx.params.id as string;
  const refund = ctx.state.refunds.get(id);
  if (!refund) throw noSuch('refund', id, 'refund');
  return expand(ctx.state, refund, readExpand(ctx.query));
}

/** `GET /v1/refunds` (filters: charge, payment_intent, created). */
export function listRefundsRoute(ctx: ApiContext): unknown {
  return listByChargeOrIntent(ctx, ctx.state.refunds.values(), '/v1/refunds');
}
