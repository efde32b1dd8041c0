import type { DeliveryAttempt, Notification } from '../types.ts';
import { num, numOrNull, str, strOrNull, type ColumnValue, type Row } from './cells.ts';

/** A `notifications` row as the notification. */
export const notificationOf = (row: Row): Notification => ({
  id: str(row.id),
  merchantId: str(row.merchant_id),
  paymentRequestId: strOrNull(row.payment_request_id),
  type: str(row.type),
  body: str(row.body),
  createdAt: str(row.created_at),
  status: str(row.status) as Notification['status'],
  attempts: num(row.attempts),
  nextAttemptAt: strOrNull(row.next_attempt_at),
  deliveredAt: strOrNull(row.delivered_at),
  lastError: strOrNull(row.last_error),
});

/** A `delivery_attempts` row as the attempt. */
export const deliveryAttemptOf = (r: Row): DeliveryAttempt => ({
  notificationId: str(r.notification_id),
  attemptedAt: str(r.attempted_at),
  statusCode: numOrNull(r.status_code),
  error: strOrNull(r.error),
  durationMs: num(r.duration_ms),
});

/** The columns a delivery attempt is recorded with, in the order of `deliveryAttemptValues`. */
export const DELIVERY_ATTEMPT_COLUMNS = 'notification_id, attempted_at, status_code, error, duration_ms';

/** An attempt's values for `DELIVERY_ATTEMPT_COLUMNS`. */
export const deliveryAttemptValues = (a: DeliveryAttempt): ColumnValue[] => [
  a.notificationId,
  a.attemptedAt,
  a.statusCode,
  a.error,
  a.durationMs,
];
