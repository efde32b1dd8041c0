import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { ProblemError } from '../http/problems.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import { cancelPaymentRequest } from '../payment-requests/service.ts';
import type { PaymentRequest, Refund, Store } from '../store/types.ts';
import { UNSTAMPED } from '../stripe/event-order.ts';
import { presentRefund } from './present.ts';
import { PAYMENT_REQUEST_KEY, REQUEST_KEY, refundRecord } from './record.ts';
import { refundableOf, refundedBy, refundedChange } from './refunded.ts';
import type { CreateRefundInput } from './schema.ts';

/** What a refund call did: a refund made, or, before capture, the card hold voided. */
export type RefundOutcome =
  { kind: 'refund'; refund: Refund } | { kind: 'void'; paymentRequest: PaymentRequest };

/**
 * Refunds all or part of what a payment request took, or voids its hold when it was only authorized. The
 * refundable amount is what the payment took less the refunds pending or succeeded; Stripe judges again and a
 * refusal from it is told as the same problems. The Stripe idempotency key is derived from the merchant's
 * Idempotency-Key when there is one (`cargopay:<pr>:refund:<sha256 of the key>`: a retry after a lost answer gets
 * the same refund from Stripe, or, when a webhook has counted that refund since, finds it by the same hash in its
 * metadata), else from a fresh id (the SDK's own retries within this call reuse it). The refund, the request's new amount and status and
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
  const intent = pr.paymentIntentId;
  if (intent === null) throw new ProblemError('payment-request-not-refundable');
  const keyHash = idempotencyKey === undefined ? null : sha256(idempotencyKey);
  const refundable = refundableOf(pr);
  const amount = input.amount ?? refundable;
  let refund: Stripe.Refund;
  try {
    if (refundable === 0 || amount > refundable) {
      // A retry whose first call's refund Stripe made (its answer lost, a webhook has counted it since) gets
      // that refund again; anything else is more than is left.
      const earlier = keyHash === null ? null : await madeFor(stripe, intent, keyHash);
      if (earlier === null) throw tooLarge(refundable);
      refund = earlier;
    } else {
      refund = await stripe.refunds.create(
        {
          payment_intent: intent,
          amount,
          reason: input.reason,
          // A carrier's payment is a destination charge: the refund takes the carrier's share back from its
          // account and returns the platform fee in proportion, instead of the platform paying it all.
          ...(pr.carrier?.stripeAccount ? { reverse_transfer: true, refund_application_fee: true } : {}),
          metadata: {
            ...input.metadata,
            [PAYMENT_REQUEST_KEY]: pr.id,
            ...(keyHash === null ? {} : { [REQUEST_KEY]: keyHash }),
          },
        },
        { idempotencyKey: `cargopay:${pr.id}:refund:${keyHash ?? `local_${randomUUID()}`}` },
      );
    }
  } catch (error) {
    throw await stripeProblem(error, store, pr.id);
  }
  return { kind: 'refund', refund: await record(store, pr, refund, now) };
}

/** The refund CargoPay made at Stripe for the merchant's request with this Idempotency-Key hash, if any. */
async function madeFor(stripe: Stripe, intent: string, keyHash: string): Promise<Stripe.Refund | null> {
  for await (const refund of stripe.refunds.list({ payment_intent: intent, limit: 100 })) {
    if (refund.metadata?.[REQUEST_KEY] === keyHash) return refund;
  }
  return null;
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
  if (pr.status === 'disputed') throw await disputed(store, pr.id);
  if (pr.status !== 'paid' && pr.status !== 'partially_refunded' && pr.status !== 'refunded') {
    throw new ProblemError('payment-request-not-refundable', {
      detail: `The request is ${pr.status}: nothing was paid to refund.`,
    });
  }
}

/** The refusal of a disputed payment, naming its dispute as last heard of. */
async function disputed(store: Store, prId: string): Promise<ProblemError> {
  const dispute = (await store.mirror.disputesFor(prId)).at(-1);
  return new ProblemError('payment-request-disputed', {
    detail:
      `The payment is disputed${dispute ? ` (dispute ${dispute.id}, status ${dispute.status})` : ''}. ` +
      'A disputed payment is settled through the dispute; Stripe refuses refunds on charged-back charges.',
  });
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

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
  if (error instanceof ProblemError || !(error instanceof Stripe.errors.StripeError)) return error;
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // Stripe heard of the dispute before CargoPay did.
    if (error.code === 'charge_disputed') return disputed(store, prId);
    if (error.code === 'charge_already_refunded') return tooLarge(0);
    const fresh = await store.paymentRequests.get(prId);
    if (error.param === 'amount' && fresh) return tooLarge(refundableOf(fresh));
  }
  return new ProblemError('stripe-unavailable', {
    detail: 'The refund could not be made; retry with the same Idempotency-Key.',
    headers: { 'Retry-After': '5' },
  });
}
