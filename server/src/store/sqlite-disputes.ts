import { newId } from '../ids.ts';
import { supersedes, type EventStamp } from '../stripe/event-order.ts';
import type { EvidenceFileType } from '../disputes/magic.ts';
import type { DisputeSettings, Message, RequestPolicies, Shipment } from '../disputes/schema.ts';
import {
  outcomeOf,
  type CaseResponseRecord,
  type DisputeCase,
  type DisputeRepository,
  type NewDisputeCase,
  type StoredFile,
  type StoredMessage,
  type StripeDisputeState,
} from './ports/disputes.ts';
import { sqliteValues, type Row, type SqliteScope } from './sqlite-scope.ts';
import { stampOf, str } from './records/cells.ts';
import {
  DISPUTE_SETTINGS,
  REQUEST_POLICIES,
  SHIPMENTS,
  type SealedDocument,
  disputeCaseOf,
  NEW_CASE_COLUMNS,
  newCaseValues,
  openFileBytes,
  sealCaseEvidence,
  sealFileBytes,
  sealMessage,
  storedFileOf,
  storedMessageOf,
} from './records/disputes.ts';

/** The SQLite adapter of `DisputeRepository` (migrations 0002 onwards). */
export class SqliteDisputes implements DisputeRepository {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  // ── sealed documents: settings, per-request policies, shipments ──────────────────────────────────────────
  #document<T>(doc: SealedDocument<T>, key: string): T | null {
    const row = this.#s.one(`SELECT data_sealed FROM ${doc.table} WHERE ${doc.keyColumn} = ?`, key);
    return row ? doc.open(this.#s.sealer, key, str(row.data_sealed)) : null;
  }

  async #saveDocument<T>(doc: SealedDocument<T>, key: string, value: T, now: string): Promise<void> {
    const sealed = doc.seal(this.#s.sealer, key, value);
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO ${doc.table} (${doc.keyColumn}, data_sealed, updated_at) VALUES (?,?,?)
         ON CONFLICT(${doc.keyColumn}) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at`,
        key,
        sealed,
        now,
      ),
    );
  }

  async settings(merchantId: string): Promise<Partial<DisputeSettings>> {
    return this.#document(DISPUTE_SETTINGS, merchantId) ?? {};
  }

  async saveSettings(merchantId: string, settings: DisputeSettings, now: string): Promise<void> {
    await this.#saveDocument(DISPUTE_SETTINGS, merchantId, settings, now);
  }

  async policies(prId: string): Promise<RequestPolicies> {
    return this.#document(REQUEST_POLICIES, prId) ?? {};
  }

  async savePolicies(prId: string, policies: RequestPolicies, now: string): Promise<void> {
    await this.#saveDocument(REQUEST_POLICIES, prId, policies, now);
  }

  async shipment(prId: string): Promise<Shipment | null> {
    return this.#document(SHIPMENTS, prId);
  }

  async saveShipment(prId: string, shipment: Shipment, now: string): Promise<void> {
    await this.#saveDocument(SHIPMENTS, prId, shipment, now);
  }

  // ── delivery evidence ───────────────────────────────────────────────────────────────────────────────────
  async addFile(
    prId: string,
    kind: string,
    type: EvidenceFileType,
    bytes: Buffer,
    pages: number,
    now: string,
  ): Promise<StoredFile> {
    const id = newId('evf');
    const sealed = sealFileBytes(this.#s.sealer, id, bytes);
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO evidence_files (id, payment_request_id, kind, type, size, pages, bytes_sealed, created_at)
         VALUES (?,?,?,?,?,?,?,?)`,
        id,
        prId,
        kind,
        type,
        bytes.length,
        pages,
        sealed,
        now,
      ),
    );
    return { id, paymentRequestId: prId, kind, type, size: bytes.length, pages, createdAt: now };
  }

  async files(prId: string, kind?: string): Promise<StoredFile[]> {
    return this.#s
      .all(
        `SELECT id, payment_request_id, kind, type, size, pages, created_at FROM evidence_files
         WHERE payment_request_id = ? AND (? IS NULL OR kind = ?) ORDER BY created_at, id`,
        prId,
        kind ?? null,
        kind ?? null,
      )
      .map(storedFileOf);
  }

  async fileBytes(id: string): Promise<Buffer | null> {
    const row = this.#s.one('SELECT bytes_sealed FROM evidence_files WHERE id = ?', id);
    return row ? openFileBytes(this.#s.sealer, id, str(row.bytes_sealed)) : null;
  }

  async addMessage(prId: string, message: Message, now: string): Promise<StoredMessage> {
    const id = newId('msg');
    const sealed = sealMessage(this.#s.sealer, id, message);
    await this.#s.write(() =>
      this.#s.run(
        'INSERT INTO evidence_messages (id, payment_request_id, at, data_sealed, created_at) VALUES (?,?,?,?,?)',
        id,
        prId,
        new Date(message.at).toISOString(),
        sealed,
        now,
      ),
    );
    return { id, ...message };
  }

  async messages(prId: string): Promise<StoredMessage[]> {
    return this.#s
      .all('SELECT id, data_sealed FROM evidence_messages WHERE payment_request_id = ? ORDER BY at, id', prId)
      .map((r) => storedMessageOf(r, this.#s.sealer));
  }

  // ── dispute cases ───────────────────────────────────────────────────────────────────────────────────────
  #case(r: Row): DisputeCase {
    return disputeCaseOf(r, this.#s.sealer);
  }

  async getCase(id: string): Promise<DisputeCase | null> {
    const row = this.#s.one('SELECT * FROM dispute_cases WHERE id = ?', id);
    return row ? this.#case(row) : null;
  }

  async openCase(c: NewDisputeCase, now: string): Promise<boolean> {
    const changed = await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO dispute_cases (${NEW_CASE_COLUMNS})
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`,
        ...sqliteValues(newCaseValues(c, now)),
      ),
    );
    return changed === 1;
  }

  async applyStripeState(
    id: string,
    state: StripeDisputeState,
    stamp: EventStamp,
    now: string,
  ): Promise<{ applied: boolean; closed: boolean }> {
    // The stored stamp is read and compared in the same write as the update: nothing writes the row between.
    return this.#s.write(() => {
      const row = this.#s.one(
        'SELECT last_event_created, last_event_rank, last_event_id, closed_at FROM dispute_cases WHERE id = ?',
        id,
      );
      if (!row) return { applied: false, closed: false };
      const stored = stampOf(row.last_event_created, row.last_event_rank, row.last_event_id);
      if (!supersedes(stamp, stored)) return { applied: false, closed: false };
      const outcome = outcomeOf(state.status);
      this.#s.run(
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
    });
  }

  async recordResponse(id: string, r: CaseResponseRecord, now: string): Promise<void> {
    const sealed = sealCaseEvidence(this.#s.sealer, id, r);
    await this.#s.write(() =>
      this.#s.run(
        `UPDATE dispute_cases SET response = ?, evidence_sealed = ?, complete = ?, compiled_at = ?,
           submitted_at = CASE WHEN ? THEN COALESCE(submitted_at, ?) ELSE submitted_at END, last_error = ?, updated_at = ?
         WHERE id = ?`,
        r.response,
        sealed,
        r.evidence ? (r.evidence.complete ? 1 : 0) : null,
        r.evidence ? now : null,
        r.submitted ? 1 : 0,
        now,
        r.error,
        now,
        id,
      ),
    );
  }

  async recordFailure(id: string, error: string, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        "UPDATE dispute_cases SET response = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
        error.slice(0, 500),
        now,
        id,
      ),
    );
  }

  async listCases(
    merchantId: string,
    q: { status?: string; paymentRequestId?: string; limit: number; startingAfter?: string },
  ): Promise<{ data: DisputeCase[]; hasMore: boolean }> {
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
      const cursor = this.#s.one(
        'SELECT opened_at, id FROM dispute_cases WHERE id = ? AND merchant_id = ?',
        q.startingAfter,
        merchantId,
      );
      if (!cursor) return { data: [], hasMore: false };
      where.push('(opened_at, id) < (?, ?)');
      params.push(str(cursor.opened_at), str(cursor.id));
    }
    const rows = this.#s.all(
      `SELECT * FROM dispute_cases WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT ?`,
      ...params,
      q.limit + 1,
    );
    return { data: rows.slice(0, q.limit).map((r) => this.#case(r)), hasMore: rows.length > q.limit };
  }

  async draftsDueBefore(until: string): Promise<DisputeCase[]> {
    return this.#s
      .all(
        `SELECT * FROM dispute_cases WHERE response = 'draft' AND outcome IS NULL AND due_by IS NOT NULL AND due_by <= ?`,
        until,
      )
      .map((r) => this.#case(r))
      .filter((c) => c.status === 'needs_response' || c.status === 'warning_needs_response');
  }

  async allCases(merchantId: string): Promise<DisputeCase[]> {
    return this.#s
      .all('SELECT * FROM dispute_cases WHERE merchant_id = ? ORDER BY opened_at', merchantId)
      .map((r) => this.#case(r));
  }
}
