import type { PgMigration } from '../pg-migrations.ts';

/**
 * The fixed-window counters every instance shares (`pg-rate-limits.ts`): request limits and the
 * failed-authentication throttle. `key_hash` is a keyed hash of the counter's key, which may hold a client
 * address. UNLOGGED: a counter is written on every limited request, and losing the counts in a database crash
 * (PostgreSQL empties unlogged tables on crash recovery) only restarts the windows, so the writes skip the WAL.
 * The index on `reset_at` serves the cleanup job's sweep of ended windows.
 */
export const rateLimitsMigration: PgMigration = {
  version: 4,
  name: 'rate-limits',
  sql: `
    CREATE UNLOGGED TABLE rate_limits (
      key_hash TEXT COLLATE "C" PRIMARY KEY,
      hits INTEGER NOT NULL,
      reset_at BIGINT NOT NULL
    );
    CREATE INDEX rate_limits_reset_at ON rate_limits (reset_at);
  `,
};
