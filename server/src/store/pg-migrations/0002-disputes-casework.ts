import type { PgMigration } from '../pg-migrations.ts';

/**
 * Delivery evidence, dispute settings, dispute cases and the casework queue on PostgreSQL, as SQLite's
 * migrations 2, 5, 6 and 8 left them, written as `0001-core.ts` writes the core: flags BOOLEAN, amounts and
 * Stripe's `created` BIGINT, times TEXT holding SQLite's ISO strings, every compared or ordered key and time
 * `COLLATE "C"` (byte order, as SQLite's), `_sealed` columns under the same contexts as on SQLite.
 *
 * `casework_jobs.lease_until` is a claimed row's lease: written by the claim (`FOR UPDATE SKIP LOCKED`), cleared
 * when the row is completed or failed, so that several instances share the queue and take over the rows of one
 * that died.
 */
export const disputesCaseworkMigration: PgMigration = {
  version: 2,
  name: 'delivery evidence, dispute settings, dispute cases, casework queue',
  sql: `
    CREATE TABLE dispute_settings (
      merchant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES merchants(id),
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE shipments (
      payment_request_id TEXT COLLATE "C" PRIMARY KEY REFERENCES payment_requests(id),
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE request_policies (
      payment_request_id TEXT COLLATE "C" PRIMARY KEY REFERENCES payment_requests(id),
      data_sealed TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE evidence_files (
      id TEXT COLLATE "C" PRIMARY KEY,
      payment_request_id TEXT COLLATE "C" NOT NULL REFERENCES payment_requests(id),
      kind TEXT NOT NULL,
      type TEXT NOT NULL,
      size INTEGER NOT NULL,
      pages INTEGER NOT NULL,
      bytes_sealed TEXT NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX evidence_files_by_request ON evidence_files (payment_request_id, created_at, id);

    CREATE TABLE evidence_messages (
      id TEXT COLLATE "C" PRIMARY KEY,
      payment_request_id TEXT COLLATE "C" NOT NULL REFERENCES payment_requests(id),
      at TEXT COLLATE "C" NOT NULL,
      data_sealed TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX evidence_messages_by_request ON evidence_messages (payment_request_id, at, id);

    CREATE TABLE dispute_cases (
      id TEXT COLLATE "C" PRIMARY KEY,
      merchant_id TEXT COLLATE "C",
      payment_request_id TEXT COLLATE "C",
      charge_id TEXT NOT NULL,
      reason TEXT NOT NULL,
      status TEXT NOT NULL,
      inquiry BOOLEAN NOT NULL,
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      due_by TEXT COLLATE "C",
      card_brand TEXT,
      opened_at TEXT COLLATE "C" NOT NULL,
      response TEXT NOT NULL DEFAULT 'pending',
      compiled_at TEXT,
      submitted_at TEXT,
      evidence_sealed TEXT,
      complete BOOLEAN,
      outcome TEXT,
      closed_at TEXT,
      last_error TEXT,
      last_event_created BIGINT NOT NULL DEFAULT 0,
      last_event_rank INTEGER NOT NULL DEFAULT 0,
      last_event_id TEXT COLLATE "C" NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL
    );
    CREATE INDEX dispute_cases_by_merchant ON dispute_cases (merchant_id, opened_at DESC, id DESC);
    -- The reminder's read: open drafts by due date.
    CREATE INDEX dispute_cases_drafts_due ON dispute_cases (due_by) WHERE response = 'draft' AND outcome IS NULL;

    CREATE TABLE casework_jobs (
      event_id TEXT COLLATE "C" PRIMARY KEY,
      type TEXT NOT NULL,
      object_sealed TEXT NOT NULL,
      created BIGINT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      enqueued_at TEXT COLLATE "C" NOT NULL,
      done_at TEXT,
      next_attempt_at TEXT COLLATE "C",
      lease_until TEXT COLLATE "C"
    );
    -- The runner's queue: pending items in the order a claim takes them (new ones first, oldest event first),
    -- with what a claim checks (retry time, lease) carried in the index.
    CREATE INDEX casework_jobs_queue ON casework_jobs ((attempts > 0), created, enqueued_at)
      INCLUDE (next_attempt_at, lease_until) WHERE status = 'pending';
    CREATE INDEX casework_jobs_status ON casework_jobs (status);
  `,
};
