import { newId } from '../ids.ts';
import { supersedes, type EventStamp } from '../stripe/event-order.ts';
import type { Db } from './sqlite.ts';
import { num, str } from './sqlite.ts';
import type { EvidenceFileType } from './magic.ts';
import {
  DISPUTE_SETTING_DEFAULTS,
  type DisputeSettings,
  type Message,
  type RequestPolicies,
  type Shipment,
} from './schema.ts';

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

/** Storage of delivery evidence, dispute settings and dispute cases. */
export class DisputeRepository {
  readonly #d: Db;
  constructor(db: Db) {
    this.#d = db;
  }

  #seal(value: unknown, context: string): string {
    return this.#d.sealer.seal(JSON.stringify(value), context);
  }
  #open<T>(sealed: string, context: string): T {
    return JSON.parse(this.#d.sealer.open(sealed, context)) as T;
  }

  // ── settings and per-request policies ──────────────────────────────────────────────────────────────────
  settings(merchantId: string): DisputeSettings {
    const row = this.#d.one('SELECT data_sealed FROM dispute_settings WHERE merchant_id = ?', merchantId);
    const stored = row
      ? this.#open<Partial<DisputeSettings>>(str(row.data_sealed), `dispute_settings:${merchantId}`)
      : {};
    return { ...DISPUTE_SETTING_DEFAULTS, ...stored };
  }

  saveSettings(merchantId: string, settings: DisputeSettings, now: string): void {
    this.#d.run(
      `INSERT INTO dispute_settings (merchant_id, data_sealed, updated_at) VALUES (?,?,?)
       ON CONFLICT(merchant_id) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at`,
      merchantId,
      this.#seal(settings, `dispute_settings:${merchantId}`),
      now,
    );
  }

  policies(prId: string): RequestPolicies {
    const row = this.#d.one('SELECT data_sealed FROM request_policies WHERE payment_request_id = ?', prId);
    return row ? this.#open<RequestPolicies>(str(row.data_sealed), `request_policies:${prId}`) : {};
  }

  savePolicies(prId: string, policies: RequestPolicies, now: string): void {
    this.#d.run(
      `INSERT INTO request_policies (payment_request_id, data_sealed, updated_at) VALUES (?,?,?)
       ON CONFLICT(payment_request_id) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at`,
      prId,
      this.#seal(policies, `request_policies:${prId}`),
      now,
    );
  }

  // ── delivery evidence ───────────────────────────────────────────────────────────────────────────────────
  shipment(prId: string): Shipment | null {
    const row = this.#d.one('SELECT data_sealed FROM shipments WHERE payment_request_id = ?', prId);
    return row ? this.#open<Shipment>(str(row.data_sealed), `shipments:${prId}`) : null;
  }

  saveShipment(prId: string, shipment: Shipment, now: string): void {
    this.#d.run(
      `INSERT INTO shipments (payment_request_id, data_sealed, updated_at) VALUES (?,?,?)
       ON CONFLICT(payment_request_id) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at`,
      prId,
      this.#seal(shipment, `shipments:${prId}`),
      now,
    );
  }

  addFile(
    prId: string,
    kind: string,
    type: EvidenceFileType,
    bytes: Buffer,
    pages: number,
    now: string,
  ): StoredFile {
    const id = newId('evf');
    this.#d.run(
      `INSERT INTO evidence_files (id, payment_request_id, kind, type, size, pages, bytes_sealed, created_at)
       VALUES (?,?,?,?,?,?,?,?)`,
      id,
      prId,
      kind,
      type,
      bytes.length,
      pages,
      this.#d.sealer.seal(bytes.toString('base64'), `evidence_files:${id}`),
      now,
    );
    return { id, paymentRequestId: prId, kind, type, size: bytes.length, pages, createdAt: now };
  }

  files(prId: string, kind?: string): StoredFile[] {
    return this.#d
      .all(
        `SELECT id, payment_request_id, kind, type, size, pages, created_at FROM evidence_files
         WHERE payment_request_id = ? AND (? IS NULL OR kind = ?) ORDER BY created_at, id`,
        prId,
        kind ?? null,
        kind ?? null,
      )
      .map((r) => ({
        id: str(r.id),
        paymentRequestId: str(r.payment_request_id),
        kind: str(r.kind),
        type: str(r.type) as EvidenceFileType,
        size: num(r.size),
        pages: num(r.pages),
        createdAt: str(r.created_at),
      }));
  }

  fileBytes(id: string): Buffer | null {
    const row = this.#d.one('SELECT bytes_sealed FROM evidence_files WHERE id = ?', id);
    return row
      ? Buffer.from(this.#d.sealer.open(str(row.bytes_sealed), `evidence_files:${id}`), 'base64')
      : null;
  }

  addMessage(prId: string, message: Message, now: string): StoredMessage {
    const id = newId('msg');
    this.#d.run(
      'INSERT INTO evidence_messages (id, payment_request_id, at, data_sealed, created_at) VALUES (?,?,?,?,?)',
      id,
      prId,
      new Date(message.at).toISOString(),
      this.#seal(message, `evidence_messages:${id}`),
      now,
    );
    return { id, ...message };
  }

  messages(prId: string): StoredMessage[] {
    return this.#d
      .all('SELECT id, data_sealed FROM evidence_messages WHERE payment_request_id = ? ORDER BY at, id', prId)
      .map((r) => ({
        id: str(r.id),
        ...this.#open<Message>(str(r.data_sealed), `evidence_messages:${str(r.id)}`),
      }));
  }

  // ── dispute cases ───────────────────────────────────────────────────────────────────────────────────────
  #case(r: Record<string, unknown>): DisputeCase {
    const id = String(r.id);
    const sealed = r.evidence_sealed == null ? null : String(r.evidence_sealed);
    const body = sealed
      ? this.#open<{ compiled: CaseEvidence | null; added: Record<string, string> }>(
          sealed,
          `dispute_cases.evidence:${id}`,
        )
      : { compiled: null, added: {} };
    return {
      id,
      merchantId: r.merchant_id == null ? null : String(r.merchant_id),
      paymentRequestId: r.payment_request_id == null ? null : String(r.payment_request_id),
      chargeId: String(r.charge_id),
      reason: String(r.reason),
      status: String(r.status),
      inquiry: Number(r.inquiry) === 1,
      amount: Number(r.amount),
      currency: String(r.currency),
      dueBy: r.due_by == null ? null : String(r.due_by),
      cardBrand: r.card_brand == null ? null : String(r.card_brand),
      openedAt: String(r.opened_at),
      response: String(r.response) as CaseResponse,
      compiledAt: r.compiled_at == null ? null : String(r.compiled_at),
      submittedAt: r.submitted_at == null ? null : String(r.submitted_at),
      evidence: body.compiled,
      added: body.added,
      complete: r.complete == null ? null : Number(r.complete) === 1,
      outcome: r.outcome == null ? null : (String(r.outcome) as DisputeCase['outcome']),
      closedAt: r.closed_at == null ? null : String(r.closed_at),
      lastError: r.last_error == null ? null : String(r.last_error),
      lastEvent: {
        created: Number(r.last_event_created),
        rank: Number(r.last_event_rank),
        eventId: String(r.last_event_id),
      },
    };
  }

  getCase(id: string): DisputeCase | null {
    const row = this.#d.one('SELECT * FROM dispute_cases WHERE id = ?', id);
    return row ? this.#case(row) : null;
  }

  /** Opens a case for a new dispute; an existing case is left as it is (`false`). */
  openCase(
    c: Omit<
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
    > & { response: CaseResponse },
    now: string,
  ): boolean {
    return (
      this.#d.run(
        `INSERT INTO dispute_cases (id, merchant_id, payment_request_id, charge_id, reason, status, inquiry, amount,
           currency, due_by, card_brand, opened_at, response, last_event_created, last_event_rank, last_event_id,
           updated_at)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`,
        c.id,
        c.merchantId,
        c.paymentRequestId,
        c.chargeId,
        c.reason,
        c.status,
        c.inquiry ? 1 : 0,
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
      ) === 1
    );
  }

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
  ): { applied: boolean; closed: boolean } {
    const row = this.#d.one(
      'SELECT last_event_created, last_event_rank, last_event_id, closed_at FROM dispute_cases WHERE id = ?',
      id,
    );
    if (!row) return { applied: false, closed: false };
    const stored = {
      created: num(row.last_event_created),
      rank: num(row.last_event_rank),
      eventId: str(row.last_event_id),
    };
    if (!supersedes(stamp, stored)) return { applied: false, closed: false };
    const outcome = outcomeOf(state.status);
    // Read and write with no await between: nothing else writes this row in between.
    this.#d.run(
      `UPDATE dispute_cases SET status = ?, due_by = COALESCE(?, due_by), amount = ?, outcome = ?,
         closed_at = CASE WHEN ? IS NULL THEN closed_at ELSE COALESCE(closed_at, ?) END,
         response = CASE WHEN ? IS NOT NULL AND response = 'pending' THEN 'closed' ELSE response END,
         last_event_created = ?, last_event_rank = ?, last_event_id = ?, updated_at = ?
       WHERE id = ?`,
      state.status,
      state.dueBy,
      state.amount,
      outcome,
      outcome,
      now,
      outcome,
      stamp.created,
      stamp.rank,
      stamp.eventId,
      now,
      id,
    );
    // `closed_at` is never cleared, so an outcome is announced once even if a newer event reopens the case.
    return { applied: true, closed: outcome !== null && row.closed_at == null };
  }

  recordResponse(
    id: string,
    r: {
      response: CaseResponse;
      evidence: CaseEvidence | null;
      added: Record<string, string>;
      submitted: boolean;
      error: string | null;
    },
    now: string,
  ): void {
    this.#d.run(
      `UPDATE dispute_cases SET response = ?, evidence_sealed = ?, complete = ?, compiled_at = ?,
         submitted_at = CASE WHEN ? THEN COALESCE(submitted_at, ?) ELSE submitted_at END, last_error = ?, updated_at = ?
       WHERE id = ?`,
      r.response,
      this.#seal({ compiled: r.evidence, added: r.added }, `dispute_cases.evidence:${id}`),
      r.evidence ? (r.evidence.complete ? 1 : 0) : null,
      r.evidence ? now : null,
      r.submitted ? 1 : 0,
      now,
      r.error,
      now,
      id,
    );
  }

  recordFailure(id: string, error: string, now: string): void {
    this.#d.run(
      "UPDATE dispute_cases SET response = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
      error.slice(0, 500),
      now,
      id,
    );
  }

  listCases(
    merchantId: string,
    q: { status?: string; paymentRequestId?: string; limit: number; startingAfter?: string },
  ): { data: DisputeCase[]; hasMore: boolean } {
    const where = ['merchant_id = ?'];
    const params: (string | number)[] = [merchantId];
    if (q.status) {
      where.push('status = ?');
      params.push(q.status);
    }
    if (q.paymentRequestId) {
      where.push('payment_request_id = ?');
      params.push(q.paymentRequestId);
    }
    if (q.startingAfter) {
      const cursor = this.#d.one(
        'SELECT opened_at, id FROM dispute_cases WHERE id = ? AND merchant_id = ?',
        q.startingAfter,
        merchantId,
      );
      if (!cursor) return { data: [], hasMore: false };
      where.push('(opened_at, id) < (?, ?)');
      params.push(str(cursor.opened_at), str(cursor.id));
    }
    const rows = this.#d.all(
      `SELECT * FROM dispute_cases WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT ?`,
      ...params,
      q.limit + 1,
    );
    return { data: rows.slice(0, q.limit).map((r) => this.#case(r)), hasMore: rows.length > q.limit };
  }

  /** Drafts still open whose evidence is due before `until` (to remind the merchant). */
  draftsDueBefore(until: string): DisputeCase[] {
    return this.#d
      .all(
        `SELECT * FROM dispute_cases WHERE response = 'draft' AND outcome IS NULL AND due_by IS NOT NULL AND due_by <= ?`,
        until,
      )
      .map((r) => this.#case(r))
      .filter((c) => c.status === 'needs_response' || c.status === 'warning_needs_response');
  }

  allCases(merchantId: string): DisputeCase[] {
    return this.#d
      .all('SELECT * FROM dispute_cases WHERE merchant_id = ? ORDER BY opened_at', merchantId)
      .map((r) => this.#case(r));
  }
}
