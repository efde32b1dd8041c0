import type { AuthFailureLimit } from '../config.ts';

/** The part of an API key that the throttle counts by: `cp_test_` or `cp_live_` and the next 4 characters. */
const PREFIX = /^cp_(?:test|live)_[A-Za-z0-9_-]{4}/;

/** Counters kept at most; past this, expired windows are swept and then the oldest dropped (memory bound). */
const MAX_ENTRIES = 100_000;

interface Window {
  failures: number;
  resetAt: number;
}

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
 * pointless). Successful authentications are never counted. In memory, per process.
 */
export class AuthThrottle {
  readonly #limit: AuthFailureLimit;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(limit: AuthFailureLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Seconds until this attempt may be made, or 0 when it may be made now. */
  retryAfterSeconds(attempt: AuthAttempt): number {
    const now = this.#now();
    let until = 0;
    for (const [id, limit] of this.#counters(attempt)) {
      const w = this.#windows.get(id);
      if (w && w.resetAt > now && w.failures >= limit) until = Math.max(until, w.resetAt);
    }
    return until === 0 ? 0 : Math.max(1, Math.ceil((until - now) / 1000));
  }

  /** Counts one failed authentication against the attempt's address and key prefix. */
  failed(attempt: AuthAttempt): void {
    const now = this.#now();
    if (this.#windows.size >= MAX_ENTRIES) this.#sweep(now);
    for (const [id] of this.#counters(attempt)) {
      const w = this.#windows.get(id);
      if (w && w.resetAt > now) w.failures++;
      else {
        this.#windows.delete(id);
        this.#windows.set(id, { failures: 1, resetAt: now + this.#limit.windowMs });
      }
    }
  }

  #counters(attempt: AuthAttempt): [string, number][] {
    const counters: [string, number][] = [[`address:${attempt.address}`, this.#limit.perAddress]];
    const prefix = attempt.token === null ? null : PREFIX.exec(attempt.token)?.[0];
    if (prefix) counters.push([`prefix:${prefix}`, this.#limit.perKeyPrefix]);
    return counters;
  }

  #sweep(now: number): void {
    for (const [id, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(id);
    // Still full: drop the oldest windows (a Map iterates in insertion order).
    for (const id of this.#windows.keys()) {
      if (this.#windows.size < MAX_ENTRIES * 0.9) break;
      this.#windows.delete(id);
    }
  }
}
