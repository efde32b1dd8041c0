import type { Migration } from '../migrations.ts';

/**
 * Every record written from a Stripe event keeps the whole stamp of that event (`created`, the lifecycle rank of
 * what it said, the event id; see `stripe/event-order.ts`), so that a late event never moves it backwards:
 * payment requests (PaymentIntent events), the dispute mirror, dispute cases, mirrored Stripe objects and carrier
 * accounts. Rows written before keep what they knew: dispute cases get the rank of their status, the dispute
 * mirror the time of its case's last event; the rest start unstamped (any event supersedes them).
 */
export const eventOrderMigration: Migration = {
  version: 8,
  name: 'event order stamps',
  sql: `
    ALTER TABLE payment_requests ADD COLUMN last_intent_event_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE payment_requests ADD COLUMN last_intent_event_id TEXT NOT NULL DEFAULT '';

    ALTER TABLE disputes ADD COLUMN last_event_created INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE disputes ADD COLUMN last_event_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE disputes ADD COLUMN last_event_id TEXT NOT NULL DEFAULT '';

    ALTER TABLE dispute_cases ADD COLUMN last_event_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dispute_cases ADD COLUMN last_event_id TEXT NOT NULL DEFAULT '';
    UPDATE dispute_cases SET last_event_rank = CASE status
      WHEN 'warning_needs_response' THEN 1 WHEN 'warning_under_review' THEN 2 WHEN 'needs_response' THEN 3
      WHEN 'under_review' THEN 4
      WHEN 'warning_closed' THEN 5 WHEN 'won' THEN 5 WHEN 'lost' THEN 5 WHEN 'charge_refunded' THEN 5
      WHEN 'prevented' THEN 5 ELSE 0 END;
    UPDATE disputes SET last_event_created =
      COALESCE((SELECT c.last_event_created FROM dispute_cases c WHERE c.id = disputes.id), 0);

    ALTER TABLE stripe_records ADD COLUMN last_event_created INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stripe_records ADD COLUMN last_event_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stripe_records ADD COLUMN last_event_id TEXT NOT NULL DEFAULT '';

    ALTER TABLE connect_accounts ADD COLUMN last_event_id TEXT NOT NULL DEFAULT '';
  `,
};
