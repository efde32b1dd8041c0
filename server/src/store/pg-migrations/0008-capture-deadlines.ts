import type { PgMigration } from '../pg-migrations.ts';

/**
 * Capture deadlines (issue 16): a manual-capture request's stated maximum final amount (`max_final_amount`),
 * when the merchant was warned that its hold is about to lapse (set in the commit that queues the warning, so it
 * is sent once), each merchant's policy at the deadline, and the index the deadline job reads authorized
 * requests through, soonest deadline first. `capture_before` is now compared and ordered, so it takes the byte
 * order of every other compared time (`0001-core.ts`). Version 7 is the refunds migration, written on another branch.
 */
export const captureDeadlinesMigration: PgMigration = {
  version: 8,
  name: 'capture deadlines',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN max_final_amount BIGINT;
    ALTER TABLE payment_requests ADD COLUMN capture_warned_at TEXT COLLATE "C";
    ALTER TABLE payment_requests ALTER COLUMN capture_before TYPE TEXT COLLATE "C";
    CREATE INDEX payment_requests_capture_deadline ON payment_requests (capture_before, id)
      WHERE status = 'authorized';
    CREATE TABLE capture_settings (
      merchant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES merchants(id),
      at_deadline TEXT NOT NULL,
      warn_hours_before INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    );
  `,
};
