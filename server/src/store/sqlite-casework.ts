import type { CaseworkJob, CaseworkQueue } from './ports/casework.ts';
import { sqliteValues, type SqliteScope } from './sqlite-scope.ts';
import { num, str } from './records/cells.ts';
import { CASEWORK_COLUMNS, caseworkJobOf, caseworkValues } from './records/casework.ts';

/** Casework due now, oldest first and retried items last, read in the order of its index (migration 6). */
export const PENDING_CASEWORK_SQL = `SELECT * FROM casework_jobs WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
  ORDER BY attempts > 0, created, enqueued_at LIMIT ?`;

/** The SQLite adapter of `CaseworkQueue` (payloads sealed under `casework_jobs:<event id>`). */
export class SqliteCasework implements CaseworkQueue {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  async enqueue(
    job: { eventId: string; type: string; object: unknown; created: number },
    now: string,
  ): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO casework_jobs (${CASEWORK_COLUMNS}) VALUES (?,?,?,?,?)
         ON CONFLICT(event_id) DO NOTHING`,
        ...sqliteValues(caseworkValues(job, now, this.#s.sealer)),
      ),
    );
  }

  async claimNext(limit: number, leaseMs: number, now: string): Promise<CaseworkJob[]> {
    const rows = this.#s.leases.casework.claim(
      (extra) => this.#s.all(PENDING_CASEWORK_SQL, now, limit + extra),
      (r) => str(r.event_id),
      limit,
      leaseMs,
      now,
    );
    return rows.map((r) => caseworkJobOf(r, this.#s.sealer));
  }

  async complete(eventId: string, now: string): Promise<void> {
    this.#s.leases.casework.release(eventId);
    await this.#s.write(() =>
      this.#s.run(
        `UPDATE casework_jobs SET status = 'done', attempts = attempts + 1, done_at = ?, last_error = NULL
         WHERE event_id = ?`,
        now,
        eventId,
      ),
    );
  }

  async fail(eventId: string, error: string, nextAttemptAt: string | null): Promise<void> {
    this.#s.leases.casework.release(eventId);
    await this.#s.write(() =>
      this.#s.run(
        `UPDATE casework_jobs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           status = CASE WHEN ? IS NULL THEN 'failed' ELSE status END WHERE event_id = ?`,
        error.slice(0, 500),
        nextAttemptAt,
        nextAttemptAt,
        eventId,
      ),
    );
  }

  async backlog(): Promise<{ pending: number; failed: number }> {
    const row = this.#s.one(
      "SELECT SUM(status = 'pending') AS pending, SUM(status = 'failed') AS failed FROM casework_jobs",
    );
    return { pending: num(row?.pending ?? 0), failed: num(row?.failed ?? 0) };
  }
}
