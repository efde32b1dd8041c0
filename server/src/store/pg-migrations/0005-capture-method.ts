import type { PgMigration } from '../pg-migrations.ts';

/**
 * A payment request says whether its card payment is captured at once (`automatic`, what every earlier request
 * did, so existing rows take it) or authorized now and captured by the merchant later (`manual`, issue 16).
 */
export const captureMethodMigration: PgMigration = {
  version: 5,
  name: 'capture-method',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN capture_method TEXT NOT NULL DEFAULT 'automatic';
  `,
};
