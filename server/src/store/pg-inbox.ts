import type { InboxRepository } from './ports/inbox.ts';
import { compareKeys } from './pg-queue-order.ts';
import { isoAfter, type PgRow, type PgScope } from './pg-scope.ts';
import { num, str } from './records/cells.ts';
import { textKey } from './text-key.ts';
import type { DeadLetter, InboxEvent, InboxFailure, StoredInboxEvent } from './types.ts';
import { deadLetterOf, INBOX_EVENT_COLUMNS, inboxEventOf, inboxEventValues } from './records/inbox.ts';

/** The order the worker takes events in: fresh ones first, then by Stripe's `created`, then arrival (then id). */
const QUEUE_ORDER = (row: PgRow): [number, number, string, string] => [
  num(row.attempts) > 0 ? 1 : 0,
  num(row.created),
  str(row.received_at),
  str(row.id),
];

/**
 * The worker's claim: up to $3 waiting events (neither applied nor parked) due at $1 and not leased, in queue
 * order (the partial index `webhook_inbox_queue`), each leased until $2. `SKIP LOCKED` lets instances claiming
 * at once pass over each other's rows instead of waiting for them, so no row is claimed twice.
 */
export const CLAIM_INBOX_SQL = `UPDATE webhook_inbox SET lease_until = $2 WHERE id IN (
    SELECT id FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NULL
      AND (next_attempt_at IS NULL OR next_attempt_at <= $1) AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY attempts > 0, created, received_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING *`;
/** Parked webhook events, longest parked first (the partial index `webhook_inbox_dead_letters`). */
export const DEAD_LETTERS_SQL = `SELECT id, type, created, received_at, attempts, last_error, dead_at FROM webhook_inbox
  WHERE processed_at IS NULL AND dead_at IS NOT NULL ORDER BY dead_at, attempts > 0, created, received_at LIMIT $1`;

/**
 * The webhook inbox of the PostgreSQL adapter (`store.inbox`): verified Stripe events, payloads sealed under
 * their id, claimed with a lease kept in the row (`lease_until`), retried and parked as dead letters. Marking an
 * event applied is part of `PgStore.commit`, which clears its lease.
 */
export class PgInbox implements InboxRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  #inbox(row: PgRow): StoredInboxEvent {
    return inboxEventOf(row, this.#s.sealer);
  }

  async insert(e: Pick<InboxEvent, 'id' | 'type' | 'payload' | 'created' | 'receivedAt'>): Promise<boolean> {
    const id = textKey(e.id, 'webhook_inbox.id');
    const inserted = await this.#s.run(
      `INSERT INTO webhook_inbox (${INBOX_EVENT_COLUMNS}) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (id) DO NOTHING`,
      inboxEventValues(id, e, this.#s.sealer),
    );
    return inserted === 1;
  }

  async claim(limit: number, leaseMs: number, now: string): Promise<StoredInboxEvent[]> {
    const rows = await this.#s.all(CLAIM_INBOX_SQL, [now, isoAfter(now, leaseMs), limit]);
    // `RETURNING` keeps no order: the queue's is restored here.
    return rows.sort((a, b) => compareKeys(QUEUE_ORDER(a), QUEUE_ORDER(b))).map((r) => this.#inbox(r));
  }

  async release(id: string): Promise<void> {
    await this.#s.run('UPDATE webhook_inbox SET lease_until = NULL WHERE id = $1', [id]);
  }

  async fail(id: string, failure: InboxFailure): Promise<void> {
    await this.#s.run(
      `UPDATE webhook_inbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
         dead_at = CASE WHEN $2::text IS NULL THEN $3 ELSE NULL END, lease_until = NULL
       WHERE id = $4 AND processed_at IS NULL`,
      [failure.error, failure.retryAt, failure.at, id],
    );
  }

  async get(id: string): Promise<StoredInboxEvent | null> {
    const row = await this.#s.one('SELECT * FROM webhook_inbox WHERE id = $1', [id]);
    return row ? this.#inbox(row) : null;
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return (await this.#s.all(DEAD_LETTERS_SQL, [limit])).map(deadLetterOf);
  }

  async requeue(which: { id: string } | { allDeadLetters: true }): Promise<string[]> {
    // The last error stays until the event is applied, so a replay that fails again still says why.
    const set =
      'UPDATE webhook_inbox SET attempts = 0, next_attempt_at = NULL, dead_at = NULL, lease_until = NULL';
    const rows =
      'id' in which
        ? await this.#s.all(`${set} WHERE id = $1 AND processed_at IS NULL RETURNING id`, [which.id])
        : await this.#s.all(`${set} WHERE processed_at IS NULL AND dead_at IS NOT NULL RETURNING id`);
    return rows.map((r) => str(r.id)).sort();
  }

  async discard(id: string, at: string): Promise<boolean> {
    const changed = await this.#s.run(
      `UPDATE webhook_inbox SET processed_at = $1, lease_until = NULL,
         last_error = 'discarded by an operator; ' || COALESCE(last_error, '')
       WHERE id = $2 AND processed_at IS NULL AND dead_at IS NOT NULL`,
      [at, id],
    );
    return changed === 1;
  }
}
