import type { Refund } from '../store/types.ts';
import type { RefundJson } from './schema.ts';

/** The API representation of a refund (also sent in notifications: it holds no personal data). */
export function presentRefund(r: Refund): RefundJson {
  return {
    id: r.id,
    object: 'refund',
    payment_request: r.paymentRequestId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status,
    failure_reason: r.failureReason,
    metadata: r.metadata,
    created_at: r.createdAt,
  };
}
