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
  /**
   * Claims up to `limit` items due at `now` (new ones first, oldest event first, then failed ones whose retry
   * time has come) for `leaseMs`: no other claim gets them until the lease runs out or they are completed or
   * failed; an item whose holder died is claimable again once its lease ran out.
   */
  claimNext(limit: number, leaseMs: number, now: string): Promise<CaseworkJob[]>;
  /** Marks a claimed item done. */
  complete(eventId: string, now: string): Promise<void>;
  /** Records a failure: retried at `nextAttemptAt`, or given up (`failed`) when that is `null`. */
  fail(eventId: string, error: string, nextAttemptAt: string | null): Promise<void>;
  /** Items waiting (new or to be retried) and items given up after their last attempt. */
  backlog(): Promise<{ pending: number; failed: number }>;
}
