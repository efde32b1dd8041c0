import type { PgMigration } from '../pg-migrations.ts';

/**
 * Risk (settings, checkout attempts, signals, Radar outcomes, payment events) and carriers' connected accounts on
 * PostgreSQL, as SQLite's migrations 3, 4, 6 and 8 left them, written as `0001-core.ts` writes the core. Emails,
 * addresses and device ids are stored only as keyed hashes; an attempt's IP is sealed.
 */
export const riskConnectMigration: PgMigration = {
  version: 3,
  name: 'risk settings, checkout attempts, risk signals, payment events, connected carrier accounts',
  sql: `
    CREATE TABLE risk_settings (
      merchant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES merchants(id),
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE risk_attempts (
      id TEXT COLLATE "C" PRIMARY KEY,
      merchant_id TEXT COLLATE "C" NOT NULL,
      payment_request_id TEXT COLLATE "C" NOT NULL,
      payment_intent_id TEXT,
      ip_hash TEXT COLLATE "C" NOT NULL,
      email_hash TEXT COLLATE "C" NOT NULL,
      device_hash TEXT COLLATE "C" NOT NULL,
      ip_sealed TEXT NOT NULL,
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      decision TEXT NOT NULL,
      score INTEGER NOT NULL,
      reasons TEXT NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX risk_attempts_by_request ON risk_attempts (payment_request_id, created_at, id);
    CREATE INDEX risk_attempts_by_ip ON risk_attempts (ip_hash, created_at);
    CREATE INDEX risk_attempts_by_email ON risk_attempts (email_hash, created_at);
    CREATE INDEX risk_attempts_by_device ON risk_attempts (device_hash, created_at);

    CREATE TABLE risk_signals (
      id TEXT COLLATE "C" PRIMARY KEY,
      kind TEXT NOT NULL,
      merchant_id TEXT,
      payment_request_id TEXT,
      email_hash TEXT COLLATE "C",
      device_hash TEXT COLLATE "C",
      ip_hash TEXT COLLATE "C",
      detail TEXT,
      created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX risk_signals_by_email ON risk_signals (email_hash, kind);
    CREATE INDEX risk_signals_by_device ON risk_signals (device_hash, kind);
    CREATE INDEX risk_signals_by_kind ON risk_signals (kind, created_at);

    CREATE TABLE payment_risk (
      payment_request_id TEXT COLLATE "C" PRIMARY KEY,
      charge_id TEXT,
      risk_level TEXT,
      risk_score INTEGER,
      outcome_type TEXT,
      early_fraud_warning TEXT,
      auto_refunded BOOLEAN NOT NULL DEFAULT FALSE,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE payment_events (
      id TEXT COLLATE "C" PRIMARY KEY,
      merchant_id TEXT COLLATE "C" NOT NULL,
      kind TEXT NOT NULL,
      amount BIGINT NOT NULL,
      currency TEXT NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX payment_events_by_merchant ON payment_events (merchant_id, kind, currency, created_at);
    CREATE INDEX payment_events_by_time ON payment_events (created_at, merchant_id, kind);

    CREATE TABLE connect_accounts (
      account_id TEXT COLLATE "C" PRIMARY KEY,
      merchant_id TEXT COLLATE "C",
      charges_enabled BOOLEAN NOT NULL,
      payouts_enabled BOOLEAN NOT NULL,
      details_submitted BOOLEAN NOT NULL,
      disabled_reason TEXT,
      last_event_created BIGINT NOT NULL DEFAULT 0,
      last_event_id TEXT COLLATE "C" NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX connect_accounts_by_merchant ON connect_accounts (merchant_id);
  `,
};
