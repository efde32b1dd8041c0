import type { RiskRepository } from '../store/ports/risk.ts';
import { z } from 'zod';

/**
 * Fraud and abuse rules: their thresholds and defaults. This module is the one source of the numbers; the
 * docs (`README.md` beside it) quote them, and `risk.test.ts` pins each rule just under and just over them.
 */

/** What a rule does when it fires: `block` refuses the attempt, `review` lets it through flagged. */
export type RuleAction = 'block' | 'review';

const window = z.strictObject({
  limit: z.int().min(1).max(10_000),
  window_seconds: z
    .int()
    .min(60)
    .max(30 * 86_400),
  action: z.enum(['block', 'review']),
});

export const riskSettingsSchema = z.strictObject({
  enabled: z.boolean().describe('Turn every rule off (Radar still applies at Stripe).'),
  velocity: z.strictObject({
    per_payment_request: window.describe('Intent attempts for one payment request.'),
    per_ip: window.describe('Intent attempts from one IP address, across requests.'),
    per_email: window.describe('Intent attempts for one buyer email, across requests.'),
    per_device: window.describe('Intent attempts from one widget device id, across requests.'),
  }),
  amount_anomaly: z.strictObject({
    factor: z
      .number()
      .min(1.5)
      .max(1000)
      .describe('Flag amounts above this multiple of the median paid amount.'),
    min_history: z
      .int()
      .min(1)
      .max(1000)
      .describe('Paid payments in the currency needed before the rule applies.'),
    action: z.enum(['block', 'review']),
  }),
  behaviour: z.strictObject({
    fast_submit_ms: z
      .int()
      .min(0)
      .max(60_000)
      .describe('Flag a submit sooner than this after the payment form was ready (0 turns the rule off).'),
    action: z.enum(['block', 'review']),
  }),
  history: z.strictObject({
    prior_early_fraud_warning: z.enum(['block', 'review', 'off']),
    prior_lost_dispute: z.enum(['block', 'review', 'off']),
    lookback_days: z.int().min(1).max(3650),
  }),
  score: z.strictObject({
    review_at: z.int().min(1).max(100).describe('A total score at or above this is a review.'),
    block_at: z.int().min(1).max(100).describe('A total score at or above this is a block.'),
  }),
  early_fraud_warning: z.strictObject({
    auto_refund: z
      .boolean()
      .describe('Refund a payment at once when an actionable early fraud warning arrives.'),
    auto_refund_max_amount: z
      .int()
      .min(0)
      .describe('Only payments up to this amount (minor units of the payment’s currency) are refunded.'),
  }),
});
export type RiskSettings = z.output<typeof riskSettingsSchema>;

/** Safe defaults, applied until a merchant changes them. */
export const RISK_DEFAULTS: RiskSettings = {
  enabled: true,
  velocity: {
    per_payment_request: { limit: 10, window_seconds: 3_600, action: 'block' },
    per_ip: { limit: 50, window_seconds: 3_600, action: 'block' },
    per_email: { limit: 20, window_seconds: 86_400, action: 'review' },
    per_device: { limit: 30, window_seconds: 3_600, action: 'block' },
  },
  amount_anomaly: { factor: 5, min_history: 5, action: 'review' },
  behaviour: { fast_submit_ms: 1_000, action: 'review' },
  history: { prior_early_fraud_warning: 'review', prior_lost_dispute: 'block', lookback_days: 180 },
  score: { review_at: 40, block_at: 80 },
  early_fraud_warning: { auto_refund: false, auto_refund_max_amount: 10_000 },
};

/** Points each rule adds to the 0–100 score when it fires (the total is capped at 100). */
export const RULE_POINTS = {
  velocity_payment_request: 60,
  velocity_ip: 60,
  velocity_email: 40,
  velocity_device: 60,
  amount_anomaly: 40,
  fast_submit: 30,
  prior_early_fraud_warning: 50,
  prior_lost_dispute: 80,
} as const;
export type RuleName = keyof typeof RULE_POINTS;

/** A partial settings object, merged over the current settings (nested objects merge key by key). */
export const riskSettingsPatchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  velocity: z
    .strictObject({
      per_payment_request: window.partial().optional(),
      per_ip: window.partial().optional(),
      per_email: window.partial().optional(),
      per_device: window.partial().optional(),
    })
    .optional(),
  amount_anomaly: riskSettingsSchema.shape.amount_anomaly.partial().optional(),
  behaviour: riskSettingsSchema.shape.behaviour.partial().optional(),
  history: riskSettingsSchema.shape.history.partial().optional(),
  score: riskSettingsSchema.shape.score.partial().optional(),
  early_fraud_warning: riskSettingsSchema.shape.early_fraud_warning.partial().optional(),
});

type Plain = Record<string, unknown>;
function deepMerge(base: Plain, patch: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const current = out[k];
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && current && typeof current === 'object'
        ? deepMerge(current as Plain, v as Plain)
        : v;
  }
  return out;
}

/** Merges a patch over settings and validates the result. */
/** A merchant's risk settings: what they saved, over the defaults. */
export async function riskSettings(
  risk: Pick<RiskRepository, 'settings'>,
  merchantId: string,
): Promise<RiskSettings> {
  const stored = await risk.settings(merchantId);
  return stored == null ? RISK_DEFAULTS : mergeRiskSettings(RISK_DEFAULTS, stored);
}

export function mergeRiskSettings(base: RiskSettings, patch: unknown): RiskSettings {
  return riskSettingsSchema.parse(deepMerge(base as unknown as Plain, (patch ?? {}) as Plain));
}
