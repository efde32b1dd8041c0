import type { PgMigration } from '../pg-migrations.ts';

/**
 * What a manual-capture request's card hold allows (issue 16): the amount still capturable, when the hold lapses
 * and whether the card granted extended / incremental authorization (unknown, NULL, until the charge says). The
 * PaymentIntent event ranks gained `amount_capturable_updated` at 4, moving `canceled` and `succeeded` up one:
 * stored ranks follow, so that a request stamped before compares as it did.
 */
export const authorizationMigration: PgMigration = {
  version: 6,
  name: 'authorization',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN amount_capturable BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE payment_requests ADD COLUMN capture_before TEXT;
    ALTER TABLE payment_requests ADD COLUMN extended_authorization BOOLEAN;
    ALTER TABLE payment_requests ADD COLUMN incremental_authorization BOOLEAN;
    UPDATE payment_requests SET last_intent_event_rank = last_intent_event_rank + 1 WHERE last_intent_event_rank >= 4;
  `,
};
