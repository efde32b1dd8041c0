import type { Sealer } from '../crypto.ts';
import type { CaseworkJob } from '../ports/casework.ts';
import { num, str, type ColumnValue, type Row } from './cells.ts';
import { openJson, sealContext, sealJson } from './sealing.ts';

/** The columns a job is enqueued with, in the order of `caseworkValues`. */
export const CASEWORK_COLUMNS = 'event_id, type, object_sealed, created, enqueued_at';

/** A job's values for `CASEWORK_COLUMNS`, its Stripe object sealed under the event's id. */
export const caseworkValues = (
  job: { eventId: string; type: string; object: unknown; created: number },
  now: string,
  sealer: Sealer,
): ColumnValue[] => [
  job.eventId,
  job.type,
  sealJson(sealer, job.object, sealContext.caseworkObject(job.eventId)),
  job.created,
  now,
];

/** A claimed `casework_jobs` row as the job, its object opened. */
export const caseworkJobOf = (r: Row, sealer: Sealer): CaseworkJob => ({
  eventId: str(r.event_id),
  type: str(r.type),
  object: openJson<unknown>(sealer, str(r.object_sealed), sealContext.caseworkObject(str(r.event_id))),
  created: num(r.created),
  attempts: num(r.attempts),
});
