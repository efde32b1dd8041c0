import type { Refund, RefundStatus } from '../types.ts';
import { json, num, stampOf, str, strOrNull, type ColumnValue, type Row } from './cells.ts';

/** The columns a refund is upserted with, in the order of `refundValues`. */
export const REFUND_COLUMNS = `id, payment_request_id, merchant_id, amount, currency, reason, metadata, status,
  failure_reason, created_at, updated_at, last_event_created, last_event_rank, last_event_id`;

/** What an upsert of a stored refund changes (the merchant's reason and metadata stay as first written). */
export const REFUND_UPDATES = `amount = excluded.amount, status = excluded.status,
  failure_reason = excluded.failure_reason, updated_at = excluded.updated_at,
  last_event_created = excluded.last_event_created, last_event_rank = excluded.last_event_rank,
  last_event_id = excluded.last_event_id`;

/** A refund's values for `REFUND_COLUMNS`. */
export const refundValues = (r: Refund): ColumnValue[] => [
  r.id,
  r.paymentRequestId,
  r.merchantId,
  r.amount,
  r.currency,
  r.reason,
  JSON.stringify(r.metadata),
  r.status,
  r.failureReason,
  r.createdAt,
  r.updatedAt,
  r.event.created,
  r.event.rank,
  r.event.eventId,
];

/** A `refunds` row as the refund. */
export const refundOf = (r: Row): Refund => ({
  id: str(r.id),
  paymentRequestId: str(r.payment_request_id),
  merchantId: str(r.merchant_id),
  amount: num(r.amount),
  currency: str(r.currency),
  reason: strOrNull(r.reason),
  metadata: json<Record<string, string>>(r.metadata),
  status: str(r.status) as RefundStatus,
  failureReason: strOrNull(r.failure_reason),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  event: stampOf(r.last_event_created, r.last_event_rank, r.last_event_id),
});

/** A request's refunds, newest first (the index `refunds_by_request`). */
export const REFUNDS_FOR_REQUEST_ORDER = 'ORDER BY created_at DESC, id DESC';
