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
import type { PgScope } from './pg-scope.ts';
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
 * The PostgreSQL adapter of `RiskRepository` (`pg-migrations/0003-risk-connect.ts`); attempts' IPs sealed under
 * the same context as on SQLite.
 */
export class PgRisk implements RiskRepository {
  readonly #s: PgScope;
  readonly #hash: (kind: string, value: string) => string;
  constructor(scope: PgScope, hash: (kind: string, value: string) => string) {
    this.#s = scope;
    this.#hash = hash;
  }

  hash(kind: 'ip' | 'email' | 'device', value: string): string {
    return this.#hash(kind, value);
  }

  async settings(merchantId: string): Promise<unknown> {
    const row = await this.#s.one('SELECT data FROM risk_settings WHERE merchant_id = $1', [merchantId]);
    return row ? (JSON.parse(str(row.data)) as unknown) : null;
  }

  async saveSettings(merchantId: string, settings: object, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO risk_settings (merchant_id, data, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [merchantId, JSON.stringify(settings), now],
    );
  }

  async countAttempts(
    key: AttemptKey,
    value: string,
    since: string,
    atMost = Number.MAX_SAFE_INTEGER,
  ): Promise<number> {
    const row = await this.#s.one(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM risk_attempts WHERE ${attemptKeyColumn(key)} = $1
         AND created_at >= $2 LIMIT $3) AS counted`,
      [value, since, atMost],
    );
    return num(row?.n);
  }

  /** One statement for all the keys: a scalar subquery per count, each as `countAttempts`' (same index use). */
  async countAttemptsEach<T extends AttemptCount[]>(counts: [...T]): Promise<{ [K in keyof T]: number }> {
    const params: unknown[] = [];
    const columns = counts.map((c, i) => {
      params.push(c.value, c.since, c.atMost ?? Number.MAX_SAFE_INTEGER);
      const [value, since, atMost] = [params.length - 2, params.length - 1, params.length];
      return `(SELECT COUNT(*) FROM (SELECT 1 FROM risk_attempts WHERE ${attemptKeyColumn(c.column)} = $${value}
         AND created_at >= $${since} LIMIT $${atMost}) AS counted) AS n${i}`;
    });
    const row = counts.length ? await this.#s.one(`SELECT ${columns.join(', ')}`, params) : undefined;
    // One number per count asked, in order: the tuple type the port promises.
    return counts.map((_, i) => num(row?.[`n${i}`])) as { [K in keyof T]: number };
  }

  /**
   * One transaction-scoped advisory lock per key (`pg_advisory_xact_lock`, released at COMMIT or ROLLBACK). A
   * second instance's attempt with a shared key waits here until the first committed; its counts, run after
   * (each statement of a READ COMMITTED transaction sees what committed before it began), include the first's
   * attempt. All the keys' locks are taken by one statement (one round trip) in one order, by lock number:
   * the sorted subquery is not flattened into the outer query (PostgreSQL keeps a subquery with ORDER BY
   * whole), so the aggregate above it calls the lock function row by row in that order, and two attempts
   * sharing several keys cannot each hold one the other waits for (even two names whose hashes collide are
   * one lock, taken once). The counts must be a later statement: a statement's snapshot is taken before it
   * waits on a lock, so a count in this one would miss the attempt it waited for.
   */
  async lockAttemptCounts(keys: { column: AttemptKey; value: string }[]): Promise<void> {
    if (!this.#s.inTransaction)
      throw new Error(
        'lockAttemptCounts holds until its transaction ends: call it on a transaction’s tx.risk',
      );
    if (keys.length === 0) return;
    const names = keys.map((k) => `risk_attempts:${attemptKeyColumn(k.column)}:${k.value}`);
    await this.#s.run(
      `SELECT COUNT(pg_advisory_xact_lock(lock)) FROM (
         SELECT DISTINCT hashtextextended(name, 0) AS lock FROM unnest($1::text[]) AS name ORDER BY lock
       ) AS sorted`,
      [names],
    );
  }

  async recordAttempt(a: Attempt): Promise<void> {
    await this.#s.run(
      `INSERT INTO risk_attempts (${ATTEMPT_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      attemptValues(a, this.#s.sealer),
    );
  }

  async attemptsFor(prId: string): Promise<Attempt[]> {
    const rows = await this.#s.all(
      'SELECT * FROM risk_attempts WHERE payment_request_id = $1 ORDER BY created_at, id',
      [prId],
    );
    return rows.map((r) => attemptOf(r, this.#s.sealer));
  }

  async paidAmounts(merchantId: string, currency: string, limit = 200): Promise<number[]> {
    const rows = await this.#s.all(
      `SELECT amount FROM payment_events WHERE merchant_id = $1 AND kind = 'payment' AND currency = $2
       ORDER BY created_at DESC LIMIT $3`,
      [merchantId, currency, limit],
    );
    return rows.map((r) => num(r.amount));
  }

  async addSignal(s: Signal, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO risk_signals (${SIGNAL_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
      signalValues(s, this.#hash, now),
    );
  }

  /** One statement for all the kinds: an EXISTS per kind, each as `hasSignal`'s look-up. */
  async hasSignals<T extends SignalKind[]>(
    kinds: [...T],
    emailHash: string,
    deviceHash: string,
    since: string,
  ): Promise<{ [K in keyof T]: boolean }> {
    const columns = kinds.map(
      (_, i) => `EXISTS (SELECT 1 FROM risk_signals WHERE kind = $${i + 4} AND created_at >= $1
         AND (email_hash = $2 OR device_hash = $3)) AS hit${i}`,
    );
    const row = kinds.length
      ? await this.#s.one(`SELECT ${columns.join(', ')}`, [since, emailHash, deviceHash, ...kinds])
      : undefined;
    // One answer per kind asked, in order: the tuple type the port promises.
    return kinds.map((_, i) => row?.[`hit${i}`] === true) as { [K in keyof T]: boolean };
  }

  async hasSignal(kind: SignalKind, emailHash: string, deviceHash: string, since: string): Promise<boolean> {
    const row = await this.#s.one(
      `SELECT 1 AS hit FROM risk_signals WHERE kind = $1 AND created_at >= $2 AND (email_hash = $3 OR device_hash = $4)
       LIMIT 1`,
      [kind, since, emailHash, deviceHash],
    );
    return row !== undefined;
  }

  async signalBursts(
    kind: SignalKind,
    by: 'ip_hash' | 'device_hash',
    since: string,
    min: number,
  ): Promise<{ key: string; count: number }[]> {
    const c = signalKeyColumn(by);
    const rows = await this.#s.all(
      `SELECT ${c} AS k, COUNT(*) AS n FROM risk_signals WHERE kind = $1 AND created_at >= $2 AND ${c} IS NOT NULL
       GROUP BY ${c} HAVING COUNT(*) >= $3 ORDER BY ${c}`,
      [kind, since, min],
    );
    return rows.map((r) => ({ key: str(r.k), count: num(r.n) }));
  }

  async paymentRisk(prId: string): Promise<PaymentRisk | null> {
    const r = await this.#s.one('SELECT * FROM payment_risk WHERE payment_request_id = $1', [prId]);
    if (!r) return null;
    return paymentRiskOf(r);
  }

  async saveRadarOutcome(prId: string, o: RadarOutcome, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO payment_risk (payment_request_id, charge_id, risk_level, risk_score, outcome_type, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (payment_request_id) DO UPDATE SET charge_id = excluded.charge_id,
         risk_level = excluded.risk_level, risk_score = excluded.risk_score, outcome_type = excluded.outcome_type,
         updated_at = excluded.updated_at`,
      [prId, o.chargeId, o.riskLevel, o.riskScore, o.outcomeType, now],
    );
  }

  async flagEarlyFraudWarning(prId: string, warningId: string, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO payment_risk (payment_request_id, early_fraud_warning, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (payment_request_id) DO UPDATE SET early_fraud_warning = excluded.early_fraud_warning,
         updated_at = excluded.updated_at`,
      [prId, warningId, now],
    );
  }

  async markAutoRefunded(prId: string, now: string): Promise<void> {
    await this.#s.run(
      'UPDATE payment_risk SET auto_refunded = TRUE, updated_at = $1 WHERE payment_request_id = $2',
      [now, prId],
    );
  }

  async recordPaymentEvent(e: PaymentEvent, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO payment_events (id, merchant_id, kind, amount, currency, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [e.id, e.merchantId, e.kind, e.amount, e.currency, now],
    );
  }

  async eventCounts(
    kind: 'refund' | 'dispute',
    since: string,
  ): Promise<{ merchantId: string; payments: number; count: number }[]> {
    const rows = await this.#s.all(
      `SELECT merchant_id, COUNT(*) FILTER (WHERE kind = 'payment') AS payments, COUNT(*) FILTER (WHERE kind = $1) AS n
       FROM payment_events WHERE created_at >= $2 GROUP BY merchant_id ORDER BY merchant_id`,
      [kind, since],
    );
    return rows.map(eventCountOf);
  }
}
