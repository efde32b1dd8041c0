export interface CaseworkJob {
  eventId: string;
  type: string;
  object: unknown;
  created: number;
  attempts: number;
}

/**
 * The casework queue: Stripe events waiting for their casework (see `disputes/casework.ts`), deduplicated by
 * event id, sealed at rest (events carry buyers' details), retried on a schedule when they fail.
 */
export interface CaseworkQueue {
  /** Queues an event's casework once; a second enqueue of the same event id changes nothing. */
  enqueue(
    job: { eventId: string; type: string; object: unknown; created: number },
    now: string,
  ): Promise<void>;
  /** Items due now: new ones first (oldest event first), then failed ones whose retry time has come. */
  pendingJobs(now: string, limit: number): Promise<CaseworkJob[]>;
  jobDone(eventId: string, now: string): Promise<void>;
  /** Records a failure: retried at `nextAttemptAt`, or given up (`failed`) when that is `null`. */
  jobFailed(eventId: string, error: string, nextAttemptAt: string | null): Promise<void>;
  /** Items waiting (new or to be retried) and items given up after their last attempt. */
  backlog(): Promise<{ pending: number; failed: number }>;
}
