import { newId } from '../ids.ts';
import { presentPaymentRequest } from '../payment-requests/present.ts';
import type { NewNotification, PaymentRequest } from '../store/types.ts';

/**
 * Casework notifications to merchants, in the same envelope as the server's other notifications (see
 * `notifications/events.ts`) and through the same outbox. They carry no personal data: evidence is described
 * by field names, never by values.
 */
export type CaseworkNotificationType =
  | 'payment_request.dispute_evidence'
  | 'payment_request.dispute_closed'
  | 'payment_request.dispute_due_soon'
  | 'payment_request.early_fraud_warning_refunded';

export function caseworkNotification(
  pr: PaymentRequest,
  type: CaseworkNotificationType,
  now: Date,
  extra: Record<string, unknown>,
): NewNotification {
  const id = newId('evt');
  const body = JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(now.getTime() / 1000),
    livemode: pr.livemode,
    data: { object: presentPaymentRequest(pr, { customer: false }), ...extra },
  });
  return { id, merchantId: pr.merchantId, paymentRequestId: pr.id, type, body, createdAt: now.toISOString() };
}
