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

export interface Signal {
  /** Records the signal once per key (e.g. a warning id and device); no key: always a new signal. */
  key?: string;
  kind: SignalKind;
  merchantId: string | null;
  paymentRequestId: string | null;
  emailHash: string | null;
  deviceHash: string | null;
  ipHash: string | null;
  detail: string | null;
}

export interface PaymentRisk {
  paymentRequestId: string;
  chargeId: string | null;
  riskLevel: string | null;
  riskScore: number | null;
  outcomeType: string | null;
  earlyFraudWarning: string | null;
  autoRefunded: boolean;
}

export interface RadarOutcome {
  chargeId: string;
  riskLevel: string | null;
  riskScore: number | null;
  outcomeType: string | null;
}

export interface PaymentEvent {
  id: string;
  merchantId: string;
  kind: 'payment' | 'refund' | 'dispute';
  amount: number;
  currency: string;
}

/** What attempts are counted by: the velocity rules' keys. */
export type AttemptKey = 'payment_request_id' | 'ip_hash' | 'email_hash' | 'device_hash';

/** One count of `RiskRepository.countAttemptsEach`: as `countAttempts`' arguments. */
export interface AttemptCount {
  column: AttemptKey;
  value: string;
  since: string;
  atMost?: number;
}

/** Risk settings, checkout attempts, signals, Radar outcomes and payment events. */
export interface RiskRepository {
  /**
   * A keyed hash for values that are matched but never read back (emails, IPs, device ids). Pure (no storage);
   * here because it uses the store's key.
   */
  hash(kind: 'ip' | 'email' | 'device', value: string): string;
  /** The merchant's stored settings as saved (the caller merges them over the defaults); `null` when none. */
  settings(merchantId: string): Promise<unknown>;
  saveSettings(merchantId: string, settings: object, now: string): Promise<void>;
  /**
   * Attempts in `[since, now]` whose `column` equals `value`, counted up to `atMost`: a rule only asks whether its
   * limit is passed, so an address that keeps trying never makes the count itself slower.
   */
  countAttempts(column: AttemptKey, value: string, since: string, atMost?: number): Promise<number>;
  /**
   * `countAttempts` for several keys at once, their counts in the order asked: one read where the adapter can
   * (on PostgreSQL, one round trip instead of one per key).
   */
  countAttemptsEach<T extends AttemptCount[]>(counts: [...T]): Promise<{ [K in keyof T]: number }>;
  /**
   * Makes counting attempts and recording one exact under concurrency: called on a transaction's `tx.risk` before
   * it counts, it holds until that transaction ends every other transaction that locks one of the same keys, so
   * concurrent attempts sharing a key are counted one after another, each seeing those committed before it.
   * Whatever the adapter, a call outside a transaction is refused (it would hold nothing).
   */
  lockAttemptCounts(keys: { column: AttemptKey; value: string }[]): Promise<void>;
  /** Records an attempt (its IP sealed). */
  recordAttempt(a: Attempt): Promise<void>;
  /** A request's attempts, oldest first. */
  attemptsFor(prId: string): Promise<Attempt[]>;
  /** Amounts of the merchant's newest successful payments in `currency`, newest first. */
  paidAmounts(merchantId: string, currency: string, limit?: number): Promise<number[]>;
  addSignal(s: Signal, now: string): Promise<void>;
  /** Whether a signal of `kind` since `since` names this email or this device. */
  hasSignal(kind: SignalKind, emailHash: string, deviceHash: string, since: string): Promise<boolean>;
  /** `hasSignal` for several kinds at once, in the order asked: one read where the adapter can. */
  hasSignals<T extends SignalKind[]>(
    kinds: [...T],
    emailHash: string,
    deviceHash: string,
    since: string,
  ): Promise<{ [K in keyof T]: boolean }>;
  /** Signals of `kind` since `since`, grouped by `column`, with at least `min` of them. */
  signalBursts(
    kind: SignalKind,
    column: 'ip_hash' | 'device_hash',
    since: string,
    min: number,
  ): Promise<{ key: string; count: number }[]>;
  paymentRisk(prId: string): Promise<PaymentRisk | null>;
  saveRadarOutcome(prId: string, o: RadarOutcome, now: string): Promise<void>;
  flagEarlyFraudWarning(prId: string, warningId: string, now: string): Promise<void>;
  markAutoRefunded(prId: string, now: string): Promise<void>;
  /** Records a payment, refund or dispute once per Stripe object (for amount history and rate alerts). */
  recordPaymentEvent(e: PaymentEvent, now: string): Promise<void>;
  /** Per merchant: payments and `kind` events since `since`. */
  eventCounts(
    kind: 'refund' | 'dispute',
    since: string,
  ): Promise<{ merchantId: string; payments: number; count: number }[]>;
}
