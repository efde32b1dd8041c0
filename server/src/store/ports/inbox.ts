import type { DeadLetter, InboxEvent, InboxFailure, StoredInboxEvent } from '../types.ts';

/**
 * The webhook inbox: verified Stripe events, payloads sealed at rest, claimed by the worker, retried on a
 * schedule and parked as dead letters after their last attempt. Marking an event applied is part of
 * `Store.commit` (its `inboxEventId`), so the event and its effects commit together.
 */
export interface InboxRepository {
  /**
   * Writes a verified Stripe event; `false` when its id was already stored (a duplicate delivery). The id must
   * be a string (a TypeError otherwise): the payload is sealed under that very string.
   */
  insert(event: Pick<InboxEvent, 'id' | 'type' | 'payload' | 'created' | 'receivedAt'>): Promise<boolean>;
  /**
   * Claims up to `limit` events due at `now` (ISO): never applied, not parked, past their retry time, fresh
   * ones first; each leased for `leaseMs`, so no other claim gets it until it is applied (`commit` with its
   * `inboxEventId`), failed (`fail`) or released, or its lease runs out (its holder died).
   */
  claim(limit: number, leaseMs: number, now: string): Promise<StoredInboxEvent[]>;
  /** Gives a claimed event back, due again at once (it was neither applied nor failed). */
  release(id: string): Promise<void>;
  /** Counts one failed attempt (see `InboxFailure`). */
  fail(id: string, failure: InboxFailure): Promise<void>;
  get(id: string): Promise<StoredInboxEvent | null>;
  /** Parked events, longest parked first. */
  deadLetters(limit: number): Promise<DeadLetter[]>;
  /**
   * Puts events back in the queue with their attempts reset: one event not yet applied (parked or waiting
   * for a retry), or every dead letter. Returns the ids requeued.
   */
  requeue(which: { id: string } | { allDeadLetters: true }): Promise<string[]>;
  /**
   * Gives up on one dead letter for good (a row that can never be opened, e.g. one stored under a mangled id):
   * marked processed at `at` with nothing applied, its last error kept and prefixed "discarded". `false` when
   * no dead letter has that id.
   */
  discard(id: string, at: string): Promise<boolean>;
}
