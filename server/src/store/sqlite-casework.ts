import type { CaseworkJob, CaseworkQueue } from './ports/casework.ts';
import { num, str, type SqliteScope } from './sqlite-scope.ts';

/** Casework due now, oldest first and retried items last, read in the order of its index (migration 6). */
export const PENDING_CASEWORK_SQL = `SELECT * FROM casework_jobs WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
  AND (lease_until IS NULL OR lease_until <= ? OR leased_by IS NOT ?) ORDER BY attempts > 0, created, enqueued_at LIMIT ?`;

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
    const sealed = this.#s.seal(job.object, `casework_jobs:${job.eventId}`);
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO casework_jobs (event_id, type, object_sealed, created, enqueued_at) VALUES (?,?,?,?,?)
         ON CONFLICT(event_id) DO NOTHING`,
        job.eventId,
        job.type,
        sealed,
        job.created,
        now,
      ),
    );
  }

  async claimNext(limit: number, leaseMs: number, now: string): Promise<CaseworkJob[]> {
    // A lease lost to a power cut only makes its items due again: not durable.
    const rows = await this.#s.write(
      () => {
        const due = this.#s.all(PENDING_CASEWORK_SQL, now, now, this.#s.owner, limit);
        const until = new Date(Date.parse(now) + leaseMs).toISOString();
        for (const r of due) {
          this.#s.run(
            'UPDATE casework_jobs SET lease_until = ?, leased_by = ? WHERE event_id = ?',
            until,
            this.#s.owner,
            r.event_id ?? null,
          );
        }
        return due;
      },
      { durable: false },
    );
    return rows.map((r) => ({
      eventId: str(r.event_id),
      type: str(r.type),
      object: this.#s.open<unknown>(str(r.object_sealed), `casework_jobs:${str(r.event_id)}`),
      created: num(r.created),
      attempts: num(r.attempts),
    }));
  }

  async complete(eventId: string, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `UPDATE casework_jobs SET status = 'done', attempts = attempts + 1, done_at = ?, last_error = NULL,
           lease_until = NULL, leased_by = NULL WHERE event_id = ?`,
        now,
        eventId,
      ),
    );
  }

  async fail(eventId: string, error: string, nextAttemptAt: string | null): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `UPDATE casework_jobs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           lease_until = NULL, leased_by = NULL, status = CASE WHEN ? IS NULL THEN 'failed' ELSE status END WHERE event_id = ?`,
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
