import { backup, type DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { Sealer } from './crypto.ts';
import type { Migration } from './migrations.ts';
import { MemoryRateLimits } from './memory-rate-limits.ts';
import type { ExclusiveRun } from './ports/exclusive.ts';
import { BackgroundCheckpoints } from './checkpointer.ts';
import { GroupCommit } from './group-commit.ts';
import { inTransaction, openDatabase, statement } from './sqlite.ts';
import { SqliteCasework } from './sqlite-casework.ts';
import { SqliteConnect } from './sqlite-connect.ts';
import { SqliteDisputes } from './sqlite-disputes.ts';
import { SqliteIdempotency } from './sqlite-idempotency.ts';
import { SqliteInbox } from './sqlite-inbox.ts';
import { SqliteMerchants } from './sqlite-merchants.ts';
import { SqliteOutbox } from './sqlite-outbox.ts';
import { merchantPage } from './sqlite-page.ts';
import type { StripeMirror } from './ports/mirror.ts';
import type { PaymentRequestRepository } from './ports/payment-requests.ts';
import type { RefundRepository } from './ports/refunds.ts';
import { SqliteRisk } from './sqlite-risk.ts';
import { QueueLeases } from './sqlite-leases.ts';
import { SqliteScope, sqliteValues, textKey } from './sqlite-scope.ts';
import { num, stampOf, str, strOrNull } from './records/cells.ts';
import type {
  Change,
  CommitResult,
  Dispute,
  ListPaymentRequestsQuery,
  Page,
  PaymentRequest,
  Refund,
  SqliteExtras,
  Store,
  StoreTx,
  StripeRecord,
  VatProof,
} from './types.ts';
import { supersedes, type EventStamp } from '../stripe/event-order.ts';
import {
  DISPUTE_COLUMNS,
  disputeOf,
  disputeValues,
  STRIPE_RECORD_COLUMNS,
  stripeRecordOf,
  stripeRecordValues,
} from './records/mirror.ts';
import {
  PAYMENT_REQUEST_COLUMNS,
  PAYMENT_REQUEST_COLUMN_COUNT,
  paymentRequestOf,
  paymentRequestValues,
  patchColumns,
  sealVatCheck,
} from './records/payment-requests.ts';
import {
  REFUND_COLUMNS,
  REFUND_UPDATES,
  refundOf,
  refundValues,
  REFUNDS_FOR_REQUEST_ORDER,
} from './records/refunds.ts';

type Row = Record<string, SQLInputValue>;

// Reads that grow with the business, each served by an index in its own order (migration 6), so none sorts
// or scans more than it returns; `store.test.ts` holds them to it with EXPLAIN QUERY PLAN.

/** A payment request's disputes. */
export const DISPUTES_FOR_REQUEST_SQL =
  'SELECT * FROM disputes WHERE payment_request_id = ? ORDER BY updated_at';

/**
 * Authorized requests the capture-deadline job must act on (`captureDeadlinesDue`): horizon, deadline bound,
 * default warning hours, now, limit. Read through the partial index `payment_requests_capture_deadline` up to
 * the horizon (the longest warning a merchant can ask for), in its order, each hold's merchant settings by
 * primary key. `INDEXED BY` because without statistics SQLite prefers the status index and then sorts every
 * authorized request. `capture_before` is an ISO 8601 instant, which `strftime` reads and writes in that form.
 */
export const CAPTURE_DEADLINES_SQL = `SELECT pr.* FROM payment_requests pr INDEXED BY payment_requests_capture_deadline
  WHERE pr.status = 'authorized' AND pr.capture_before IS NOT NULL AND pr.capture_before <= ?
    AND (pr.capture_before <= ? OR (pr.capture_warned_at IS NULL
      AND strftime('%Y-%m-%dT%H:%M:%fZ', pr.capture_before, '-' || COALESCE(
        (SELECT cs.warn_hours_before FROM capture_settings cs WHERE cs.merchant_id = pr.merchant_id), ?
      ) || ' hours') <= ?))
  ORDER BY pr.capture_before, pr.id LIMIT ?`;
/** A payment request's refunds, newest first (index `refunds_by_request`, migration 11). */
export const REFUNDS_FOR_REQUEST_SQL = `SELECT * FROM refunds WHERE payment_request_id = ? ${REFUNDS_FOR_REQUEST_ORDER}`;

/** Thrown inside a transaction to roll it back when a row's version moved on. */
class VersionConflict extends Error {}

/** The SQLite adapter of `Store`: one file, WAL, every multi-row change in one transaction. */
export class SqliteStore implements Store, SqliteExtras {
  readonly db: DatabaseSync;
  /** Every write of this store goes through it: one durable COMMIT per turn of the event loop. */
  readonly writes: GroupCommit;
  readonly #sealer: Sealer;
  /** The leases of claimed queue rows (see `sqlite-leases.ts`). */
  readonly #leases = new QueueLeases();
  /** Jobs running under `exclusive`. */
  readonly #runningJobs = new Set<string>();

  /** WAL checkpoints on a thread of their own, when asked for (`openStore` does). */
  readonly checkpoints: BackgroundCheckpoints | null;

  readonly disputes: SqliteDisputes;
  readonly casework: SqliteCasework;
  readonly risk: SqliteRisk;
  readonly connect: SqliteConnect;
  /** The webhook inbox (`sqlite-inbox.ts`). */
  readonly inbox: SqliteInbox;
  readonly merchants: SqliteMerchants;
  readonly idempotency: SqliteIdempotency;
  readonly outbox: SqliteOutbox;
  /** In memory: SQLite serves one instance (see `memory-rate-limits.ts`). */
  readonly rateLimits = new MemoryRateLimits();
  /** The store's scope outside any transaction: what its own reads and writes go through. */
  readonly #scope: SqliteScope;

  // Payment requests and the Stripe mirror answer from this class's own methods: they share its row mappers
  // with `#commit`, which writes both.
  readonly paymentRequests: PaymentRequestRepository = {
    insert: (pr) => this.#insertPaymentRequest(pr),
    get: (id) => this.#getPaymentRequest(id),
    byIntent: (paymentIntentId) => this.#getPaymentRequestByIntent(paymentIntentId),
    list: (merchantId, q) => this.#listPaymentRequests(merchantId, q),
    linkIntent: (id, paymentIntentId, now) => this.#setPaymentIntent(id, paymentIntentId, now, null),
    replaceIntent: (id, missing, paymentIntentId, now) =>
      this.#setPaymentIntent(id, paymentIntentId, now, missing),
    saveVatCheck: (id, proof, now) => this.#saveVatCheck(id, proof, now),
    expiredBy: (now, limit) => this.#openRequestsExpiredBy(now, limit),
    captureDeadlinesDue: async (q) =>
      this.#all(CAPTURE_DEADLINES_SQL, q.horizon, q.deadlineBy, q.defaultWarnHours, q.now, q.limit).map((r) =>
        this.#paymentRequest(r),
      ),
  };
  readonly refunds: RefundRepository = {
    get: async (id) => {
      const row = this.#one('SELECT * FROM refunds WHERE id = ?', id);
      return row ? refundOf(row) : null;
    },
    forRequest: async (paymentRequestId) =>
      this.#all(REFUNDS_FOR_REQUEST_SQL, paymentRequestId).map((r) => refundOf(r)),
  };
  readonly mirror: StripeMirror = {
    disputesFor: (paymentRequestId) => this.#getDisputesFor(paymentRequestId),
    dispute: (id) => this.#getDispute(id),
    record: (objectId) => this.#getStripeRecord(objectId),
  };

  /**
   * `migrations` defaults to the core list; areas with their own tables pass the core list plus theirs.
   * `backgroundCheckpoints` moves WAL checkpoints off the event loop (see `BackgroundCheckpoints`).
   */
  constructor(
    path: string,
    sealer: Sealer,
    migrations?: Migration[],
    options: { backgroundCheckpoints?: boolean } = {},
  ) {
    this.db = openDatabase(path, migrations);
    this.writes = new GroupCommit(this.db);
    this.#sealer = sealer;
    this.checkpoints =
      options.backgroundCheckpoints && path !== ':memory:' ? new BackgroundCheckpoints(this.db, path) : null;
    const scope = new SqliteScope(this.db, sealer, this.writes, false, this.#leases);
    this.disputes = new SqliteDisputes(scope);
    this.casework = new SqliteCasework(scope);
    this.risk = new SqliteRisk(scope, (kind, value) => sealer.hash(kind, value));
    this.connect = new SqliteConnect(scope);
    this.inbox = new SqliteInbox(scope);
    this.merchants = new SqliteMerchants(scope);
    this.idempotency = new SqliteIdempotency(scope);
    this.outbox = new SqliteOutbox(scope);
    this.#scope = scope;
  }

  /**
   * One group-commit write whose body is async: its repositories run each statement at once, inside the write's
   * savepoint, and the group waits for the body (within the turn; see `GroupCommit`) before it releases the
   * savepoint and commits. The scope closes when the savepoint ends, so a body that outlives it cannot write.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    const scope = new SqliteScope(this.db, this.#sealer, this.writes, true, this.#leases);
    const tx: StoreTx = {
      disputes: new SqliteDisputes(scope),
      casework: new SqliteCasework(scope),
      risk: new SqliteRisk(scope, (kind, value) => this.#sealer.hash(kind, value)),
      connect: new SqliteConnect(scope),
      commit: (change, now) =>
        scope.write(() => {
          if (change.inboxEventId !== undefined) this.#leases.inbox.release(change.inboxEventId);
          try {
            return this.#commit(change, now);
          } catch (error) {
            if (error instanceof VersionConflict) return 'conflict';
            throw error;
          }
        }),
    };
    return this.writes.write(() => fn(tx), { durable: options.durable, onEnd: () => scope.close() });
  }

  #one(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return statement(this.db, sql).get(...params) as Row | undefined;
  }
  #all(sql: string, ...params: SQLInputValue[]): Row[] {
    return statement(this.db, sql).all(...params) as Row[];
  }
  #write<T>(fn: () => T, options?: { durable?: boolean }): Promise<T> {
    return this.writes.write(fn, options);
  }
  #run(sql: string, ...params: SQLInputValue[]): number {
    return Number(statement(this.db, sql).run(...params).changes);
  }

  // ── payment requests ─────────────────────────────────────────────────────────────────────────────────────
  #paymentRequest(row: Row): PaymentRequest {
    return paymentRequestOf(row, this.#sealer);
  }

  async #insertPaymentRequest(pr: PaymentRequest): Promise<void> {
    await this.#write(() =>
      this.#run(
        `INSERT INTO payment_requests (${PAYMENT_REQUEST_COLUMNS})
       VALUES (${Array.from({ length: PAYMENT_REQUEST_COLUMN_COUNT }, () => '?').join(',')})`,
        ...sqliteValues(paymentRequestValues(pr, this.#sealer)),
      ),
    );
  }

  async #getPaymentRequest(id: string): Promise<PaymentRequest | null> {
    const row = this.#one('SELECT * FROM payment_requests WHERE id = ?', id);
    return row ? this.#paymentRequest(row) : null;
  }

  async #getPaymentRequestByIntent(paymentIntentId: string): Promise<PaymentRequest | null> {
    const row = this.#one('SELECT * FROM payment_requests WHERE payment_intent_id = ?', paymentIntentId);
    return row ? this.#paymentRequest(row) : null;
  }

  async #listPaymentRequests(merchantId: string, q: ListPaymentRequestsQuery): Promise<Page<PaymentRequest>> {
    const filters: [string, SQLInputValue][] = [];
    if (q.status) filters.push(['status = ?', q.status]);
    if (q.reference) filters.push(['reference = ?', q.reference]);
    if (q.createdGte) filters.push(['created_at >= ?', q.createdGte]);
    if (q.createdLte) filters.push(['created_at <= ?', q.createdLte]);
    return merchantPage(this.#scope, 'payment_requests', merchantId, filters, q, (r) =>
      this.#paymentRequest(r),
    );
  }

  async #setPaymentIntent(
    id: string,
    paymentIntentId: string,
    now: string,
    replacing: string | null,
  ): Promise<string> {
    // Not durable (see GroupCommit.write): a link lost to a power cut is made again from Stripe, which answers
    // the same PaymentIntent to the same idempotency key, and webhooks find the request by its metadata.
    return this.#write(
      () => {
        this.#run(
          `UPDATE payment_requests SET payment_intent_id = ?, updated_at = ?, version = version + 1
         WHERE id = ? AND payment_intent_id IS ?`,
          paymentIntentId,
          now,
          id,
          replacing,
        );
        const row = this.#one('SELECT payment_intent_id FROM payment_requests WHERE id = ?', id);
        return str(row?.payment_intent_id);
      },
      { durable: false },
    );
  }

  async #saveVatCheck(id: string, proof: VatProof, now: string): Promise<void> {
    await this.#write(() =>
      this.#run(
        'UPDATE payment_requests SET vat_check_sealed = ?, updated_at = ?, version = version + 1 WHERE id = ?',
        sealVatCheck(this.#sealer, id, proof),
        now,
        id,
      ),
    );
  }

  async #openRequestsExpiredBy(now: string, limit: number): Promise<PaymentRequest[]> {
    return this.#all(
      `SELECT * FROM payment_requests WHERE status = 'open' AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?`,
      now,
      limit,
    ).map((r) => this.#paymentRequest(r));
  }

  async commit(change: Change, now: string): Promise<CommitResult> {
    if (change.inboxEventId !== undefined) this.#leases.inbox.release(change.inboxEventId);
    try {
      return await this.#write(() => this.#commit(change, now));
    } catch (error) {
      if (error instanceof VersionConflict) return 'conflict';
      throw error;
    }
  }

  #commit(change: Change, now: string): CommitResult {
    return inTransaction(this.db, (): CommitResult => {
      if (change.inboxEventId !== undefined) {
        const done = this.#run(
          `UPDATE webhook_inbox SET processed_at = ?, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL,
             dead_at = NULL WHERE id = ? AND processed_at IS NULL`,
          now,
          change.inboxEventId,
        );
        if (done === 0) return 'duplicate';
      }
      const pr = change.paymentRequest;
      if (pr) {
        const sets = ['updated_at = ?', 'version = version + 1'];
        const values: SQLInputValue[] = [now];
        for (const [column, value] of patchColumns(pr.patch)) {
          sets.push(`${column} = ?`);
          values.push(...sqliteValues([value]));
        }
        const changed = this.#run(
          `UPDATE payment_requests SET ${sets.join(', ')} WHERE id = ? AND version = ?`,
          ...values,
          pr.id,
          pr.expectedVersion,
        );
        if (changed === 0) throw new VersionConflict();
      }
      for (const n of change.notifications ?? []) {
        this.#run(
          `INSERT INTO notifications (id, merchant_id, payment_request_id, type, body, created_at, status, next_attempt_at)
           VALUES (?,?,?,?,?,?, 'pending', ?)`,
          n.id,
          n.merchantId,
          n.paymentRequestId,
          n.type,
          n.body,
          n.createdAt,
          n.createdAt,
        );
      }
      // Mirrors follow the newest event only: the stored stamp is read and compared in this same transaction.
      const d = change.dispute;
      if (d && supersedes(d.event, this.#stamp('disputes', 'id', d.id))) {
        this.#run(
          `INSERT INTO disputes (${DISPUTE_COLUMNS})
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
           ON CONFLICT(id) DO UPDATE SET status = excluded.status, reason = excluded.reason, amount = excluded.amount,
             due_by = excluded.due_by, updated_at = excluded.updated_at, last_event_created = excluded.last_event_created,
             last_event_rank = excluded.last_event_rank, last_event_id = excluded.last_event_id,
             payment_request_id = COALESCE(disputes.payment_request_id, excluded.payment_request_id)`,
          ...sqliteValues(disputeValues(d)),
        );
      }
      for (const r of change.records ?? []) {
        // The object id comes from Stripe's payload: one string for the row and the seal (see `textKey`).
        const objectId = textKey(r.objectId, 'stripe_records.object_id');
        if (!supersedes(r.event, this.#stamp('stripe_records', 'object_id', objectId))) continue;
        this.#run(
          `INSERT INTO stripe_records (${STRIPE_RECORD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)
           ON CONFLICT(object_id) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at,
             last_event_created = excluded.last_event_created, last_event_rank = excluded.last_event_rank,
             last_event_id = excluded.last_event_id,
             payment_request_id = COALESCE(stripe_records.payment_request_id, excluded.payment_request_id)`,
          ...sqliteValues(stripeRecordValues(objectId, r, this.#sealer, now)),
        );
      }
      for (const r of change.refunds ?? []) this.#upsertRefund(r);
      return 'applied';
    });
  }

  /** A refund, moved only forward: the stored stamp is read and compared in the commit's transaction. */
  #upsertRefund(r: Refund): void {
    const id = textKey(r.id, 'refunds.id');
    if (!supersedes(r.event, this.#stamp('refunds', 'id', id))) return;
    this.#run(
      `INSERT INTO refunds (${REFUND_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
       ON CONFLICT(id) DO UPDATE SET ${REFUND_UPDATES}`,
      ...sqliteValues(refundValues({ ...r, id })),
    );
  }

  /** The event stamp a mirror row was last written from; `null` when there is no row yet. */
  #stamp(table: 'disputes' | 'stripe_records' | 'refunds', key: string, id: string): EventStamp | null {
    const row = this.#one(
      `SELECT last_event_created, last_event_rank, last_event_id FROM ${table} WHERE ${key} = ?`,
      id,
    );
    return row ? stampOf(row.last_event_created, row.last_event_rank, row.last_event_id) : null;
  }

  #dispute(r: Row): Dispute {
    return disputeOf(r);
  }

  async #getDisputesFor(paymentRequestId: string): Promise<Dispute[]> {
    return this.#all(DISPUTES_FOR_REQUEST_SQL, paymentRequestId).map((r) => this.#dispute(r));
  }

  async #getDispute(id: string): Promise<Dispute | null> {
    const row = this.#one('SELECT * FROM disputes WHERE id = ?', id);
    return row ? this.#dispute(row) : null;
  }

  async #getStripeRecord(objectId: string): Promise<(StripeRecord & { updatedAt: string }) | null> {
    const r = this.#one('SELECT * FROM stripe_records WHERE object_id = ?', objectId);
    return r ? stripeRecordOf(r, this.#sealer) : null;
  }

  // ── operations ───────────────────────────────────────────────────────────────────────────────────────────
  async backlog() {
    const inbox = this.#one(
      'SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NULL',
    ) as Row;
    const dead = this.#one(
      'SELECT COUNT(*) AS n FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NOT NULL',
    ) as Row;
    const outbox = this.#one("SELECT COUNT(*) AS n FROM notifications WHERE status = 'pending'") as Row;
    return {
      inboxPending: num(inbox.n),
      oldestInboxReceivedAt: strOrNull(inbox.oldest),
      inboxDeadLetters: num(dead.n),
      outboxPending: num(outbox.n),
    };
  }

  /** This adapter's own capabilities (`SqliteExtras`): itself. */
  get sqlite(): SqliteExtras {
    return this;
  }

  writeStats() {
    return { ...this.writes.stats };
  }
  walStats() {
    const stats = this.checkpoints?.stats;
    return stats
      ? { pendingFrames: stats.walFrames - stats.checkpointed, checkpointThread: stats.running }
      : null;
  }

  async checkWritable(): Promise<void> {
    // Through the group commit like every write: the group's BEGIN IMMEDIATE takes the write lock (and no
    // transaction can be open on the connection in between), then the test write is rolled back.
    await this.#write(
      () => {
        this.db.exec('SAVEPOINT check_writable');
        try {
          this.db.exec(
            'UPDATE schema_migrations SET name = name WHERE version = (SELECT MAX(version) FROM schema_migrations)',
          );
        } finally {
          this.db.exec('ROLLBACK TO check_writable');
          this.db.exec('RELEASE check_writable');
        }
      },
      { durable: false },
    );
  }

  async backupTo(path: string): Promise<void> {
    await backup(this.db, path);
  }

  /** One instance per SQLite file: only this process's runs of a job exclude each other. */
  async exclusive<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>> {
    if (this.#runningJobs.has(job)) return { ran: false };
    this.#runningJobs.add(job);
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.#runningJobs.delete(job);
    }
  }

  close(): void {
    // Writes asked for in this turn are committed (and their callers answered) before the file closes.
    this.writes.flushNow();
    // The checkpoint thread's connection closes first, so that this one, the last, removes the WAL.
    this.checkpoints?.close();
    if (this.db.isOpen) this.db.close();
  }
}
