import type { Migration } from '../migrations.ts';

/**
 * Fraud and abuse controls (`server/src/risk/`): every checkout attempt with its decision, and the signals
 * that later events add (declines, early fraud warnings, lost disputes, Radar's risk). Emails, addresses
 * and device ids are stored only as keyed hashes (HMAC-SHA256), never in clear.
 */
export const riskMigration: Migration = {
  version: 3,
  name: 'risk settings, checkout attempts, risk signals, payment events',
  sql: `
    CREATE TABLE risk_settings (
      merchant_id TEXT PRIMARY KEY REFERENCES merchants(id),
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE risk_attempts (
      id TEXT PRIMARY KEY,
      merchant_id TEXT NOT NULL,
      payment_request_id TEXT NOT NULL,
      payment_intent_id TEXT,
      ip_hash TEXT NOT NULL,
      email_hash TEXT NOT NULL,
      device_hash TEXT NOT NULL,
      ip_sealed TEXT NOT NULL,
      amount INTEGER NOT NULL,
      currency TEXT NOT NULL,
      decision TEXT NOT NULL,
      score INTEGER NOT NULL,
      reasons TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX risk_attempts_by_request ON risk_attempts(payment_request_id, created_at);
    CREATE INDEX risk_attempts_by_ip ON risk_attempts(ip_hash, created_at);
    CREATE INDEX risk_attempts_by_email ON risk_attempts(email_hash, created_at);
    CREATE INDEX risk_attempts_by_device ON risk_attempts(device_hash, created_at);
    CREATE INDEX risk_attempts_by_intent ON risk_attempts(payment_intent_id);

    CREATE TABLE risk_signals (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      merchant_id TEXT,
      payment_request_id TEXT,
      email_hash TEXT,
      device_hash TEXT,
      ip_hash TEXT,
      detail TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX risk_signals_by_email ON risk_signals(email_hash, kind);
    CREATE INDEX risk_signals_by_device ON risk_signals(device_hash, kind);
    CREATE INDEX risk_signals_by_kind ON risk_signals(kind, created_at);

    CREATE TABLE payment_risk (
      payment_request_id TEXT PRIMARY KEY,
      charge_id TEXT,
      risk_level TEXT,
      risk_score INTEGER,
      outcome_type TEXT,
      early_fraud_warning TEXT,
      auto_refunded INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE payment_events (
      id TEXT PRIMARY KEY,
      merchant_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      amount INTEGER NOT NULL,
      currency TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX payment_events_by_merchant ON payment_events(merchant_id, kind, created_at);
  `,
};
