import type { Migration } from '../migrations.ts';

/**
 * Delivery evidence and dispute cases (`server/src/disputes/`). Personal data (addresses, recipients, message
 * text, proof-of-delivery bytes, compiled evidence) lives only in `_sealed` columns.
 */
export const disputesMigration: Migration = {
  version: 2,
  name: 'delivery evidence, dispute settings, dispute cases, casework queue',
  sql: `
    CREATE TABLE dispute_settings (
      merchant_id TEXT PRIMARY KEY REFERENCES merchants(id),
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE shipments (
      payment_request_id TEXT PRIMARY KEY REFERENCES payment_requests(id),
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE request_policies (
      payment_request_id TEXT PRIMARY KEY REFERENCES payment_requests(id),
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE evidence_files (
      id TEXT PRIMARY KEY,
      payment_request_id TEXT NOT NULL REFERENCES payment_requests(id),
      kind TEXT NOT NULL,
      type TEXT NOT NULL,
      size INTEGER NOT NULL,
      pages INTEGER NOT NULL,
      bytes_sealed TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX evidence_files_by_request ON evidence_files(payment_request_id, created_at);

    CREATE TABLE evidence_messages (
      id TEXT PRIMARY KEY,
      payment_request_id TEXT NOT NULL REFERENCES payment_requests(id),
      at TEXT NOT NULL,
      data_sealed TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX evidence_messages_by_request ON evidence_messages(payment_request_id, at);

    CREATE TABLE dispute_cases (
      id TEXT PRIMARY KEY,
      merchant_id TEXT,
      payment_request_id TEXT,
      charge_id TEXT NOT NULL,
      reason TEXT NOT NULL,
      status TEXT NOT NULL,
      inquiry INTEGER NOT NULL,
      amount INTEGER NOT NULL,
      currency TEXT NOT NULL,
      due_by TEXT,
      card_brand TEXT,
      opened_at TEXT NOT NULL,
      response TEXT NOT NULL DEFAULT 'pending',
      compiled_at TEXT,
      submitted_at TEXT,
      evidence_sealed TEXT,
      complete INTEGER,
      outcome TEXT,
      closed_at TEXT,
      last_error TEXT,
      last_event_created INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dispute_cases_by_merchant ON dispute_cases(merchant_id, opened_at DESC, id DESC);
    CREATE INDEX dispute_cases_pending ON dispute_cases(response);

    CREATE TABLE casework_jobs (
      event_id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      object_sealed TEXT NOT NULL,
      created INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      enqueued_at TEXT NOT NULL,
      done_at TEXT
    ) STRICT;
    CREATE INDEX casework_jobs_pending ON casework_jobs(status, created);
  `,
};
