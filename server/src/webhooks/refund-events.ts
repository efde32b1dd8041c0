import type Stripe from 'stripe';
import { notificationFor } from '../payment-requests/notification.ts';
import { presentRefund } from '../refunds/present.ts';
import { refundRecord } from '../refunds/record.ts';
import { receivedOf, refundedBy, refundedChange } from '../refunds/refunded.ts';
import type { Change, NewNotification, PaymentRequest, Store } from '../store/types.ts';
import { refundStatusRank, stampOf, supersedes } from '../stripe/event-order.ts';

/**
 * `refund.created`, `refund.updated`, `refund.failed` (and the older `charge.refund.updated`): the refund row
 * takes the event unless it was written from a newer one; the request's refunded amount and status follow from
 * its refunds (`refunds/refunded.ts`). A refund that fails gives its amount back and is told to the merchant
 * (`payment_request.refund_failed`, with the refund). The request is always written (at its version), so that
 * two changes planned from the same refunds cannot both commit.
 */
export async function planRefundEvent(
  store: Store,
  change: Change,
  pr: PaymentRequest,
  event: Stripe.Event,
  refund: Stripe.Refund,
  now: Date,
): Promise<void> {
  const stamp = stampOf(event, refundStatusRank(refund.status));
  const refunds = await store.refunds.forRequest(pr.id);
  const stored = refunds.find((r) => r.id === refund.id);
  if (stored && !supersedes(stamp, stored.event)) return;
  const row = refundRecord(refund, pr, stamp, now, stored);
  const { patch, notify } = refundedChange(pr, refundedBy([row, ...refunds.filter((r) => r.id !== row.id)]));
  change.refunds = [row];
  change.paymentRequest = { id: pr.id, expectedVersion: pr.version, patch };
  const after = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
  const notifications: NewNotification[] = [];
  const extra = { refund: presentRefund(row) };
  if (notify) notifications.push(notificationFor(after, notify, now, extra));
  if (row.status === 'failed' && stored?.status !== 'failed')
    notifications.push(notificationFor(after, 'payment_request.refund_failed', now, extra));
  change.notifications = notifications;
}

/**
 * `charge.refunded`: the refunded amount from the request's refunds once any is known (their own events may
 * come before or after this one); before that (an endpoint not subscribed to `refund.*`, or this event first),
 * from the charge, less what a partial capture released (Stripe counts that as refunded too), and never lower
 * than recorded, as a charge's `amount_refunded` only grows while no refund fails. The charge also says what
 * the payment took, for a request whose `payment_intent.succeeded` has not been applied yet.
 */
export async function planChargeRefunded(
  store: Store,
  change: Change,
  pr: PaymentRequest,
  charge: Stripe.Charge,
  now: Date,
): Promise<void> {
  const refunds = await store.refunds.forRequest(pr.id);
  const captured = typeof charge.amount_captured === 'number' ? charge.amount_captured : 0;
  const released = charge.captured && captured > 0 ? charge.amount - captured : 0;
  const refunded =
    refunds.length > 0 ? refundedBy(refunds) : Math.max(pr.amountRefunded, charge.amount_refunded - released);
  const received = pr.amountReceived > 0 ? pr.amountReceived : captured || receivedOf(pr);
  const { patch, notify } = refundedChange(pr, refunded, received);
  if (pr.amountReceived === 0 && captured > 0) patch.amountReceived = captured;
  if (Object.keys(patch).length === 0) return;
  change.paymentRequest = { id: pr.id, expectedVersion: pr.version, patch };
  const after = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
  if (notify) change.notifications = [notificationFor(after, notify, now)];
}
