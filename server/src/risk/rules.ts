import type { Decision } from '../store/ports/risk.ts';
import { RULE_POINTS, type RiskSettings, type RuleName, type RuleAction } from './settings.ts';

/** What the rules look at for one checkout attempt (the current attempt included in the counts). */
export interface AttemptFacts {
  attempts: { paymentRequest: number; ip: number; email: number; device: number };
  amount: number;
  /** Milliseconds from the payment form being ready to the buyer submitting it (the widget's signal), if known. */
  readyToSubmitMs: number | null;
  /** The merchant's recent paid amounts in this currency, newest first. */
  paidAmounts: number[];
  priorEarlyFraudWarning: boolean;
  priorLostDispute: boolean;
}

export interface Assessment {
  decision: Decision;
  /** 0–100; the sum of the points of the rules that fired, capped at 100. */
  score: number;
  /** Names of the rules that fired (stored and shown to the merchant, never to the buyer). */
  reasons: RuleName[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Applies the merchant's rules to one attempt. A velocity rule fires when the count (this attempt included)
 * is above its limit: with a limit of 5, the 5th attempt passes and the 6th fires. The amount rule fires when
 * the amount is above `factor` × the median of at least `min_history` paid amounts; the behaviour rule when
 * the buyer submitted sooner after the form was ready than a person typing card details can. The decision is the
 * strictest action of the rules that fired, raised by the score thresholds.
 */
export function assess(settings: RiskSettings, facts: AttemptFacts): Assessment {
  if (!settings.enabled) return { decision: 'allow', score: 0, reasons: [] };
  const fired: { rule: RuleName; action: RuleAction }[] = [];
  const v = settings.velocity;
  if (facts.attempts.paymentRequest > v.per_payment_request.limit)
    fired.push({ rule: 'velocity_payment_request', action: v.per_payment_request.action });
  if (facts.attempts.ip > v.per_ip.limit) fired.push({ rule: 'velocity_ip', action: v.per_ip.action });
  if (facts.attempts.email > v.per_email.limit)
    fired.push({ rule: 'velocity_email', action: v.per_email.action });
  if (facts.attempts.device > v.per_device.limit)
    fired.push({ rule: 'velocity_device', action: v.per_device.action });
  const a = settings.amount_anomaly;
  if (facts.paidAmounts.length >= a.min_history && facts.amount > a.factor * median(facts.paidAmounts)) {
    fired.push({ rule: 'amount_anomaly', action: a.action });
  }
  const b = settings.behaviour;
  if (b.fast_submit_ms > 0 && facts.readyToSubmitMs !== null && facts.readyToSubmitMs < b.fast_submit_ms) {
    fired.push({ rule: 'fast_submit', action: b.action });
  }
  const h = settings.history;
  if (facts.priorEarlyFraudWarning && h.prior_early_fraud_warning !== 'off')
    fired.push({ rule: 'prior_early_fraud_warning', action: h.prior_early_fraud_warning });
  if (facts.priorLostDispute && h.prior_lost_dispute !== 'off')
    fired.push({ rule: 'prior_lost_dispute', action: h.prior_lost_dispute });

  const score = Math.min(
    100,
    fired.reduce((sum, f) => sum + RULE_POINTS[f.rule], 0),
  );
  let decision: Decision = 'allow';
  if (fired.length > 0) decision = 'review';
  if (fired.some((f) => f.action === 'block') || score >= settings.score.block_at) decision = 'block';
  else if (score >= settings.score.review_at) decision = 'review';
  return { decision, score, reasons: fired.map((f) => f.rule) };
}
