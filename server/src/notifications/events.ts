import { newId } from '../ids.ts';
import { presentPaymentRequest } from '../payment-requests/present.ts';
import type { NewNotification, PaymentRequest } from '../store/types.ts';

/**
 * Notification types sent to merchants. `payment_request.<status>` for every status change, plus
 * `payment_request.payment_failed` (still open, with `last_error`), `payment_request.dispute_updated` and
 * `payment_request.early_fraud_warning`.
 */
export type NotificationType =
  | `payment_request.${PaymentRequest['status']}`
  | 'payment_request.payment_failed'
  | 'payment_request.dispute_updated'
  | 'payment_request.early_fraud_warning';

/** Builds the outbox row for one notification; `after` is the request as it is once the change is applied. */
export function notificationFor(
  after: PaymentRequest,
  type: NotificationType,
  now: Date,
  extra: Record<string, unknown> = {},
): NewNotification {
  const id = newId('evt');
  const body = JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(now.getTime() / 1000),
    livemode: after.livemode,
    data: { object: presentPaymentRequest(after, { customer: false }), ...extra },
  });
  return {
    id,
    merchantId: after.merchantId,
    paymentRequestId: after.id,
    type,
    body,
    createdAt: now.toISOString(),
  };
}
