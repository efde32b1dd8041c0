import type Stripe from 'stripe';
import type { PaymentRequest, Refund, RefundStatus } from '../store/types.ts';
import type { EventStamp } from '../stripe/event-order.ts';

/** The metadata key CargoPay adds to the refunds it makes at Stripe, naming the payment request. */
export const PAYMENT_REQUEST_KEY = 'payment_request';
/** The metadata key naming the merchant's request (SHA-256 of its Idempotency-Key), to find its refund again. */
export const REQUEST_KEY = 'cargopay_request';
const OWN_KEYS = new Set([PAYMENT_REQUEST_KEY, REQUEST_KEY]);

const STATUSES: readonly RefundStatus[] = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'];

/**
 * A Stripe refund of `pr` as CargoPay stores it, written from `stamp` (an event, or `UNSTAMPED` for Stripe's
 * API answer). What the merchant gave (reason, metadata, without CargoPay's own keys) stays as first stored; a
 * refund first seen in a webhook (made in Stripe's Dashboard, say) takes Stripe's.
 */
export function refundRecord(
  refund: Stripe.Refund,
  pr: PaymentRequest,
  stamp: EventStamp,
  now: Date,
  stored?: Refund,
): Refund {
  const given = Object.fromEntries(
    Object.entries(refund.metadata ?? {}).filter(([key]) => !OWN_KEYS.has(key)),
  );
  return {
    id: refund.id,
    paymentRequestId: pr.id,
    merchantId: pr.merchantId,
    amount: refund.amount,
    currency: refund.currency,
    reason: stored ? stored.reason : refund.reason,
    metadata: stored ? stored.metadata : given,
    status: STATUSES.find((s) => s === refund.status) ?? 'pending',
    failureReason: refund.failure_reason ?? null,
    createdAt: new Date(refund.created * 1000).toISOString(),
    updatedAt: now.toISOString(),
    event: stamp,
  };
}
