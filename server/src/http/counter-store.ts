import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { RateLimitCounters } from '../store/ports/rate-limits.ts';

/**
 * An express-rate-limit `Store` over the store's rate-limit counters (`store.rateLimits`), so that instances
 * sharing a PostgreSQL share each limit, counted exactly. The window length comes from the limiter's options
 * (`init`); times from `now`, the app's clock.
 */
export class CounterStore implements Store {
  readonly #counters: RateLimitCounters;
  readonly #now: () => number;
  #windowMs = 60_000;
  /** Keys counted here are seen by every instance on the same store (express-rate-limit's double-count check). */
  readonly localKeys = false;
  readonly prefix: string;

  constructor(counters: RateLimitCounters, prefix: string, now: () => number = Date.now) {
    this.#counters = counters;
    this.prefix = prefix;
    this.#now = now;
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const w = await this.#counters.peek(this.prefix + key, this.#now());
    return w ? { totalHits: w.hits, resetTime: new Date(w.resetAt) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const w = await this.#counters.hit(this.prefix + key, this.#windowMs, this.#now());
    return { totalHits: w.hits, resetTime: new Date(w.resetAt) };
  }

  decrement(key: string): Promise<void> {
    return this.#counters.decrement(this.prefix + key, this.#now());
  }

  resetKey(key: string): Promise<void> {
    return this.#counters.reset(this.prefix + key);
  }
}
