import { sqliteValues, textKey, type Row, type SqliteScope } from './sqlite-scope.ts';
import { str } from './records/cells.ts';
import type { InboxRepository } from './ports/inbox.ts';
import type { DeadLetter, InboxEvent, InboxFailure, StoredInboxEvent } from './types.ts';
import { deadLetterOf, INBOX_EVENT_COLUMNS, inboxEventOf, inboxEventValues } from './records/inbox.ts';

/**
 * The webhook worker's queue: events due now, oldest first, retried ones after the fresh ones; rows waiting
 * for their retry time and dead letters left out (migration 7).
 */
export const PENDING_INBOX_SQL = `SELECT * FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NULL
  AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY attempts > 0, created, received_at LIMIT ?`;
/** Parked webhook events, longest parked first, in the queue index's order. */
export const DEAD_LETTERS_SQL = `SELECT id, type, created, received_at, attempts, last_error, dead_at FROM webhook_inbox
  WHERE processed_at IS NULL AND dead_at IS NOT NULL ORDER BY dead_at, attempts > 0, created, received_at LIMIT ?`;
/**
 * The webhook inbox of the SQLite adapter: verified Stripe events, payloads sealed under their id, claimed by
 * the worker (leases in `sqlite-leases.ts`), retried and parked as dead letters (migration 7). `SqliteStore`
 * exposes it as `store.inbox`; marking an event applied is part of `commit`.
 */
export class SqliteInbox implements InboxRepository {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  #inbox(row: Row): StoredInboxEvent {
    return inboxEventOf(row, this.#s.sealer);
  }

  async insert(e: Pick<InboxEvent, 'id' | 'type' | 'payload' | 'created' | 'receivedAt'>): Promise<boolean> {
    const id = textKey(e.id, 'webhook_inbox.id');
    const changes = await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO webhook_inbox (${INBOX_EVENT_COLUMNS}) VALUES (?,?,?,?,?)
       ON CONFLICT(id) DO NOTHING`,
        ...sqliteValues(inboxEventValues(id, e, this.#s.sealer)),
      ),
    );
    return changes === 1;
  }

  async claim(limit: number, leaseMs: number, now: string): Promise<StoredInboxEvent[]> {
    const rows = this.#s.leases.inbox.claim(
      (extra) => this.#s.all(PENDING_INBOX_SQL, now, limit + extra),
      (r) => str(r.id),
      limit,
      leaseMs,
      now,
    );
    return rows.map((r) => this.#inbox(r));
  }

  async release(id: string): Promise<void> {
    this.#s.leases.inbox.release(id);
  }

  async fail(id: string, failure: InboxFailure): Promise<void> {
    this.#s.leases.inbox.release(id);
    await this.#s.write(() =>
      this.#s.run(
        `UPDATE webhook_inbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           dead_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE id = ? AND processed_at IS NULL`,
        failure.error,
        failure.retryAt,
        failure.retryAt,
        failure.at,
        id,
      ),
    );
  }

  async get(id: string): Promise<StoredInboxEvent | null> {
    const row = this.#s.one('SELECT * FROM webhook_inbox WHERE id = ?', id);
    return row ? this.#inbox(row) : null;
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return this.#s.all(DEAD_LETTERS_SQL, limit).map(deadLetterOf);
  }

  async requeue(which: { id: string } | { allDeadLetters: true }): Promise<string[]> {
    // The last error stays until the event is applied, so a replay that fails again still says why.
    const set = 'UPDATE webhook_inbox SET attempts = 0, next_attempt_at = NULL, dead_at = NULL';
    const rows = await this.#s.write(() =>
      'id' in which
        ? this.#s.all(`${set} WHERE id = ? AND processed_at IS NULL RETURNING id`, which.id)
        : this.#s.all(`${set} WHERE processed_at IS NULL AND dead_at IS NOT NULL RETURNING id`),
    );
    return rows.map((r) => str(r.id));
  }

  async discard(id: string, at: string): Promise<boolean> {
    const changed = await this.#s.write(() =>
      this.#s.run(
        `UPDATE webhook_inbox SET processed_at = ?, last_error = 'discarded by an operator; ' || COALESCE(last_error, '')
         WHERE id = ? AND processed_at IS NULL AND dead_at IS NOT NULL`,
        at,
        id,
      ),
    );
    return changed === 1;
  }
}
