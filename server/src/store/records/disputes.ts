import type { Sealer } from '../crypto.ts';
import type { EvidenceFileType } from '../../disputes/magic.ts';
import type { DisputeSettings, Message, RequestPolicies, Shipment } from '../../disputes/schema.ts';
import type {
  CaseEvidence,
  CaseResponse,
  CaseResponseRecord,
  DisputeCase,
  NewDisputeCase,
  StoredFile,
  StoredMessage,
} from '../ports/disputes.ts';
import { flag, flagOrNull, num, stampOf, str, strOrNull, type ColumnValue, type Row } from './cells.ts';
import { openJson, sealContext, sealJson } from './sealing.ts';

/** What `dispute_cases.evidence_sealed` holds: the compiled evidence and the merchant's additions. */
interface CaseBody {
  compiled: CaseEvidence | null;
  added: Record<string, string>;
}

/** A `dispute_cases` row as the case it records, its evidence opened. */
export function disputeCaseOf(r: Row, sealer: Sealer): DisputeCase {
  const id = str(r.id);
  const sealed = strOrNull(r.evidence_sealed);
  const body: CaseBody = sealed
    ? openJson<CaseBody>(sealer, sealed, sealContext.caseEvidence(id))
    : { compiled: null, added: {} };
  return {
    id,
    merchantId: strOrNull(r.merchant_id),
    paymentRequestId: strOrNull(r.payment_request_id),
    chargeId: str(r.charge_id),
    reason: str(r.reason),
    status: str(r.status),
    inquiry: flag(r.inquiry),
    amount: num(r.amount),
    currency: str(r.currency),
    dueBy: strOrNull(r.due_by),
    cardBrand: strOrNull(r.card_brand),
    openedAt: str(r.opened_at),
    response: str(r.response) as CaseResponse,
    compiledAt: strOrNull(r.compiled_at),
    submittedAt: strOrNull(r.submitted_at),
    evidence: body.compiled,
    added: body.added,
    complete: flagOrNull(r.complete),
    outcome: r.outcome == null ? null : (str(r.outcome) as DisputeCase['outcome']),
    closedAt: strOrNull(r.closed_at),
    lastError: strOrNull(r.last_error),
    lastEvent: stampOf(r.last_event_created, r.last_event_rank, r.last_event_id),
  };
}

/** The columns a new case is inserted with, in the order of `newCaseValues`. */
export const NEW_CASE_COLUMNS = `id, merchant_id, payment_request_id, charge_id, reason, status, inquiry, amount,
  currency, due_by, card_brand, opened_at, response, last_event_created, last_event_rank, last_event_id, updated_at`;

/** A new case's values for `NEW_CASE_COLUMNS`. */
export const newCaseValues = (c: NewDisputeCase, now: string): ColumnValue[] => [
  c.id,
  c.merchantId,
  c.paymentRequestId,
  c.chargeId,
  c.reason,
  c.status,
  c.inquiry,
  c.amount,
  c.currency,
  c.dueBy,
  c.cardBrand,
  c.openedAt,
  c.response,
  c.lastEvent.created,
  c.lastEvent.rank,
  c.lastEvent.eventId,
  now,
];

/** A recorded response's `evidence_sealed`. */
export const sealCaseEvidence = (sealer: Sealer, caseId: string, r: CaseResponseRecord): string =>
  sealJson(
    sealer,
    { compiled: r.evidence, added: r.added } satisfies CaseBody,
    sealContext.caseEvidence(caseId),
  );

/** An `evidence_files` row (without its bytes) as the file it describes. */
export const storedFileOf = (r: Row): StoredFile => ({
  id: str(r.id),
  paymentRequestId: str(r.payment_request_id),
  kind: str(r.kind),
  type: str(r.type) as EvidenceFileType,
  size: num(r.size),
  pages: num(r.pages),
  createdAt: str(r.created_at),
});

/** A file's `bytes_sealed`. */
export const sealFileBytes = (sealer: Sealer, fileId: string, bytes: Buffer): string =>
  sealer.seal(bytes.toString('base64'), sealContext.evidenceFile(fileId));
/** The bytes of a file's `bytes_sealed`. */
export const openFileBytes = (sealer: Sealer, fileId: string, sealed: string): Buffer =>
  Buffer.from(sealer.open(sealed, sealContext.evidenceFile(fileId)), 'base64');

/** A message's `data_sealed`. */
export const sealMessage = (sealer: Sealer, messageId: string, message: Message): string =>
  sealJson(sealer, message, sealContext.evidenceMessage(messageId));

/** An `evidence_messages` row (`id`, `data_sealed`) as the message it keeps. */
export const storedMessageOf = (r: Row, sealer: Sealer): StoredMessage => ({
  id: str(r.id),
  ...openJson<Message>(sealer, str(r.data_sealed), sealContext.evidenceMessage(str(r.id))),
});

/**
 * A table that keeps one sealed JSON document (`data_sealed`, beside `updated_at`) per key: its name, its key
 * column, and how a document is sealed and opened there (under the key's context).
 */
export interface SealedDocument<T> {
  readonly table: string;
  readonly keyColumn: string;
  seal(sealer: Sealer, key: string, value: T): string;
  open(sealer: Sealer, key: string, sealed: string): T;
}

function sealedDocument<T>(
  table: string,
  keyColumn: string,
  context: (key: string) => string,
): SealedDocument<T> {
  return {
    table,
    keyColumn,
    seal: (sealer, key, value) => sealJson(sealer, value, context(key)),
    open: (sealer, key, sealed) => openJson<T>(sealer, sealed, context(key)),
  };
}

/** A merchant's dispute settings. */
export const DISPUTE_SETTINGS = sealedDocument<Partial<DisputeSettings>>(
  'dispute_settings',
  'merchant_id',
  sealContext.disputeSettings,
);
/** A payment request's dispute policies. */
export const REQUEST_POLICIES = sealedDocument<RequestPolicies>(
  'request_policies',
  'payment_request_id',
  sealContext.requestPolicies,
);
/** A payment request's shipment (delivery evidence). */
export const SHIPMENTS = sealedDocument<Shipment>('shipments', 'payment_request_id', sealContext.shipment);
