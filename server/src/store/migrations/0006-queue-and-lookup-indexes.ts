import type { Migration } from '../migrations.ts';

/**
 * Indexes for the reads that grow with the business (found by running every statement of the test suite
 * through EXPLAIN QUERY PLAN):
 * - The webhook worker and the casework runner take the oldest pending items first, retried ones last. Their
 *   indexes found the pending rows but SQLite then sorted all of them, payloads and all, on every pass: with
 *   20,000 events waiting (Stripe redelivering after an outage) one pass of 50 held the event loop for 18 ms,
 *   so draining a backlog grew with its square. These indexes hold the rows in the order they are taken.
 * - The notification sender's order gains its tie-breaker (`id`), so due deliveries are read in order too.
 * - A payment request's disputes were found by scanning the whole disputes table.
 * - The monitoring rules count payment events since a time across merchants, which scanned every event ever.
 */
export const queueAndLookupIndexesMigration: Migration = {
  version: 6,
  name: 'queue and lookup indexes',
  sql: `
    DROP INDEX webhook_inbox_pending;
    CREATE INDEX webhook_inbox_queue ON webhook_inbox(processed_at, attempts > 0, created, received_at);
    DROP INDEX casework_jobs_pending;
    CREATE INDEX casework_jobs_queue ON casework_jobs(status, attempts > 0, created, enqueued_at);
    DROP INDEX notifications_due;
    CREATE INDEX notifications_due ON notifications(status, next_attempt_at, id);
    CREATE INDEX disputes_by_request ON disputes(payment_request_id, updated_at);
    CREATE INDEX payment_events_by_time ON payment_events(created_at, merchant_id, kind);
  `,
};
