import type { PgMigration } from '../pg-migrations.ts';

/**
 * The core tables on PostgreSQL, as SQLite's migrations 1 to 8 left them (merchants, payment requests,
 * idempotency keys, the webhook inbox, the Stripe mirror, the notification outbox), written for PostgreSQL:
 *
 * - Flags are BOOLEAN; amounts, Stripe's `created` and event stamps are BIGINT (read back as numbers, see
 *   `pg-pool.ts`).
 * - Times are TEXT holding the very ISO strings SQLite holds, and every key and time that is compared or ordered
 *   is `COLLATE "C"`: byte order, as SQLite's, whatever locale the database was created with, so keyset pages
 *   and queues come out in the same order on both adapters.
 * - JSON documents (origins, metadata, carrier, errors) are TEXT too: given back byte for byte, key order kept.
 * - `_sealed` columns hold the same AES-256-GCM values under the same contexts as on SQLite (`crypto.ts`).
 * - The queues (`webhook_inbox`, `notifications`) have `lease_until`: a claimed row's lease, written by the claim
 *   (`FOR UPDATE SKIP LOCKED`) and cleared when the row is completed, failed or given back, so that several
 *   instances share a queue and take over the rows of one that died. Their indexes are partial, holding only the
 *   rows a claim can take, in the order it takes them.
 */
export const coreMigration: PgMigration = {
  version: 1,
  name: 'merchants, payment requests, idempotency, inbox, Stripe mirror, outbox',
  sql: `
    CREATE TABLE merchants (
      id TEXT COLLATE "C" PRIMARY KEY,
      name TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      key_prefix TEXT NOT NULL,
      allowed_origins TEXT NOT NULL,
      webhook_url TEXT,
      signing_secret_sealed TEXT NOT NULL,
      vat_unavailable_allows_payment BOOLEAN NOT NULL DEFAULT TRUE,
      livemode BOOLEAN NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE payment_requests (
      id TEXT COLLATE "C" PRIMARY KEY,
      merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants(id),
      status TEXT NOT NULL,
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      reference TEXT NOT NULL,
      description TEXT NOT NULL,
      customer_email_sealed TEXT NOT NULL,
      customer_name_sealed TEXT NOT NULL,
      carrier TEXT,
      expires_at TEXT COLLATE "C",
      metadata TEXT NOT NULL,
      payment_intent_id TEXT UNIQUE,
      last_error TEXT,
      amount_refunded BIGINT NOT NULL DEFAULT 0,
      vat_check_sealed TEXT,
      livemode BOOLEAN NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      last_intent_event_at BIGINT NOT NULL DEFAULT 0,
      last_intent_event_rank INTEGER NOT NULL DEFAULT 0,
      last_intent_event_id TEXT COLLATE "C" NOT NULL DEFAULT ''
    );
    CREATE INDEX payment_requests_by_merchant ON payment_requests (merchant_id, created_at DESC, id DESC);
    CREATE INDEX payment_requests_open_expiry ON payment_requests (expires_at, id) WHERE status = 'open';

    CREATE TABLE idempotency_keys (
      scope TEXT NOT NULL,
      key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      status INTEGER,
      response_sealed TEXT,
      created_at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (scope, key)
    );

    CREATE TABLE webhook_inbox (
      id TEXT COLLATE "C" PRIMARY KEY,
      type TEXT NOT NULL,
      payload_sealed TEXT NOT NULL,
      created BIGINT NOT NULL,
      received_at TEXT COLLATE "C" NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      processed_at TEXT COLLATE "C",
      last_error TEXT,
      next_attempt_at TEXT COLLATE "C",
      dead_at TEXT COLLATE "C",
      lease_until TEXT COLLATE "C"
    );
    -- The worker's queue: waiting events (neither applied nor parked) in the order a claim takes them, with
    -- what a claim checks (retry time, lease) carried in the index.
    CREATE INDEX webhook_inbox_queue ON webhook_inbox ((attempts > 0), created, received_at, id)
      INCLUDE (next_attempt_at, lease_until) WHERE processed_at IS NULL AND dead_at IS NULL;
    CREATE INDEX webhook_inbox_dead_letters ON webhook_inbox (dead_at, (attempts > 0), created, received_at)
      WHERE processed_at IS NULL AND dead_at IS NOT NULL;

    CREATE TABLE disputes (
      id TEXT COLLATE "C" PRIMARY KEY,
      payment_request_id TEXT COLLATE "C" REFERENCES payment_requests(id),
      charge_id TEXT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT NOT NULL,
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      due_by TEXT,
      updated_at TEXT COLLATE "C" NOT NULL,
      last_event_created BIGINT NOT NULL DEFAULT 0,
      last_event_rank INTEGER NOT NULL DEFAULT 0,
      last_event_id TEXT COLLATE "C" NOT NULL DEFAULT ''
    );
    CREATE INDEX disputes_by_request ON disputes (payment_request_id, updated_at, id);

    CREATE TABLE stripe_records (
      object_id TEXT COLLATE "C" PRIMARY KEY,
      object_type TEXT NOT NULL,
      payment_request_id TEXT,
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_event_created BIGINT NOT NULL DEFAULT 0,
      last_event_rank INTEGER NOT NULL DEFAULT 0,
      last_event_id TEXT COLLATE "C" NOT NULL DEFAULT ''
    );

    CREATE TABLE notifications (
      id TEXT COLLATE "C" PRIMARY KEY,
      merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants(id),
      payment_request_id TEXT,
      type TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT COLLATE "C",
      delivered_at TEXT,
      last_error TEXT,
      lease_until TEXT COLLATE "C"
    );
    -- The sender's queue: pending notifications, oldest due first, the lease carried in the index.
    CREATE INDEX notifications_due ON notifications (next_attempt_at, id) INCLUDE (lease_until)
      WHERE status = 'pending';
    CREATE INDEX notifications_by_merchant ON notifications (merchant_id, created_at DESC, id DESC);

    -- SQLite keeps attempts in rowid order; here an identity column is that order (attempts of one instant).
    CREATE TABLE delivery_attempts (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      notification_id TEXT COLLATE "C" NOT NULL REFERENCES notifications(id),
      attempted_at TEXT COLLATE "C" NOT NULL,
      status_code INTEGER,
      error TEXT,
      duration_ms INTEGER NOT NULL
    );
    CREATE INDEX delivery_attempts_by_notification ON delivery_attempts (notification_id, attempted_at, id);
  `,
};
