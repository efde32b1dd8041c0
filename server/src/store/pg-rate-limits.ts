import type { PgScope } from './pg-scope.ts';
import { num } from './records/cells.ts';
import type { RateLimitCounters, WindowCount } from './ports/rate-limits.ts';

/**
 * Rate-limit counters in PostgreSQL's `rate_limits` table, shared by every instance. A hit is one statement,
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`: PostgreSQL locks the key's row for the update, so hits from
 * several instances at once are counted one after another and each gets its exact count. Keys are stored as
 * keyed hashes (they may hold client addresses). Ended windows stay until `sweep` (the cleanup job) removes
 * them; a hit on an ended window restarts it in place.
 */
export class PgRateLimits implements RateLimitCounters {
  readonly #scope: PgScope;

  constructor(scope: PgScope) {
    this.#scope = scope;
  }

  #hash(key: string): string {
    return this.#scope.sealer.hash('rate_limit', key);
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const row = await this.#scope.one(
      `INSERT INTO rate_limits AS r (key_hash, hits, reset_at) VALUES ($1, 1, $2::bigint + $3::bigint)
       ON CONFLICT (key_hash) DO UPDATE SET
         hits = CASE WHEN r.reset_at <= $2::bigint THEN 1 ELSE r.hits + 1 END,
         reset_at = CASE WHEN r.reset_at <= $2::bigint THEN $2::bigint + $3::bigint ELSE r.reset_at END
       RETURNING hits, reset_at`,
      [this.#hash(key), now, windowMs],
    );
    return { hits: num(row?.hits), resetAt: num(row?.reset_at) };
  }

  async peek(key: string, now: number): Promise<WindowCount | null> {
    const row = await this.#scope.one(
      'SELECT hits, reset_at FROM rate_limits WHERE key_hash = $1 AND reset_at > $2::bigint',
      [this.#hash(key), now],
    );
    return row ? { hits: num(row.hits), resetAt: num(row.reset_at) } : null;
  }

  async decrement(key: string, now: number): Promise<void> {
    await this.#scope.run(
      'UPDATE rate_limits SET hits = hits - 1 WHERE key_hash = $1 AND reset_at > $2::bigint AND hits > 0',
      [this.#hash(key), now],
    );
  }

  async reset(key: string): Promise<void> {
    await this.#scope.run('DELETE FROM rate_limits WHERE key_hash = $1', [this.#hash(key)]);
  }

  sweep(now: number): Promise<number> {
    return this.#scope.run('DELETE FROM rate_limits WHERE reset_at <= $1::bigint', [now]);
  }
}
