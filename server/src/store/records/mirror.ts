import type { Sealer } from '../crypto.ts';
import type { Dispute, StripeRecord } from '../types.ts';
import { num, stampOf, str, strOrNull, type ColumnValue, type Row } from './cells.ts';
import { openJson, sealContext, sealJson } from './sealing.ts';

/** The columns a mirrored dispute is upserted with, in the order of `disputeValues`. */
export const DISPUTE_COLUMNS = `id, payment_request_id, charge_id, status, reason, amount, currency, due_by, updated_at,
  last_event_created, last_event_rank, last_event_id`;

/** A dispute's values for `DISPUTE_COLUMNS`. */
export const disputeValues = (d: Dispute): ColumnValue[] => [
  d.id,
  d.paymentRequestId,
  d.chargeId,
  d.status,
  d.reason,
  d.amount,
  d.currency,
  d.dueBy,
  d.updatedAt,
  d.event.created,
  d.event.rank,
  d.event.eventId,
];

/** A `disputes` row as the mirrored dispute. */
export const disputeOf = (r: Row): Dispute => ({
  id: str(r.id),
  paymentRequestId: strOrNull(r.payment_request_id),
  chargeId: str(r.charge_id),
  status: str(r.status),
  reason: str(r.reason),
  amount: num(r.amount),
  currency: str(r.currency),
  dueBy: strOrNull(r.due_by),
  updatedAt: str(r.updated_at),
  event: stampOf(r.last_event_created, r.last_event_rank, r.last_event_id),
});

/** The columns a mirrored Stripe object is upserted with, in the order of `stripeRecordValues`. */
export const STRIPE_RECORD_COLUMNS = `object_id, object_type, payment_request_id, data_sealed, updated_at,
  last_event_created, last_event_rank, last_event_id`;

/** A Stripe object's values for `STRIPE_RECORD_COLUMNS`; `objectId` is its key as stored (see `textKey`). */
export const stripeRecordValues = (
  objectId: string,
  r: StripeRecord,
  sealer: Sealer,
  now: string,
): ColumnValue[] => [
  objectId,
  r.objectType,
  r.paymentRequestId,
  sealJson(sealer, r.data, sealContext.stripeRecord(objectId)),
  now,
  r.event.created,
  r.event.rank,
  r.event.eventId,
];

/** A `stripe_records` row as the mirrored object, its data opened. */
export const stripeRecordOf = (r: Row, sealer: Sealer): StripeRecord & { updatedAt: string } => ({
  objectId: str(r.object_id),
  objectType: str(r.object_type),
  paymentRequestId: strOrNull(r.payment_request_id),
  data: openJson<unknown>(sealer, str(r.data_sealed), sealContext.stripeRecord(str(r.object_id))),
  event: stampOf(r.last_event_created, r.last_event_rank, r.last_event_id),
  updatedAt: str(r.updated_at),
});
