import { newId } from '../ids.ts';
import { num, str, type Db } from '../disputes/sqlite.ts';
import { mergeRiskSettings, RISK_DEFAULTS, type RiskSettings } from './settings.ts';

/**
 * Per merchant, payments and one other kind of event since a time (the monitoring rules' rates). Named index:
 * left to itself the planner walked every event ever, by merchant, to spare the small GROUP BY sort.
 */
export const EVENT_COUNTS_SQL = `SELECT merchant_id, SUM(kind = 'payment') AS payments, SUM(kind = ?) AS n
  FROM payment_events INDEXED BY payment_events_by_time WHERE created_at >= ? GROUP BY merchant_id`;

export type Decision = 'allow' | 'review' | 'block';

export interface Attempt {
  id: string;
  merchantId: string;
  paymentRequestId: string;
  ipHash: string;
  emailHash: string;
  deviceHash: string;
  ip: string;
  amount: number;
  currency: string;
  decision: Decision;
  score: number;
  reasons: string[];
  createdAt: string;
}

export type SignalKind = 'early_fraud_warning' | 'lost_dispute' | 'decline';

export interface PaymentRisk {
  paymentRequestId: string;
  chargeId: string | null;
  riskLevel: string | null;
  riskScore: number | null;
  outcomeType: string | null;
  earlyFraudWarning: string | null;
  autoRefunded: boolean;
}

/** Storage of risk settings, checkout attempts, signals, Radar outcomes and payment events. */
export class RiskRepository {
  readonly #d: Db;
  constructor(db: Db) {
    this.#d = db;
  }

  /** Runs `fn` atomically in the store's next group commit (see `Db.write` and `GroupCommit.write`). */
  write<T>(fn: () => T, options?: { durable?: boolean }): Promise<T> {
    return this.#d.write(fn, options);
  }

  hash(kind: 'ip' | 'email' | 'device', value: string): string {
    return this.#d.hash(kind, value);
  }

  settings(merchantId: string): RiskSettings {
    const row = this.#d.one('SELECT data FROM risk_settings WHERE merchant_id = ?', merchantId);
    return row ? mergeRiskSettings(RISK_DEFAULTS, JSON.parse(str(row.data))) : RISK_DEFAULTS;
  }

  saveSettings(merchantId: string, settings: RiskSettings, now: string): void {
    this.#d.run(
      `INSERT INTO risk_settings (merchant_id, data, updated_at) VALUES (?,?,?)
       ON CONFLICT(merchant_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      merchantId,
      JSON.stringify(settings),
      now,
    );
  }

  /**
   * Attempts in `[since, now]` whose `column` equals `value` (column is one of the indexed hash columns), counted
   * up to `atMost`: a rule only asks whether its limit is passed, so an address that keeps trying (every attempt
   * is recorded, refused or not) never makes the count itself slower.
   */
  countAttempts(
    column: 'payment_request_id' | 'ip_hash' | 'email_hash' | 'device_hash',
    value: string,
    since: string,
    atMost = Number.MAX_SAFE_INTEGER,
  ): number {
    return num(
      this.#d.one(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM risk_attempts WHERE ${column} = ? AND created_at >= ? LIMIT ?)`,
        value,
        since,
        atMost,
      )?.n,
    );
  }

  recordAttempt(a: Attempt): void {
    this.#d.run(
      `INSERT INTO risk_attempts (id, merchant_id, payment_request_id, ip_hash, email_hash, device_hash, ip_sealed,
         amount, currency, decision, score, reasons, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      a.id,
      a.merchantId,
      a.paymentRequestId,
      a.ipHash,
      a.emailHash,
      a.deviceHash,
      this.#d.sealer.seal(a.ip, `risk_attempts.ip:${a.id}`),
      a.amount,
      a.currency,
      a.decision,
      a.score,
      JSON.stringify(a.reasons),
      a.createdAt,
    );
  }

  attemptsFor(prId: string): Attempt[] {
    return this.#d
      .all('SELECT * FROM risk_attempts WHERE payment_request_id = ? ORDER BY created_at, id', prId)
      .map((r) => ({
        id: str(r.id),
        merchantId: str(r.merchant_id),
        paymentRequestId: str(r.payment_request_id),
        ipHash: str(r.ip_hash),
        emailHash: str(r.email_hash),
        deviceHash: str(r.device_hash),
        ip: this.#d.sealer.open(str(r.ip_sealed), `risk_attempts.ip:${str(r.id)}`),
        amount: num(r.amount),
        currency: str(r.currency),
        decision: str(r.decision) as Decision,
        score: num(r.score),
        reasons: JSON.parse(str(r.reasons)) as string[],
        createdAt: str(r.created_at),
      }));
  }

  /** Amounts of the merchant's newest successful payments in `currency`. */
  paidAmounts(merchantId: string, currency: string, limit = 200): number[] {
    return this.#d
      .all(
        `SELECT amount FROM payment_events WHERE merchant_id = ? AND kind = 'payment' AND currency = ?
         ORDER BY created_at DESC LIMIT ?`,
        merchantId,
        currency,
        limit,
      )
      .map((r) => num(r.amount));
  }

  /** Records a signal; one with the same `key` (e.g. a warning id and device) is recorded once. */
  addSignal(
    s: {
      key?: string;
      kind: SignalKind;
      merchantId: string | null;
      paymentRequestId: string | null;
      emailHash: string | null;
      deviceHash: string | null;
      ipHash: string | null;
      detail: string | null;
    },
    now: string,
  ): void {
    this.#d.run(
      `INSERT INTO risk_signals (id, kind, merchant_id, payment_request_id, email_hash, device_hash, ip_hash, detail, created_at)
       VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`,
      s.key === undefined ? newId('sig') : `sig_${this.#d.hash('signal', s.key)}`,
      s.kind,
      s.merchantId,
      s.paymentRequestId,
      s.emailHash,
      s.deviceHash,
      s.ipHash,
      s.detail,
      now,
    );
  }

  /** Whether a signal of `kind` since `since` names this email or this device. */
  hasSignal(kind: SignalKind, emailHash: string, deviceHash: string, since: string): boolean {
    return (
      this.#d.one(
        'SELECT 1 AS hit FROM risk_signals WHERE kind = ? AND created_at >= ? AND (email_hash = ? OR device_hash = ?) LIMIT 1',
        kind,
        since,
        emailHash,
        deviceHash,
      ) !== undefined
    );
  }

  /** Signals of `kind` since `since`, grouped by `column`, with at least `min` of them. */
  signalBursts(
    kind: SignalKind,
    column: 'ip_hash' | 'device_hash',
    since: string,
    min: number,
  ): { key: string; count: number }[] {
    return this.#d
      .all(
        `SELECT ${column} AS k, COUNT(*) AS n FROM risk_signals WHERE kind = ? AND created_at >= ? AND ${column} IS NOT NULL
         GROUP BY ${column} HAVING COUNT(*) >= ?`,
        kind,
        since,
        min,
      )
      .map((r) => ({ key: str(r.k), count: num(r.n) }));
  }

  paymentRisk(prId: string): PaymentRisk | null {
    const r = this.#d.one('SELECT * FROM payment_risk WHERE payment_request_id = ?', prId);
    if (!r) return null;
    return {
      paymentRequestId: str(r.payment_request_id),
      chargeId: r.charge_id == null ? null : str(r.charge_id),
      riskLevel: r.risk_level == null ? null : str(r.risk_level),
      riskScore: r.risk_score == null ? null : num(r.risk_score),
      outcomeType: r.outcome_type == null ? null : str(r.outcome_type),
      earlyFraudWarning: r.early_fraud_warning == null ? null : str(r.early_fraud_warning),
      autoRefunded: num(r.auto_refunded) === 1,
    };
  }

  saveRadarOutcome(
    prId: string,
    o: { chargeId: string; riskLevel: string | null; riskScore: number | null; outcomeType: string | null },
    now: string,
  ): void {
    this.#d.run(
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
    );
  }

  flagEarlyFraudWarning(prId: string, warningId: string, now: string): void {
    this.#d.run(
      `INSERT INTO payment_risk (payment_request_id, early_fraud_warning, updated_at) VALUES (?,?,?)
       ON CONFLICT(payment_request_id) DO UPDATE SET early_fraud_warning = excluded.early_fraud_warning,
       updated_at = excluded.updated_at`,
      prId,
      warningId,
      now,
    );
  }

  markAutoRefunded(prId: string, now: string): void {
    this.#d.run(
      'UPDATE payment_risk SET auto_refunded = 1, updated_at = ? WHERE payment_request_id = ?',
      now,
      prId,
    );
  }

  /** Records a payment, refund or dispute once per Stripe object (for amount history and rate alerts). */
  recordPaymentEvent(
    e: {
      id: string;
      merchantId: string;
      kind: 'payment' | 'refund' | 'dispute';
      amount: number;
      currency: string;
    },
    now: string,
  ): void {
    this.#d.run(
      `INSERT INTO payment_events (id, merchant_id, kind, amount, currency, created_at) VALUES (?,?,?,?,?,?)
       ON CONFLICT(id) DO NOTHING`,
      e.id,
      e.merchantId,
      e.kind,
      e.amount,
      e.currency,
      now,
    );
  }

  /** Per merchant: payments and `kind` events since `since`. */
  eventCounts(
    kind: 'refund' | 'dispute',
    since: string,
  ): { merchantId: string; payments: number; count: number }[] {
    return this.#d
      .all(EVENT_COUNTS_SQL, kind, since)
      .map((r) => ({ merchantId: str(r.merchant_id), payments: num(r.payments), count: num(r.n) }));
  }
}
