import type { NotificationType } from '../contract/notifications.ts';
import { newId } from '../ids.ts';
import type { NewNotification, PaymentRequest } from '../store/types.ts';
import { presentPaymentRequest } from './present.ts';

/**
 * Builds the outbox row for one notification about a payment request: the signed body POSTed to the
 * merchant's webhook URL. `after` is the request as it is once the change is applied; `extra` adds fields
 * beside `data.object` (a dispute, an early fraud warning, the evidence sent). The customer's personal data is
 * never included.
 */
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
