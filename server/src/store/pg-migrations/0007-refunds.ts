import type { PgMigration } from '../pg-migrations.ts';

/**
 * Refunds (issue 16): each refund of a payment request as Stripe's events left it, stamped with the event it was
 * last written from so that a late one never moves it back; and what the payment took (`amount_received`), which
 * refunds are counted against. Requests paid before this migration were captured in full: they took `amount`.
 */
export const refundsMigration: PgMigration = {
  version: 7,
  name: 'refunds',
  sql: `
    CREATE TABLE refunds (
      id TEXT COLLATE "C" PRIMARY KEY,
      payment_request_id TEXT COLLATE "C" NOT NULL REFERENCES payment_requests(id),
      merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants(id),
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      reason TEXT,
      metadata TEXT NOT NULL,
      status TEXT NOT NULL,
      failure_reason TEXT,
      created_at TEXT COLLATE "C" NOT NULL,
      updated_at TEXT NOT NULL,
      last_event_created BIGINT NOT NULL DEFAULT 0,
      last_event_rank INTEGER NOT NULL DEFAULT 0,
      last_event_id TEXT COLLATE "C" NOT NULL DEFAULT ''
    );
    CREATE INDEX refunds_by_request ON refunds (payment_request_id, created_at DESC, id DESC);
    ALTER TABLE payment_requests ADD COLUMN amount_received BIGINT NOT NULL DEFAULT 0;
    UPDATE payment_requests SET amount_received = amount
      WHERE status IN ('paid', 'partially_refunded', 'refunded', 'disputed');
  `,
};
