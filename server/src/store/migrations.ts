/**
 * Versioned schema migrations, applied in order, each in its own transaction, recorded in `schema_migrations`.
 * Append new versions; never edit one that has shipped. Columns ending in `_sealed` hold AES-256-GCM values
 * (see `crypto.ts`), never plaintext.
 */
import { disputesMigration } from './migrations/0002-disputes.ts';
import { riskMigration } from './migrations/0003-risk.ts';
import { connectMigration } from './migrations/0004-connect.ts';
import { caseworkRetryMigration } from './migrations/0005-casework-retry.ts';
import { queueAndLookupIndexesMigration } from './migrations/0006-queue-and-lookup-indexes.ts';
import { webhookInboxRetriesMigration } from './migrations/0007-webhook-inbox-retries.ts';
import { eventOrderMigration } from './migrations/0008-event-order.ts';
import { captureMethodMigration } from './migrations/0009-capture-method.ts';
import { authorizationMigration } from './migrations/0010-authorization.ts';
import { captureDeadlinesMigration } from './migrations/0012-capture-deadlines.ts';
import { receiptEmailMigration } from './migrations/0013-receipt-email.ts';
import { refundsMigration } from './migrations/0011-refunds.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'merchants, payment requests, idempotency, inbox, outbox',
    sql: `
      CREATE TABLE merchants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        key_prefix TEXT NOT NULL,
        allowed_origins TEXT NOT NULL,
        webhook_url TEXT,
        signing_secret_sealed TEXT NOT NULL,
        vat_unavailable_allows_payment INTEGER NOT NULL DEFAULT 1,
        livemode INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE payment_requests (
        id TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL REFERENCES merchants(id),
        status TEXT NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        reference TEXT NOT NULL,
        description TEXT NOT NULL,
        customer_email_sealed TEXT NOT NULL,
        customer_name_sealed TEXT NOT NULL,
        carrier TEXT,
        expires_at TEXT,
        metadata TEXT NOT NULL,
        payment_intent_id TEXT UNIQUE,
        last_error TEXT,
        amount_refunded INTEGER NOT NULL DEFAULT 0,
        vat_check_sealed TEXT,
        livemode INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        last_intent_event_at INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX payment_requests_by_merchant ON payment_requests(merchant_id, created_at DESC, id DESC);
      CREATE INDEX payment_requests_open_expiry ON payment_requests(status, expires_at);

      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        response_sealed TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      ) STRICT;

      CREATE TABLE webhook_inbox (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        payload_sealed TEXT NOT NULL,
        created INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        processed_at TEXT,
        last_error TEXT
      ) STRICT;
      CREATE INDEX webhook_inbox_pending ON webhook_inbox(processed_at, created);

      CREATE TABLE disputes (
        id TEXT PRIMARY KEY,
        payment_request_id TEXT REFERENCES payment_requests(id),
        charge_id TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        due_by TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE stripe_records (
        object_id TEXT PRIMARY KEY,
        object_type TEXT NOT NULL,
        payment_request_id TEXT,
        data_sealed TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL REFERENCES merchants(id),
        payment_request_id TEXT,
        type TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        delivered_at TEXT,
        last_error TEXT
      ) STRICT;
      CREATE INDEX notifications_due ON notifications(status, next_attempt_at);
      CREATE INDEX notifications_by_merchant ON notifications(merchant_id, created_at DESC, id DESC);

      CREATE TABLE delivery_attempts (
        notification_id TEXT NOT NULL REFERENCES notifications(id),
        attempted_at TEXT NOT NULL,
        status_code INTEGER,
        error TEXT,
        duration_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX delivery_attempts_by_notification ON delivery_attempts(notification_id);
    `,
  },
  disputesMigration,
  riskMigration,
  connectMigration,
  caseworkRetryMigration,
  queueAndLookupIndexesMigration,
  webhookInboxRetriesMigration,
  eventOrderMigration,
  captureMethodMigration,
  authorizationMigration,
  refundsMigration,
  captureDeadlinesMigration,
  receiptEmailMigration,
];
