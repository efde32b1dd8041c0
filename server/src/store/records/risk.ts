import type { Sealer } from '../crypto.ts';
import { newId } from '../../ids.ts';
import type { Attempt, AttemptKey, Decision, PaymentRisk, Signal } from '../ports/risk.ts';
import { flag, json, num, numOrNull, str, strOrNull, type ColumnValue, type Row } from './cells.ts';
import { sealContext } from './sealing.ts';

/** The columns attempts are counted by (the velocity rules' keys). */
const ATTEMPT_KEYS: ReadonlySet<string> = new Set<AttemptKey>([
  'payment_request_id',
  'ip_hash',
  'email_hash',
  'device_hash',
]);
/** The columns signal bursts are grouped by. */
const SIGNAL_KEYS: ReadonlySet<string> = new Set(['ip_hash', 'device_hash']);

function keyColumn<T extends string>(name: T, allowed: ReadonlySet<string>): T {
  if (!allowed.has(name)) throw new TypeError(`not a column to count by: ${name}`);
  return name;
}

/**
 * `name`, once checked to be a column attempts are counted by. Both adapters interpolate it into SQL text, so it
 * is checked at run time too, not only by its type.
 */
export const attemptKeyColumn = (name: AttemptKey): AttemptKey => keyColumn(name, ATTEMPT_KEYS);

/** `name`, once checked to be a column signal bursts are grouped by (interpolated into SQL text, as above). */
export const signalKeyColumn = <T extends 'ip_hash' | 'device_hash'>(name: T): T =>
  keyColumn(name, SIGNAL_KEYS);

/** The columns a checkout attempt is recorded with, in the order of `attemptValues`. */
export const ATTEMPT_COLUMNS = `id, merchant_id, payment_request_id, ip_hash, email_hash, device_hash, ip_sealed,
  amount, currency, decision, score, reasons, created_at`;

/** An attempt's values for `ATTEMPT_COLUMNS`, its IP sealed. */
export const attemptValues = (a: Attempt, sealer: Sealer): ColumnValue[] => [
  a.id,
  a.merchantId,
  a.paymentRequestId,
  a.ipHash,
  a.emailHash,
  a.deviceHash,
  sealer.seal(a.ip, sealContext.attemptIp(a.id)),
  a.amount,
  a.currency,
  a.decision,
  a.score,
  JSON.stringify(a.reasons),
  a.createdAt,
];

/** A `risk_attempts` row as the attempt it records, its IP opened. */
export const attemptOf = (r: Row, sealer: Sealer): Attempt => ({
  id: str(r.id),
  merchantId: str(r.merchant_id),
  paymentRequestId: str(r.payment_request_id),
  ipHash: str(r.ip_hash),
  emailHash: str(r.email_hash),
  deviceHash: str(r.device_hash),
  ip: sealer.open(str(r.ip_sealed), sealContext.attemptIp(str(r.id))),
  amount: num(r.amount),
  currency: str(r.currency),
  decision: str(r.decision) as Decision,
  score: num(r.score),
  reasons: json<string[]>(r.reasons),
  createdAt: str(r.created_at),
});

/** The columns a signal is recorded with, in the order of `signalValues`. */
export const SIGNAL_COLUMNS =
  'id, kind, merchant_id, payment_request_id, email_hash, device_hash, ip_hash, detail, created_at';

/**
 * A signal's values for `SIGNAL_COLUMNS`. A signal with a `key` gets an id derived from it (keyed hash), so
 * recording it again changes nothing.
 */
export const signalValues = (
  s: Signal,
  hash: (kind: string, value: string) => string,
  now: string,
): ColumnValue[] => [
  s.key === undefined ? newId('sig') : `sig_${hash('signal', s.key)}`,
  s.kind,
  s.merchantId,
  s.paymentRequestId,
  s.emailHash,
  s.deviceHash,
  s.ipHash,
  s.detail,
  now,
];

/** A `payment_risk` row as the request's risk. */
export const paymentRiskOf = (r: Row): PaymentRisk => ({
  paymentRequestId: str(r.payment_request_id),
  chargeId: strOrNull(r.charge_id),
  riskLevel: strOrNull(r.risk_level),
  riskScore: numOrNull(r.risk_score),
  outcomeType: strOrNull(r.outcome_type),
  earlyFraudWarning: strOrNull(r.early_fraud_warning),
  autoRefunded: flag(r.auto_refunded),
});

/** One merchant's counts (`merchant_id`, `payments`, `n`) of the monitoring rules' rates. */
export const eventCountOf = (r: Row): { merchantId: string; payments: number; count: number } => ({
  merchantId: str(r.merchant_id),
  payments: num(r.payments),
  count: num(r.n),
});
