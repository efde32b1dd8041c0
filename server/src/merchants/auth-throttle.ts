import type { AuthFailureLimit } from '../config.ts';
import type { RateLimitCounters } from '../store/ports/rate-limits.ts';

/** The part of an API key that the throttle counts by: `cp_test_` or `cp_live_` and the next 4 characters. */
const PREFIX = /^cp_(?:test|live)_[A-Za-z0-9_-]{4}/;

/** What one request is counted as: its client address and, when it sent something key-shaped, the key's prefix. */
export interface AuthAttempt {
  address: string;
  /** Raw bearer token as sent (only its prefix is kept), or `null` when none was sent. */
  token: string | null;
}

/**
 * Failed merchant authentications, counted per client address and per API-key prefix in fixed windows
 * (`RATE_LIMIT_AUTH_FAILURES…`). It is consulted before the key is looked up: once an address or a prefix has
 * had its limit of failures in the window, every request from that address or for that prefix is refused
 * until the window ends, valid keys included (that is what makes guessing from one address, or at one key,
 * pointless). Successful authentications are never counted.
 *
 * The counts live in the store's rate-limit counters (`store.rateLimits`), the same mechanism as the request
 * limits, so on PostgreSQL every instance sees every failure: guesses spread over instances are throttled as
 * if made at one. Fail-closed: when the counters cannot be read or written, the error propagates (the request
 * fails as a store error does), because a throttle that lets guesses through unseen is no throttle; the key
 * lookup it guards needs the same database anyway.
 */
export class AuthThrottle {
  readonly #limit: AuthFailureLimit;
  readonly #counters: RateLimitCounters;
  readonly #now: () => number;

  constructor(limit: AuthFailureLimit, counters: RateLimitCounters, now: () => number = Date.now) {
    this.#limit = limit;
    this.#counters = counters;
    this.#now = now;
  }

  /** Seconds until this attempt may be made, or 0 when it may be made now. */
  async retryAfterSeconds(attempt: AuthAttempt): Promise<number> {
    const now = this.#now();
    let until = 0;
    const windows = await Promise.all(
      this.#keys(attempt).map(async ([id, limit]) => ({ w: await this.#counters.peek(id, now), limit })),
    );
    for (const { w, limit } of windows) if (w && w.hits >= limit) until = Math.max(until, w.resetAt);
    return until === 0 ? 0 : Math.max(1, Math.ceil((until - now) / 1000));
  }

  /** Counts one failed authentication against the attempt's address and key prefix. */
  async failed(attempt: AuthAttempt): Promise<void> {
    const now = this.#now();
    await Promise.all(this.#keys(attempt).map(([id]) => this.#counters.hit(id, this.#limit.windowMs, now)));
  }

  #keys(attempt: AuthAttempt): [string, number][] {
    const counters: [string, number][] = [[`auth:address:${attempt.address}`, this.#limit.perAddress]];
    const prefix = attempt.token === null ? null : PREFIX.exec(attempt.token)?.[0];
    if (prefix) counters.push([`auth:prefix:${prefix}`, this.#limit.perKeyPrefix]);
    return counters;
  }
}
