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
import type { PgRow, PgScope } from './pg-scope.ts';
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

/**
 * The PostgreSQL adapter of `DisputeRepository` (`pg-migrations/0002-disputes-casework.ts`); sealed under the
 * same contexts as `sqlite-disputes.ts`, so a row reads the same on both.
 */
export class PgDisputes implements DisputeRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  // ── sealed documents: settings, per-request policies, shipments ──────────────────────────────────────────
  async #document<T>(doc: SealedDocument<T>, key: string): Promise<T | null> {
    const row = await this.#s.one(`SELECT data_sealed FROM ${doc.table} WHERE ${doc.keyColumn} = $1`, [key]);
    return row ? doc.open(this.#s.sealer, key, str(row.data_sealed)) : null;
  }

  async #saveDocument<T>(doc: SealedDocument<T>, key: string, value: T, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO ${doc.table} (${doc.keyColumn}, data_sealed, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (${doc.keyColumn}) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at`,
      [key, doc.seal(this.#s.sealer, key, value), now],
    );
  }

  async settings(merchantId: string): Promise<Partial<DisputeSettings>> {
    return (await this.#document(DISPUTE_SETTINGS, merchantId)) ?? {};
  }

  async saveSettings(merchantId: string, settings: DisputeSettings, now: string): Promise<void> {
    await this.#saveDocument(DISPUTE_SETTINGS, merchantId, settings, now);
  }

  async policies(prId: string): Promise<RequestPolicies> {
    return (await this.#document(REQUEST_POLICIES, prId)) ?? {};
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
    await this.#s.run(
      `INSERT INTO evidence_files (id, payment_request_id, kind, type, size, pages, bytes_sealed, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, prId, kind, type, bytes.length, pages, sealed, now],
    );
    return { id, paymentRequestId: prId, kind, type, size: bytes.length, pages, createdAt: now };
  }

  async files(prId: string, kind?: string): Promise<StoredFile[]> {
    const rows = await this.#s.all(
      `SELECT id, payment_request_id, kind, type, size, pages, created_at FROM evidence_files
       WHERE payment_request_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
      [prId, kind ?? null],
    );
    return rows.map(storedFileOf);
  }

  async fileBytes(id: string): Promise<Buffer | null> {
    const row = await this.#s.one('SELECT bytes_sealed FROM evidence_files WHERE id = $1', [id]);
    return row ? openFileBytes(this.#s.sealer, id, str(row.bytes_sealed)) : null;
  }

  async addMessage(prId: string, message: Message, now: string): Promise<StoredMessage> {
    const id = newId('msg');
    const sealed = sealMessage(this.#s.sealer, id, message);
    await this.#s.run(
      'INSERT INTO evidence_messages (id, payment_request_id, at, data_sealed, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, prId, new Date(message.at).toISOString(), sealed, now],
    );
    return { id, ...message };
  }

  async messages(prId: string): Promise<StoredMessage[]> {
    const rows = await this.#s.all(
      'SELECT id, data_sealed FROM evidence_messages WHERE payment_request_id = $1 ORDER BY at, id',
      [prId],
    );
    return rows.map((r) => storedMessageOf(r, this.#s.sealer));
  }

  // ── dispute cases ───────────────────────────────────────────────────────────────────────────────────────
  #case(r: PgRow): DisputeCase {
    return disputeCaseOf(r, this.#s.sealer);
  }

  async getCase(id: string): Promise<DisputeCase | null> {
    const row = await this.#s.one('SELECT * FROM dispute_cases WHERE id = $1', [id]);
    return row ? this.#case(row) : null;
  }

  async openCase(c: NewDisputeCase, now: string): Promise<boolean> {
    const changed = await this.#s.run(
      `INSERT INTO dispute_cases (${NEW_CASE_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (id) DO NOTHING`,
      newCaseValues(c, now),
    );
    return changed === 1;
  }

  async applyStripeState(
    id: string,
    state: StripeDisputeState,
    stamp: EventStamp,
    now: string,
  ): Promise<{ applied: boolean; closed: boolean }> {
    // The row is locked (FOR UPDATE) before its stamp is compared: another instance applying another event to
    // the same case waits for this write to commit, then compares against what it wrote.
    return this.#s.write(async (s) => {
      const row = await s.one(
        `SELECT last_event_created, last_event_rank, last_event_id, closed_at FROM dispute_cases
         WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) return { applied: false, closed: false };
      const stored = stampOf(row.last_event_created, row.last_event_rank, row.last_event_id);
      if (!supersedes(stamp, stored)) return { applied: false, closed: false };
      const outcome = outcomeOf(state.status);
      await s.run(
        `UPDATE dispute_cases SET status = $1, due_by = COALESCE($2, due_by), amount = $3, outcome = $4,
           closed_at = CASE WHEN $4::text IS NULL THEN closed_at ELSE COALESCE(closed_at, $5) END,
           response = CASE WHEN $4::text IS NOT NULL AND response = 'pending' THEN 'closed' ELSE response END,
           last_event_created = $6, last_event_rank = $7, last_event_id = $8, updated_at = $5
         WHERE id = $9`,
        [state.status, state.dueBy, state.amount, outcome, now, stamp.created, stamp.rank, stamp.eventId, id],
      );
      // `closed_at` is never cleared, so an outcome is announced once even if a newer event reopens the case.
      return { applied: true, closed: outcome !== null && row.closed_at == null };
    });
  }

  async recordResponse(id: string, r: CaseResponseRecord, now: string): Promise<void> {
    const sealed = sealCaseEvidence(this.#s.sealer, id, r);
    await this.#s.run(
      `UPDATE dispute_cases SET response = $1, evidence_sealed = $2, complete = $3, compiled_at = $4,
         submitted_at = CASE WHEN $5 THEN COALESCE(submitted_at, $6) ELSE submitted_at END, last_error = $7,
         updated_at = $6
       WHERE id = $8`,
      [
        r.response,
        sealed,
        r.evidence ? r.evidence.complete : null,
        r.evidence ? now : null,
        r.submitted,
        now,
        r.error,
        id,
      ],
    );
  }

  async recordFailure(id: string, error: string, now: string): Promise<void> {
    await this.#s.run(
      "UPDATE dispute_cases SET response = 'failed', last_error = $1, updated_at = $2 WHERE id = $3",
      [error.slice(0, 500), now, id],
    );
  }

  async listCases(
    merchantId: string,
    q: { status?: string; paymentRequestId?: string; limit: number; startingAfter?: string },
  ): Promise<{ data: DisputeCase[]; hasMore: boolean }> {
    const params: (string | number)[] = [merchantId];
    const where = ['merchant_id = $1'];
    const param = (value: string | number): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (q.status) where.push(`status = ${param(q.status)}`);
    if (q.paymentRequestId) where.push(`payment_request_id = ${param(q.paymentRequestId)}`);
    if (q.startingAfter) {
      const cursor = await this.#s.one(
        'SELECT opened_at, id FROM dispute_cases WHERE id = $1 AND merchant_id = $2',
        [q.startingAfter, merchantId],
      );
      if (!cursor) return { data: [], hasMore: false };
      where.push(`(opened_at, id) < (${param(str(cursor.opened_at))}, ${param(str(cursor.id))})`);
    }
    const rows = await this.#s.all(
      `SELECT * FROM dispute_cases WHERE ${where.join(' AND ')}
       ORDER BY opened_at DESC, id DESC LIMIT ${param(q.limit + 1)}`,
      params,
    );
    return { data: rows.slice(0, q.limit).map((r) => this.#case(r)), hasMore: rows.length > q.limit };
  }

  async draftsDueBefore(until: string): Promise<DisputeCase[]> {
    const rows = await this.#s.all(
      `SELECT * FROM dispute_cases WHERE response = 'draft' AND outcome IS NULL AND due_by IS NOT NULL
         AND due_by <= $1`,
      [until],
    );
    return rows
      .map((r) => this.#case(r))
      .filter((c) => c.status === 'needs_response' || c.status === 'warning_needs_response');
  }

  async allCases(merchantId: string): Promise<DisputeCase[]> {
    const rows = await this.#s.all(
      'SELECT * FROM dispute_cases WHERE merchant_id = $1 ORDER BY opened_at, id',
      [merchantId],
    );
    return rows.map((r) => this.#case(r));
  }
}
