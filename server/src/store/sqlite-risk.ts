import type {
  Attempt,
  AttemptCount,
  AttemptKey,
  PaymentEvent,
  PaymentRisk,
  RadarOutcome,
  RiskRepository,
  Signal,
  SignalKind,
} from './ports/risk.ts';
import { sqliteValues, type SqliteScope } from './sqlite-scope.ts';
import { num, str } from './records/cells.ts';
import {
  attemptKeyColumn,
  attemptOf,
  ATTEMPT_COLUMNS,
  attemptValues,
  eventCountOf,
  paymentRiskOf,
  SIGNAL_COLUMNS,
  signalKeyColumn,
  signalValues,
} from './records/risk.ts';

/**
 * Per merchant, payments and one other kind of event since a time (the monitoring rules' rates). Named index:
 * left to itself the planner walked every event ever, by merchant, to spare the small GROUP BY sort.
 */
export const EVENT_COUNTS_SQL = `SELECT merchant_id, SUM(kind = 'payment') AS payments, SUM(kind = ?) AS n
  FROM payment_events INDEXED BY payment_events_by_time WHERE created_at >= ? GROUP BY merchant_id`;

/** The SQLite adapter of `RiskRepository` (migration 0004 onwards); attempts' IPs sealed. */
export class SqliteRisk implements RiskRepository {
  readonly #s: SqliteScope;
  readonly #hash: (kind: string, value: string) => string;
  constructor(scope: SqliteScope, hash: (kind: string, value: string) => string) {
    this.#s = scope;
    this.#hash = hash;
  }

  hash(kind: 'ip' | 'email' | 'device', value: string): string {
    return this.#hash(kind, value);
  }

  async settings(merchantId: string): Promise<unknown> {
    const row = this.#s.one('SELECT data FROM risk_settings WHERE merchant_id = ?', merchantId);
    return row ? (JSON.parse(str(row.data)) as unknown) : null;
  }

  async saveSettings(merchantId: string, settings: object, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO risk_settings (merchant_id, data, updated_at) VALUES (?,?,?)
         ON CONFLICT(merchant_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        merchantId,
        JSON.stringify(settings),
        now,
      ),
    );
  }

  async countAttempts(
    column: AttemptKey,
    value: string,
    since: string,
    atMost = Number.MAX_SAFE_INTEGER,
  ): Promise<number> {
    return num(
      this.#s.one(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM risk_attempts WHERE ${attemptKeyColumn(column)} = ? AND created_at >= ? LIMIT ?)`,
        value,
        since,
        atMost,
      )?.n,
    );
  }

  /** One call into the library per key: they are not round trips here. */
  async countAttemptsEach<T extends AttemptCount[]>(counts: [...T]): Promise<{ [K in keyof T]: number }> {
    const result: number[] = [];
    for (const c of counts) result.push(await this.countAttempts(c.column, c.value, c.since, c.atMost));
    // One number per count asked, in order: the tuple type the port promises.
    return result as { [K in keyof T]: number };
  }

  /**
   * Locks nothing: SQLite has one writer, and a transaction's body runs alone on the connection (`group-commit.ts`
   * gives it its own savepoint; every other write waits for the next group), so its counts and its record are
   * already one step no other attempt can come between.
   */
  async lockAttemptCounts(keys: { column: AttemptKey; value: string }[]): Promise<void> {
    void keys;
    if (!this.#s.inTransaction)
      throw new Error(
        'lockAttemptCounts holds until its transaction ends: call it on a transaction’s tx.risk',
      );
  }

  async recordAttempt(a: Attempt): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO risk_attempts (${ATTEMPT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        ...sqliteValues(attemptValues(a, this.#s.sealer)),
      ),
    );
  }

  async attemptsFor(prId: string): Promise<Attempt[]> {
    return this.#s
      .all('SELECT * FROM risk_attempts WHERE payment_request_id = ? ORDER BY created_at, id', prId)
      .map((r) => attemptOf(r, this.#s.sealer));
  }

  async paidAmounts(merchantId: string, currency: string, limit = 200): Promise<number[]> {
    return this.#s
      .all(
        `SELECT amount FROM payment_events WHERE merchant_id = ? AND kind = 'payment' AND currency = ?
         ORDER BY created_at DESC LIMIT ?`,
        merchantId,
        currency,
        limit,
      )
      .map((r) => num(r.amount));
  }

  async addSignal(s: Signal, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO risk_signals (${SIGNAL_COLUMNS})
         VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`,
        ...sqliteValues(signalValues(s, this.#hash, now)),
      ),
    );
  }

  async hasSignals<T extends SignalKind[]>(
    kinds: [...T],
    emailHash: string,
    deviceHash: string,
    since: string,
  ): Promise<{ [K in keyof T]: boolean }> {
    const result: boolean[] = [];
    for (const kind of kinds) result.push(await this.hasSignal(kind, emailHash, deviceHash, since));
    // One answer per kind asked, in order: the tuple type the port promises.
    return result as { [K in keyof T]: boolean };
  }

  async hasSignal(kind: SignalKind, emailHash: string, deviceHash: string, since: string): Promise<boolean> {
    return (
      this.#s.one(
        'SELECT 1 AS hit FROM risk_signals WHERE kind = ? AND created_at >= ? AND (email_hash = ? OR device_hash = ?) LIMIT 1',
        kind,
        since,
        emailHash,
        deviceHash,
      ) !== undefined
    );
  }

  async signalBursts(
    kind: SignalKind,
    column: 'ip_hash' | 'device_hash',
    since: string,
    min: number,
  ): Promise<{ key: string; count: number }[]> {
    const c = signalKeyColumn(column);
    return this.#s
      .all(
        `SELECT ${c} AS k, COUNT(*) AS n FROM risk_signals WHERE kind = ? AND created_at >= ? AND ${c} IS NOT NULL
         GROUP BY ${c} HAVING COUNT(*) >= ?`,
        kind,
        since,
        min,
      )
      .map((r) => ({ key: str(r.k), count: num(r.n) }));
  }

  async paymentRisk(prId: string): Promise<PaymentRisk | null> {
    const r = this.#s.one('SELECT * FROM payment_risk WHERE payment_request_id = ?', prId);
    if (!r) return null;
    return paymentRiskOf(r);
  }

  async saveRadarOutcome(prId: string, o: RadarOutcome, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO payment_risk (payment_request_id, charge_id, risk_level, risk_score, outcome_type, updated_at)
         VALUES (?,?,?,?,?,?) ON CONFLICT(payment_request_id) DO UPDATE SET charge_id = excluded.charge_id,
         risk_level = excluded.risk_level, risk_score = excluded.risk_score, outcome_type = excluded.outcome_type,
         updated_at = excluded.updated_at`,
        prId,
        o.chargeId,
        o.riskLevel,
        o.riskScore,
        o.outcomeType,
        now,
      ),
    );
  }

  async flagEarlyFraudWarning(prId: string, warningId: string, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO payment_risk (payment_request_id, early_fraud_warning, updated_at) VALUES (?,?,?)
         ON CONFLICT(payment_request_id) DO UPDATE SET early_fraud_warning = excluded.early_fraud_warning,
         updated_at = excluded.updated_at`,
        prId,
        warningId,
        now,
      ),
    );
  }

  async markAutoRefunded(prId: string, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        'UPDATE payment_risk SET auto_refunded = 1, updated_at = ? WHERE payment_request_id = ?',
        now,
        prId,
      ),
    );
  }

  async recordPaymentEvent(e: PaymentEvent, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO payment_events (id, merchant_id, kind, amount, currency, created_at) VALUES (?,?,?,?,?,?)
         ON CONFLICT(id) DO NOTHING`,
        e.id,
        e.merchantId,
        e.kind,
        e.amount,
        e.currency,
        now,
      ),
    );
  }

  async eventCounts(
    kind: 'refund' | 'dispute',
    since: string,
  ): Promise<{ merchantId: string; payments: number; count: number }[]> {
    return this.#s.all(EVENT_COUNTS_SQL, kind, since).map(eventCountOf);
  }
}
