import type { Migration } from '../migrations.ts';

/**
 * A payment request says whether Stripe e-mails the buyer a receipt (`receipt_email` on the PaymentIntent, to
 * the customer's address): off for every earlier request, as before (issue 16, pay by link). Numbered after the
 * refunds (11) and capture-deadline (12) migrations of the same issue.
 */
export const receiptEmailMigration: Migration = {
  version: 13,
  name: 'receipt email',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN receipt_email INTEGER NOT NULL DEFAULT 0;
  `,
};
