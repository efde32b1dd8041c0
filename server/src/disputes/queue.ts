import { num, str, type Db } from './sqlite.ts';

/** Casework due now, oldest first and retried items last, read in the order of its index (migration 6). */
export const PENDING_CASEWORK_SQL = `SELECT * FROM casework_jobs WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
  ORDER BY attempts > 0, created, enqueued_at LIMIT ?`;

export interface CaseworkJob {
  eventId: string;
  type: string;
  object: unknown;
  created: number;
  attempts: number;
}

/**
 * The casework queue: Stripe events waiting for their casework (see `casework.ts`), deduplicated by event id,
 * sealed at rest (events carry buyers' details), retried on a schedule when they fail.
 */
export class CaseworkQueue {
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

  enqueue(job: { eventId: string; type: string; object: unknown; created: number }, now: string): void {
    this.#d.run(
      `INSERT INTO casework_jobs (event_id, type, object_sealed, created, enqueued_at) VALUES (?,?,?,?,?)
       ON CONFLICT(event_id) DO NOTHING`,
      job.eventId,
      job.type,
      this.#seal(job.object, `casework_jobs:${job.eventId}`),
      job.created,
      now,
    );
  }

  /** Items due now: new ones, and failed ones whose retry time has come (at most `MAX_CASEWORK_ATTEMPTS`). */
  pendingJobs(now: string, limit: number): CaseworkJob[] {
    return this.#d.all(PENDING_CASEWORK_SQL, now, limit).map((r) => ({
      eventId: str(r.event_id),
      type: str(r.type),
      object: this.#open<unknown>(str(r.object_sealed), `casework_jobs:${str(r.event_id)}`),
      created: num(r.created),
      attempts: num(r.attempts),
    }));
  }

  jobDone(eventId: string, now: string): void {
    this.#d.run(
      "UPDATE casework_jobs SET status = 'done', attempts = attempts + 1, done_at = ?, last_error = NULL WHERE event_id = ?",
      now,
      eventId,
    );
  }

  /** Records a failure: retried at `nextAttemptAt`, or given up (`failed`) when that is `null`. */
  jobFailed(eventId: string, error: string, nextAttemptAt: string | null): void {
    this.#d.run(
      `UPDATE casework_jobs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
         status = CASE WHEN ? IS NULL THEN 'failed' ELSE status END WHERE event_id = ?`,
      error.slice(0, 500),
      nextAttemptAt,
      nextAttemptAt,
      eventId,
    );
  }

  /** Items waiting (new or to be retried) and items given up after their last attempt. */
  backlog(): { pending: number; failed: number } {
    const row = this.#d.one(
      "SELECT SUM(status = 'pending') AS pending, SUM(status = 'failed') AS failed FROM casework_jobs",
    );
    return { pending: num(row?.pending ?? 0), failed: num(row?.failed ?? 0) };
  }
}
