import type { PgMigration } from '../pg-migrations.ts';

/**
 * A payment request says whether Stripe e-mails the buyer a receipt (`receipt_email` on the PaymentIntent, to
 * the customer's address): off for every earlier request, as before (issue 16, pay by link). Numbered after the
 * refunds (7) and capture-deadline (8) migrations of the same issue.
 */
export const receiptEmailMigration: PgMigration = {
  version: 9,
  name: 'receipt-email',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN receipt_email BOOLEAN NOT NULL DEFAULT false;
  `,
};
