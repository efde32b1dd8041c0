import type { RateLimitCounters, WindowCount } from './ports/rate-limits.ts';

/** Windows kept at most; past this, ended windows are swept and then the oldest dropped (a memory bound). */
const MAX_ENTRIES = 100_000;

/**
 * The SQLite adapter's rate-limit counters, in this process's memory. SQLite serves one instance, so its
 * counters need no sharing; keeping them out of the database spares every limited request a durable write
 * (one group-commit write per API call) and keeps client addresses off the disk. A restart forgets them,
 * as it did before the counters moved behind the store port.
 */
export class MemoryRateLimits implements RateLimitCounters {
  readonly #windows = new Map<string, WindowCount>();

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const w = this.#windows.get(key);
    if (w && w.resetAt > now) {
      w.hits++;
      return Promise.resolve({ ...w });
    }
    if (this.#windows.size >= MAX_ENTRIES) this.#bound(now);
    // Deleted first so that Map order stays the order of window starts (the oldest is dropped first).
    this.#windows.delete(key);
    const fresh = { hits: 1, resetAt: now + windowMs };
    this.#windows.set(key, fresh);
    return Promise.resolve({ ...fresh });
  }

  peek(key: string, now: number): Promise<WindowCount | null> {
    const w = this.#windows.get(key);
    return Promise.resolve(w && w.resetAt > now ? { ...w } : null);
  }

  decrement(key: string, now: number): Promise<void> {
    const w = this.#windows.get(key);
    if (w && w.resetAt > now && w.hits > 0) w.hits--;
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.#windows.delete(key);
    return Promise.resolve();
  }

  sweep(now: number): Promise<number> {
    let swept = 0;
    for (const [key, w] of this.#windows) if (w.resetAt <= now && this.#windows.delete(key)) swept++;
    return Promise.resolve(swept);
  }

  #bound(now: number): void {
    void this.sweep(now);
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < MAX_ENTRIES * 0.9) break;
      this.#windows.delete(key);
    }
  }
}
