import type { Migration } from '../migrations.ts';

/** Casework retries with backoff (`server/src/disputes/casework.ts`): when a failed item is next tried. */
export const caseworkRetryMigration: Migration = {
  version: 5,
  name: 'casework retry schedule',
  sql: `
    ALTER TABLE casework_jobs ADD COLUMN next_attempt_at TEXT;
    CREATE INDEX casework_jobs_due ON casework_jobs(status, next_attempt_at);
  `,
};
