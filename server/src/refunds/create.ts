import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { ProblemError } from '../http/problems.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import { cancelPaymentRequest } from '../payment-requests/service.ts';
import type { PaymentRequest, Refund, Store } from '../store/types.ts';
import { UNSTAMPED } from '../stripe/event-order.ts';
import { presentRefund } from './present.ts';
import { PAYMENT_REQUEST_KEY, refundRecord } from './record.ts';
import { refundableOf, refundedBy, refundedChange } from './refunded.ts';
import type { CreateRefundInput } from './schema.ts';

/** What a refund call did: a refund made, or, before capture, the card hold voided. */
export type RefundOutcome =
  { kind: 'refund'; refund: Refund } | { kind: 'void'; paymentRequest: PaymentRequest };

/**
 * Refunds all or part of what a payment request took, or voids its hold when it was only authorized. The
 * refundable amount is what the payment took less the refunds pending or succeeded; Stripe judges again and a
 * refusal from it is told as the same problems. The Stripe idempotency key is derived from the merchant's
 * Idempotency-Key when there is one (a retry after a lost answer gets the same refund from Stripe), else from a
 * fresh id (the SDK's own retries within this call reuse it). The refund, the request's new amount and status and
 * the merchant's notification commit together.
 */
export async function createRefund(
  store: Store,
  stripe: Stripe,
  pr: PaymentRequest,
  input: CreateRefundInput,
  idempotencyKey: string | undefined,
  now: Date,
): Promise<RefundOutcome> {
  if (pr.status === 'authorized') {
    // Before capture nothing was taken: the whole hold is voided (as `/cancel`); part of it cannot be.
    if (input.amount !== undefined && input.amount !== pr.amountCapturable) {
      throw new ProblemError('payment-request-not-captured', {
        detail: 'Capture the final amount instead; capture releases the rest.',
      });
    }
    return { kind: 'void', paymentRequest: await cancelPaymentRequest(store, stripe, pr, now) };
  }
  await refuseUnlessRefundable(store, pr);
  const refundable = refundableOf(pr);
  const amount = input.amount ?? refundable;
  if (refundable === 0 || amount > refundable) throw tooLarge(refundable);
  const intent = pr.paymentIntentId;
  if (intent === null) throw new ProblemError('payment-request-not-refundable');
  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      {
        payment_intent: intent,
        amount,
        reason: input.reason,
        metadata: { ...input.metadata, [PAYMENT_REQUEST_KEY]: pr.id },
      },
      { idempotencyKey: stripeKey(pr.id, idempotencyKey) },
    );
  } catch (error) {
    throw await stripeProblem(error, store, pr.id);
  }
  return { kind: 'refund', refund: await record(store, pr, refund, now) };
}

/** Stores the refund Stripe made with the request's new state; replanned on the request if it moved meanwhile. */
async function record(store: Store, pr: PaymentRequest, refund: Stripe.Refund, now: Date): Promise<Refund> {
  let current = pr;
  for (;;) {
    const refunds = await store.refunds.forRequest(current.id);
    const stored = refunds.find((r) => r.id === refund.id);
    // An event wrote it first: it is at least as new as Stripe's answer.
    const row = stored ?? refundRecord(refund, current, UNSTAMPED, now);
    const refunded = refundedBy([row, ...refunds.filter((r) => r.id !== row.id)]);
    const { patch, notify } = refundedChange(current, refunded);
    const after = { ...current, ...patch, version: current.version + 1, updatedAt: now.toISOString() };
    const result = await store.commit(
      {
        paymentRequest: { id: current.id, expectedVersion: current.version, patch },
        refunds: stored ? [] : [row],
        notifications: notify ? [notificationFor(after, notify, now, { refund: presentRefund(row) })] : [],
      },
      now.toISOString(),
    );
    if (result === 'applied') return (await store.refunds.get(row.id)) ?? row;
    const fresh = await store.paymentRequests.get(current.id);
    if (!fresh) throw new ProblemError('payment-request-not-found');
    current = fresh;
  }
}

async function refuseUnlessRefundable(store: Store, pr: PaymentRequest): Promise<void> {
  if (pr.status === 'disputed') {
    const dispute = (await store.mirror.disputesFor(pr.id)).at(-1);
    throw new ProblemError('payment-request-disputed', {
      detail:
        `The payment is disputed${dispute ? ` (dispute ${dispute.id}, status ${dispute.status})` : ''}. ` +
        'A disputed payment is settled through the dispute; Stripe refuses refunds on charged-back charges.',
    });
  }
  if (pr.status !== 'paid' && pr.status !== 'partially_refunded' && pr.status !== 'refunded') {
    throw new ProblemError('payment-request-not-refundable', {
      detail: `The request is ${pr.status}: nothing was paid to refund.`,
    });
  }
}

/** Stripe's key: the same for a retry of the merchant's request (same Idempotency-Key), else new each call. */
function stripeKey(prId: string, idempotencyKey: string | undefined): string {
  const part = idempotencyKey
    ? createHash('sha256').update(idempotencyKey).digest('hex')
    : `local_${randomUUID()}`;
  return `cargopay:${prId}:refund:${part}`;
}

const tooLarge = (maximum: number) =>
  new ProblemError('refund-amount-too-large', {
    detail:
      maximum === 0
        ? 'Nothing is left to refund: refunds pending or succeeded hold all that the payment took.'
        : `At most ${maximum} minor units can be refunded now.`,
    maximum,
  });

/** What a Stripe refusal means for the merchant: the refundable amount as the request stands now, or a dispute. */
async function stripeProblem(error: unknown, store: Store, prId: string): Promise<unknown> {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const fresh = await store.paymentRequests.get(prId);
    if (error.code === 'charge_disputed' && fresh) {
      await refuseUnlessRefundable(store, { ...fresh, status: 'disputed' });
    }
    if (error.code === 'charge_already_refunded') return tooLarge(0);
    if (error.param === 'amount' && fresh) return tooLarge(refundableOf(fresh));
  }
  return new ProblemError('stripe-unavailable', {
    detail: 'The refund could not be made; retry with the same Idempotency-Key.',
    headers: { 'Retry-After': '5' },
  });
}
