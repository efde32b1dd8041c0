import type { Migration } from '../migrations.ts';

/**
 * The webhook worker takes the oldest pending events first, retried ones last
 * (`ORDER BY attempts > 0, created, received_at`). The index on `(processed_at, created)` found the pending
 * rows but SQLite then sorted all of them, payloads and all, on every pass: with 20,000 events waiting (Stripe
 * redelivering after an outage) one pass of 50 held the event loop for 18 ms, so draining a backlog grew with
 * its square. This index holds the rows in the worker's order, so a pass reads only the rows it takes.
 */
export const inboxQueueIndexMigration: Migration = {
  version: 6,
  name: 'webhook inbox in the worker order',
  sql: `
    DROP INDEX webhook_inbox_pending;
    CREATE INDEX webhook_inbox_queue ON webhook_inbox(processed_at, attempts > 0, created, received_at);
  `,
};
