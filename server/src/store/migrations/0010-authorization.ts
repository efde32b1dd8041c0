import type { Migration } from '../migrations.ts';

/**
 * What a manual-capture request's card hold allows (issue 16): the amount still capturable, when the hold lapses
 * and whether the card granted extended / incremental authorization (unknown, NULL, until the charge says). The
 * PaymentIntent event ranks gained `amount_capturable_updated` at 4, moving `canceled` and `succeeded` up one:
 * stored ranks follow, so that a request stamped before compares as it did.
 */
export const authorizationMigration: Migration = {
  version: 10,
  name: 'authorization',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN amount_capturable INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE payment_requests ADD COLUMN capture_before TEXT;
    ALTER TABLE payment_requests ADD COLUMN extended_authorization INTEGER;
    ALTER TABLE payment_requests ADD COLUMN incremental_authorization INTEGER;
    UPDATE payment_requests SET last_intent_event_rank = last_intent_event_rank + 1 WHERE last_intent_event_rank >= 4;
  `,
};
