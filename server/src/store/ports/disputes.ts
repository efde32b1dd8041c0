import type { EvidenceFileType } from '../../disputes/magic.ts';
import type { DisputeSettings, Message, RequestPolicies, Shipment } from '../../disputes/schema.ts';
import type { EventStamp } from '../../stripe/event-order.ts';

/** What was compiled and sent for a dispute (sealed at rest: it holds the buyer's name and addresses). */
export interface CaseEvidence {
  /** Every evidence field sent: text values, and `file_…` ids for files. */
  fields: Record<string, string>;
  files: { field: string; file: string; source: string; pages: number; bytes: number; digest: string }[];
  missing: { item: string; fields: string[] }[];
  leftOut: { field: string; item: string; reason: string }[];
  complete: boolean;
}

export type CaseResponse =
  'pending' | 'submitted' | 'draft' | 'smart_disputes' | 'failed' | 'not_ours' | 'closed';

export interface DisputeCase {
  id: string;
  merchantId: string | null;
  paymentRequestId: string | null;
  chargeId: string;
  reason: string;
  status: string;
  inquiry: boolean;
  amount: number;
  currency: string;
  dueBy: string | null;
  cardBrand: string | null;
  openedAt: string;
  response: CaseResponse;
  compiledAt: string | null;
  submittedAt: string | null;
  evidence: CaseEvidence | null;
  /** Text evidence the merchant added through the API; it overrides compiled text. */
  added: Record<string, string>;
  complete: boolean | null;
  outcome: 'won' | 'lost' | 'warning_closed' | null;
  closedAt: string | null;
  lastError: string | null;
  /** The Stripe event (or read) status, amount, due date and outcome were last written from. */
  lastEvent: EventStamp;
}

/** A case as opened for a new dispute: nothing compiled, answered or closed yet. */
export type NewDisputeCase = Omit<
  DisputeCase,
  | 'response'
  | 'compiledAt'
  | 'submittedAt'
  | 'evidence'
  | 'added'
  | 'complete'
  | 'outcome'
  | 'closedAt'
  | 'lastError'
> & { response: CaseResponse };

/** What Stripe says of a dispute at one moment: the case's status and outcome follow it together. */
export interface StripeDisputeState {
  status: string;
  /** `null` keeps the due date already known. */
  dueBy: string | null;
  amount: number;
}

/** The outcome a dispute status means: set only by a closed status. */
export function outcomeOf(status: string): DisputeCase['outcome'] {
  return status === 'won' || status === 'lost' || status === 'warning_closed' ? status : null;
}

export interface StoredFile {
  id: string;
  paymentRequestId: string;
  kind: string;
  type: EvidenceFileType;
  size: number;
  pages: number;
  createdAt: string;
}

export interface StoredMessage extends Message {
  id: string;
}

/** What a dispute case's answer recorded: the response, the evidence sent, and why it failed if it did. */
export interface CaseResponseRecord {
  response: CaseResponse;
  evidence: CaseEvidence | null;
  added: Record<string, string>;
  submitted: boolean;
  error: string | null;
}

/**
 * Delivery evidence, dispute settings and dispute cases. Settings, policies, shipments, files, messages and
 * evidence are sealed at rest by the adapter; every method takes and gives plaintext.
 */
export interface DisputeRepository {
  /** The merchant's stored settings (only what they set; the caller adds the defaults). */
  settings(merchantId: string): Promise<Partial<DisputeSettings>>;
  saveSettings(merchantId: string, settings: DisputeSettings, now: string): Promise<void>;
  /** Per payment request overrides; `{}` when none. */
  policies(prId: string): Promise<RequestPolicies>;
  savePolicies(prId: string, policies: RequestPolicies, now: string): Promise<void>;

  shipment(prId: string): Promise<Shipment | null>;
  saveShipment(prId: string, shipment: Shipment, now: string): Promise<void>;
  /** Stores a file's bytes sealed; its id is new (`evf_…`). */
  addFile(
    prId: string,
    kind: string,
    type: EvidenceFileType,
    bytes: Buffer,
    pages: number,
    now: string,
  ): Promise<StoredFile>;
  /** A request's files (of one `kind` when given), oldest first. */
  files(prId: string, kind?: string): Promise<StoredFile[]>;
  fileBytes(id: string): Promise<Buffer | null>;
  addMessage(prId: string, message: Message, now: string): Promise<StoredMessage>;
  /** A request's messages in the order they were sent (`at`), then by id. */
  messages(prId: string): Promise<StoredMessage[]>;

  getCase(id: string): Promise<DisputeCase | null>;
  /** Opens a case for a new dispute; an existing case is left as it is (`false`). */
  openCase(c: NewDisputeCase, now: string): Promise<boolean>;
  /**
   * Records Stripe's view of a dispute from one event (or read), unless the case was written from a newer one
   * (`stripe/event-order.ts`): status, amount, due date and the outcome the status means, all together, so that
   * no path (update, close, a read while answering) can leave a status and an outcome that disagree. `closed`
   * says this write is the first ever to record an outcome (the merchant is told once, by its caller).
   */
  applyStripeState(
    id: string,
    state: StripeDisputeState,
    stamp: EventStamp,
    now: string,
  ): Promise<{ applied: boolean; closed: boolean }>;
  recordResponse(id: string, r: CaseResponseRecord, now: string): Promise<void>;
  recordFailure(id: string, error: string, now: string): Promise<void>;
  /** A merchant's cases, newest opened first, keyset-paged (an unknown `startingAfter` gives an empty page). */
  listCases(
    merchantId: string,
    q: { status?: string; paymentRequestId?: string; limit: number; startingAfter?: string },
  ): Promise<{ data: DisputeCase[]; hasMore: boolean }>;
  /** Drafts still open whose evidence is due before `until` (to remind the merchant). */
  draftsDueBefore(until: string): Promise<DisputeCase[]>;
  /** Every case of a merchant, oldest opened first. */
  allCases(merchantId: string): Promise<DisputeCase[]>;
}
