import type { IdempotencyBegin } from '../types.ts';

/** Idempotency keys of API requests: the first request under a key runs, later ones replay its answer. */
export interface IdempotencyKeys {
  /**
   * Claims `key` in `scope` for a request with this `fingerprint`: `new` (run it), `replay` (its finished
   * answer), `mismatch` (the key was used for another request) or `in-progress` (the first is still running).
   */
  begin(scope: string, key: string, fingerprint: string, now: string): Promise<IdempotencyBegin>;
  /** Stores the answer to replay. */
  finish(scope: string, key: string, status: number, body: string): Promise<void>;
  /** Forgets an unfinished key (the request failed without an answer worth replaying). */
  release(scope: string, key: string): Promise<void>;
}
