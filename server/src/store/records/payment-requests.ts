import type { PaymentRequestStatus } from '../../checkout/contract.ts';
import type { Sealer } from '../crypto.ts';
import type { Change, PaymentRequest, VatProof } from '../types.ts';
import {
  flag,
  flagOrNull,
  json,
  jsonOrNull,
  num,
  numOrNull,
  stampOf,
  str,
  strOrNull,
  type ColumnValue,
  type Row,
} from './cells.ts';
import { openJson, sealContext, sealJson } from './sealing.ts';

type Patch = NonNullable<Change['paymentRequest']>['patch'];

/** A `payment_requests` row as the request, its customer and VAT proof opened. */
export function paymentRequestOf(row: Row, sealer: Sealer): PaymentRequest {
  const id = str(row.id);
  const vat = strOrNull(row.vat_check_sealed);
  return {
    id,
    merchantId: str(row.merchant_id),
    status: str(row.status) as PaymentRequestStatus,
    amount: num(row.amount),
    currency: str(row.currency),
    reference: str(row.reference),
    description: str(row.description),
    customer: {
      email: sealer.open(str(row.customer_email_sealed), sealContext.customerEmail(id)),
      name: sealer.open(str(row.customer_name_sealed), sealContext.customerName(id)),
    },
    carrier: jsonOrNull<PaymentRequest['carrier']>(row.carrier),
    expiresAt: strOrNull(row.expires_at),
    metadata: json<Record<string, string>>(row.metadata),
    paymentIntentId: strOrNull(row.payment_intent_id),
    lastError: jsonOrNull<PaymentRequest['lastError']>(row.last_error),
    amountRefunded: num(row.amount_refunded),
    amountReceived: num(row.amount_received),
    vatCheck: vat === null ? null : openJson<VatProof>(sealer, vat, sealContext.vatCheck(id)),
    captureMethod: str(row.capture_method) as PaymentRequest['captureMethod'],
    amountCapturable: num(row.amount_capturable),
    captureBefore: strOrNull(row.capture_before),
    extendedAuthorization: flagOrNull(row.extended_authorization),
    incrementalAuthorization: flagOrNull(row.incremental_authorization),
    maxFinalAmount: numOrNull(row.max_final_amount),
    captureWarnedAt: strOrNull(row.capture_warned_at),
    receiptEmail: flag(row.receipt_email),
    livemode: flag(row.livemode),
    createdAt: str(row.created_at),
    updatedAt: str(row.updated_at),
    version: num(row.version),
    lastIntentEvent: stampOf(row.last_intent_event_at, row.last_intent_event_rank, row.last_intent_event_id),
  };
}

/** The columns a request is inserted with, in the order of `paymentRequestValues`. */
export const PAYMENT_REQUEST_COLUMNS = `id, merchant_id, status, amount, currency, reference, description,
  customer_email_sealed, customer_name_sealed, carrier, expires_at, metadata, payment_intent_id, last_error,
  amount_refunded, vat_check_sealed, livemode, created_at, updated_at, version, last_intent_event_at,
  last_intent_event_rank, last_intent_event_id, capture_method, amount_capturable, capture_before,
  extended_authorization, incremental_authorization, max_final_amount, capture_warned_at, receipt_email,
  amount_received`;

/** How many columns `PAYMENT_REQUEST_COLUMNS` names: the inserts' placeholders follow it. */
export const PAYMENT_REQUEST_COLUMN_COUNT = PAYMENT_REQUEST_COLUMNS.split(',').length;

/** A request's values for `PAYMENT_REQUEST_COLUMNS`, its customer and VAT proof sealed. */
export const paymentRequestValues = (pr: PaymentRequest, sealer: Sealer): ColumnValue[] => [
  pr.id,
  pr.merchantId,
  pr.status,
  pr.amount,
  pr.currency,
  pr.reference,
  pr.description,
  sealer.seal(pr.customer.email, sealContext.customerEmail(pr.id)),
  sealer.seal(pr.customer.name, sealContext.customerName(pr.id)),
  pr.carrier === null ? null : JSON.stringify(pr.carrier),
  pr.expiresAt,
  JSON.stringify(pr.metadata),
  pr.paymentIntentId,
  pr.lastError === null ? null : JSON.stringify(pr.lastError),
  pr.amountRefunded,
  pr.vatCheck === null ? null : sealVatCheck(sealer, pr.id, pr.vatCheck),
  pr.livemode,
  pr.createdAt,
  pr.updatedAt,
  pr.version,
  pr.lastIntentEvent.created,
  pr.lastIntentEvent.rank,
  pr.lastIntentEvent.eventId,
  pr.captureMethod,
  pr.amountCapturable,
  pr.captureBefore,
  pr.extendedAuthorization,
  pr.incrementalAuthorization,
  pr.maxFinalAmount,
  pr.captureWarnedAt,
  pr.receiptEmail,
  pr.amountReceived,
];

/** A request's `vat_check_sealed`. */
export const sealVatCheck = (sealer: Sealer, paymentRequestId: string, proof: VatProof): string =>
  sealJson(sealer, proof, sealContext.vatCheck(paymentRequestId));

/**
 * The columns a commit's patch sets, with their values (besides `updated_at` and `version`). No ordering check
 * on `lastIntentEvent`: the patch was planned from the very version it is applied at, so it saw the stamp it
 * replaces (see `webhooks/apply.ts`).
 */
export function patchColumns(p: Patch): [column: string, value: ColumnValue][] {
  const sets: [string, ColumnValue][] = [];
  if (p.status !== undefined) sets.push(['status', p.status]);
  if (p.lastError !== undefined)
    sets.push(['last_error', p.lastError === null ? null : JSON.stringify(p.lastError)]);
  if (p.amountRefunded !== undefined) sets.push(['amount_refunded', p.amountRefunded]);
  if (p.amountReceived !== undefined) sets.push(['amount_received', p.amountReceived]);
  if (p.lastIntentEvent !== undefined) {
    sets.push(['last_intent_event_at', p.lastIntentEvent.created]);
    sets.push(['last_intent_event_rank', p.lastIntentEvent.rank]);
    sets.push(['last_intent_event_id', p.lastIntentEvent.eventId]);
  }
  if (p.paymentIntentId !== undefined) sets.push(['payment_intent_id', p.paymentIntentId]);
  if (p.amountCapturable !== undefined) sets.push(['amount_capturable', p.amountCapturable]);
  if (p.captureBefore !== undefined) sets.push(['capture_before', p.captureBefore]);
  if (p.extendedAuthorization !== undefined) sets.push(['extended_authorization', p.extendedAuthorization]);
  if (p.incrementalAuthorization !== undefined)
    sets.push(['incremental_authorization', p.incrementalAuthorization]);
  if (p.captureWarnedAt !== undefined) sets.push(['capture_warned_at', p.captureWarnedAt]);
  return sets;
}
