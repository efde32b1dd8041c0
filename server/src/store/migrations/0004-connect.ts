import type { Migration } from '../migrations.ts';

/** Carriers' Stripe Connect accounts (`server/src/connect/`), as `account.updated` last described them. */
export const connectMigration: Migration = {
  version: 4,
  name: 'connected carrier accounts',
  sql: `
    CREATE TABLE connect_accounts (
      account_id TEXT PRIMARY KEY,
      merchant_id TEXT,
      charges_enabled INTEGER NOT NULL,
      payouts_enabled INTEGER NOT NULL,
      details_submitted INTEGER NOT NULL,
      disabled_reason TEXT,
      last_event_created INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX connect_accounts_by_merchant ON connect_accounts(merchant_id);
  `,
};
