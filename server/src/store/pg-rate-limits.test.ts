import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Pool } from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { migratePostgres } from './pg-migrations.ts';
import { rateLimitsMigration } from './pg-migrations/0004-rate-limits.ts';
import { createPool } from './pg-pool.ts';
import { PgRateLimits } from './pg-rate-limits.ts';
import { PgScope } from './pg-scope.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 7) });
const MINUTE = 60_000;

describe('rate-limit counters on PostgreSQL, shared by instances', () => {
  let url: string;
  let pools: Pool[];
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    pools = [];
    await migratePostgres(pool(), [rateLimitsMigration]);
  });
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.end()));
  });
  function pool(): Pool {
    const p = createPool(url, { max: 5 });
    pools.push(p);
    return p;
  }
  const instance = () => new PgRateLimits(new PgScope(pool(), sealer));

  it('300 hits at once from two instances get each count from 1 to 300 exactly once', async () => {
    const [a, b] = [instance(), instance()];
    const now = 1_000_000;
    const counts = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).hit('api:m_1', MINUTE, now)),
    );
    expect(counts.map((c) => c.hits).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(new Set(counts.map((c) => c.resetAt))).toEqual(new Set([now + MINUTE]));
    expect(await b.peek('api:m_1', now)).toEqual({ hits: 300, resetAt: now + MINUTE });
  });

  it('opens a new window once the last ended, takes back a hit, forgets a key, and sweeps ended windows', async () => {
    const [a, b] = [instance(), instance()];
    await a.hit('k', MINUTE, 0);
    await b.hit('k', MINUTE, 1_000);
    expect(await a.peek('k', 59_999)).toEqual({ hits: 2, resetAt: MINUTE });
    expect(await a.peek('k', MINUTE)).toBeNull();
    expect(await b.hit('k', MINUTE, MINUTE)).toEqual({ hits: 1, resetAt: 2 * MINUTE });
    await a.hit('k', MINUTE, MINUTE + 1);
    await b.decrement('k', MINUTE + 2);
    expect(await a.peek('k', MINUTE + 3)).toEqual({ hits: 1, resetAt: 2 * MINUTE });
    await a.reset('k');
    expect(await b.peek('k', MINUTE + 4)).toBeNull();

    await a.hit('old', 1_000, 0);
    await a.hit('new', MINUTE, 0);
    expect(await b.sweep(1_000)).toBe(1);
    expect(await a.peek('new', 1_000)).toEqual({ hits: 1, resetAt: MINUTE });
  });

  it('stores keys as keyed hashes: no client address in the table', async () => {
    await instance().hit('checkout:198.51.100.7', MINUTE, 0);
    const rows = await pool().query<{ key_hash: string }>('SELECT key_hash FROM rate_limits');
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.key_hash).not.toContain('198.51.100.7');
  });
});
