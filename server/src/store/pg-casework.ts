import type { CaseworkJob, CaseworkQueue } from './ports/casework.ts';
import { compareKeys } from './pg-queue-order.ts';
import { isoAfter, type PgRow, type PgScope } from './pg-scope.ts';
import { num, str } from './records/cells.ts';
import { CASEWORK_COLUMNS, caseworkJobOf, caseworkValues } from './records/casework.ts';

/**
 * Claims due casework for a lease, in one statement: the due rows nobody holds are locked in queue order
 * (`FOR UPDATE SKIP LOCKED`: rows another instance is claiming at this moment are passed over, not waited for)
 * and get `lease_until`. `$1` now, `$2` how many, `$3` when the lease runs out.
 */
const CLAIM_CASEWORK_SQL = `UPDATE casework_jobs SET lease_until = $3 WHERE event_id IN (
    SELECT event_id FROM casework_jobs
    WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
      AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY attempts > 0, created, enqueued_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING event_id, type, object_sealed, created, attempts, enqueued_at`;

/** A claimed row's place in queue order (`RETURNING` gives rows in no particular order). */
const queueKey = (r: PgRow): (number | string)[] => [
  num(r.attempts) > 0 ? 1 : 0,
  num(r.created),
  str(r.enqueued_at),
  str(r.event_id),
];

/**
 * The PostgreSQL adapter of `CaseworkQueue` (payloads sealed under `casework_jobs:<event id>`, as on SQLite).
 * Shared by every instance: a claim leases its rows in the rows themselves (`lease_until`), and completing or
 * failing a row ends its lease, so a row whose holder died is claimed again once its lease runs out.
 */
export class PgCasework implements CaseworkQueue {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  async enqueue(
    job: { eventId: string; type: string; object: unknown; created: number },
    now: string,
  ): Promise<void> {
    await this.#s.run(
      `INSERT INTO casework_jobs (${CASEWORK_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO NOTHING`,
      caseworkValues(job, now, this.#s.sealer),
    );
  }

  async claimNext(limit: number, leaseMs: number, now: string): Promise<CaseworkJob[]> {
    const rows = await this.#s.all(CLAIM_CASEWORK_SQL, [now, limit, isoAfter(now, leaseMs)]);
    return rows
      .sort((a, b) => compareKeys(queueKey(a), queueKey(b)))
      .map((r) => caseworkJobOf(r, this.#s.sealer));
  }

  async complete(eventId: string, now: string): Promise<void> {
    await this.#s.run(
      `UPDATE casework_jobs SET status = 'done', attempts = attempts + 1, done_at = $1, last_error = NULL,
         lease_until = NULL
       WHERE event_id = $2`,
      [now, eventId],
    );
  }

  async fail(eventId: string, error: string, nextAttemptAt: string | null): Promise<void> {
    await this.#s.run(
      `UPDATE casework_jobs SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, lease_until = NULL,
         status = CASE WHEN $2::text IS NULL THEN 'failed' ELSE status END
       WHERE event_id = $3`,
      [error.slice(0, 500), nextAttemptAt, eventId],
    );
  }

  async backlog(): Promise<{ pending: number; failed: number }> {
    const row = await this.#s.one(
      `SELECT COUNT(*) FILTER (WHERE status = 'pending') AS pending,
         COUNT(*) FILTER (WHERE status = 'failed') AS failed
       FROM casework_jobs WHERE status IN ('pending', 'failed')`,
    );
    return { pending: num(row?.pending ?? 0), failed: num(row?.failed ?? 0) };
  }
}
