/** A fixed window's count: hits so far, and when the window ends (epoch ms). */
export interface WindowCount {
  hits: number;
  resetAt: number;
}

/**
 * Fixed-window counters shared by every instance that uses the same store: the request limits
 * (`http/rate-limits.ts`, through an express-rate-limit store) and the failed-authentication throttle
 * (`merchants/auth-throttle.ts`). A window opens at the first hit on a key and lasts `windowMs`; a hit after
 * it ended opens a new one. Times are epoch milliseconds from the caller's clock. Keys may hold client
 * addresses: the PostgreSQL adapter stores only their keyed hash.
 */
export interface RateLimitCounters {
  /** Counts one hit on `key` and gives the count of its current window, this hit included (atomic). */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  /** The count of `key`'s window open at `now`, without counting; `null` when none is open. */
  peek(key: string, now: number): Promise<WindowCount | null>;
  /** Takes back one hit of `key`'s open window (a request express-rate-limit decided not to count). */
  decrement(key: string, now: number): Promise<void>;
  /** Forgets `key`'s window. */
  reset(key: string): Promise<void>;
  /** Forgets every window that ended by `now`; how many. Run by the cluster's cleanup job. */
  sweep(now: number): Promise<number>;
}
