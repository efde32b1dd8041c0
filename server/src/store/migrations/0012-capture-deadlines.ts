import type { Migration } from '../migrations.ts';

/**
 * Capture deadlines (issue 16): a manual-capture request's stated maximum final amount (`max_final_amount`),
 * when the merchant was warned that its hold is about to lapse (set in the commit that queues the warning, so it
 * is sent once), each merchant's policy at the deadline, and the index the deadline job reads authorized
 * requests through, soonest deadline first. Version 11 is the refunds migration, written on another branch.
 */
export const captureDeadlinesMigration: Migration = {
  version: 12,
  name: 'capture deadlines',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN max_final_amount INTEGER;
    ALTER TABLE payment_requests ADD COLUMN capture_warned_at TEXT;
    CREATE INDEX payment_requests_capture_deadline ON payment_requests(capture_before, id)
      WHERE status = 'authorized';
    CREATE TABLE capture_settings (
      merchant_id TEXT PRIMARY KEY REFERENCES merchants(id),
      at_deadline TEXT NOT NULL,
      warn_hours_before INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
