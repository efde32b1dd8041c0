import type { Migration } from '../migrations.ts';

/**
 * Webhook inbox retries and dead letters (`server/src/webhooks/worker.ts`). An event that fails (its payload
 * does not open or parse, or applying it throws) is retried at `next_attempt_at`, later each time, and after
 * its last attempt is parked with `dead_at` until an operator replays it (`npm run webhooks -- replay`).
 * Rows parked by the old rule (25 attempts, no column of their own) become dead letters here.
 *
 * The queue's index leads with the two states the worker asks for (not applied, not parked), keeps the order
 * it takes rows in, and carries `next_attempt_at` so that rows still waiting for their retry are passed over
 * from the index alone.
 */
export const webhookInboxRetriesMigration: Migration = {
  version: 7,
  name: 'webhook inbox retries and dead letters',
  sql: `
    ALTER TABLE webhook_inbox ADD COLUMN next_attempt_at TEXT;
    ALTER TABLE webhook_inbox ADD COLUMN dead_at TEXT;
    UPDATE webhook_inbox SET dead_at = received_at WHERE processed_at IS NULL AND attempts >= 25;
    DROP INDEX webhook_inbox_queue;
    CREATE INDEX webhook_inbox_queue
      ON webhook_inbox(processed_at, dead_at, attempts > 0, created, received_at, next_attempt_at);
  `,
};
