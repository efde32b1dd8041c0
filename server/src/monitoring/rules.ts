import { z } from 'zod';

/**
 * Security monitoring rules, their thresholds and defaults: the one source of these numbers (the README
 * beside this file quotes them). Operators override any of them with `ALERT_THRESHOLDS` (JSON, same shape).
 */
export const MONITOR_RULES = [
  'card_testing',
  'webhook_signature_failures',
  'rate_limit_storm',
  'credential_stuffing',
  'refund_rate',
  'dispute_rate',
  'webhook_dead_letters',
  'stripe_rate_limited',
] as const;
export type MonitorRule = (typeof MONITOR_RULES)[number];

const counted = z.strictObject({
  threshold: z.int().min(1),
  window_seconds: z
    .int()
    .min(1)
    .max(30 * 86_400),
});
const rated = z.strictObject({
  threshold: z.number().gt(0).max(1).describe('A fraction of payments, e.g. 0.1 for 10 %.'),
  window_seconds: z
    .int()
    .min(1)
    .max(90 * 86_400),
  min_payments: z
    .int()
    .min(1)
    .describe('The rate is judged only with at least this many payments in the window.'),
});

/** A level rather than a count over time: judged on how many there are now (e.g. parked events). */
const level = z.strictObject({ threshold: z.int().min(1) });

export const monitorThresholdsSchema = z.strictObject({
  card_testing: counted.describe('Declined payments from one IP address or one widget device id.'),
  webhook_signature_failures: counted.describe('Stripe webhook deliveries refused for their signature.'),
  rate_limit_storm: counted.describe('Requests refused with 429 by any rate limit.'),
  credential_stuffing: counted.describe(
    'Failed merchant authentications that presented a key (malformed or unknown), across all addresses.',
  ),
  refund_rate: rated.describe('Refunds per payment, per merchant.'),
  dispute_rate: rated.describe('Disputes per payment, per merchant.'),
  webhook_dead_letters: level.describe('Stripe events parked as dead letters after their last attempt.'),
  stripe_rate_limited: counted.describe('Stripe API calls answered 429 by Stripe’s own rate limits.'),
});
export type MonitorThresholds = z.output<typeof monitorThresholdsSchema>;

export const MONITOR_DEFAULTS: MonitorThresholds = {
  card_testing: { threshold: 10, window_seconds: 600 },
  webhook_signature_failures: { threshold: 20, window_seconds: 300 },
  rate_limit_storm: { threshold: 100, window_seconds: 300 },
  credential_stuffing: { threshold: 50, window_seconds: 300 },
  refund_rate: { threshold: 0.1, window_seconds: 86_400, min_payments: 20 },
  dispute_rate: { threshold: 0.0075, window_seconds: 30 * 86_400, min_payments: 100 },
  webhook_dead_letters: { threshold: 1 },
  stripe_rate_limited: { threshold: 25, window_seconds: 300 },
};

/** Log level and alert severity of each rule. */
export const MONITOR_SEVERITY: Record<MonitorRule, 'error' | 'warn'> = {
  card_testing: 'error',
  webhook_signature_failures: 'error',
  rate_limit_storm: 'warn',
  credential_stuffing: 'error',
  refund_rate: 'warn',
  dispute_rate: 'warn',
  webhook_dead_letters: 'error',
  stripe_rate_limited: 'warn',
};

/** How often rules are evaluated by default; an alert goes out at most this long after its crossing. */
export const MONITOR_INTERVAL_SECONDS = 10;

export interface MonitoringConfig {
  alertWebhookUrl: string | null;
  /** Signs alert POSTs (`CargoPay-Signature`, as merchant notifications); required with a URL. */
  alertWebhookSecret: string | null;
  intervalMs: number;
  thresholds: MonitorThresholds;
}

/**
 * Builds the monitoring configuration from its environment variables (called by `config.ts`, the only reader
 * of the environment). Returns problems instead of throwing, so `parseConfig` can list them all.
 */
export function monitoringConfig(
  env: {
    ALERT_WEBHOOK_URL?: string;
    ALERT_WEBHOOK_SECRET?: string;
    MONITORING_INTERVAL_SECONDS?: number;
    ALERT_THRESHOLDS?: string;
  },
  problems: string[],
): MonitoringConfig {
  let thresholds = MONITOR_DEFAULTS;
  if (env.ALERT_THRESHOLDS) {
    try {
      const raw = JSON.parse(env.ALERT_THRESHOLDS) as Record<string, object>;
      const merged = Object.fromEntries(
        MONITOR_RULES.map((rule) => [rule, { ...MONITOR_DEFAULTS[rule], ...(raw[rule] ?? {}) }]),
      );
      const unknown = Object.keys(raw).filter((k) => !(MONITOR_RULES as readonly string[]).includes(k));
      if (unknown.length) problems.push(`ALERT_THRESHOLDS: unknown rule(s) ${unknown.join(', ')}`);
      const parsed = monitorThresholdsSchema.safeParse(merged);
      if (parsed.success) thresholds = parsed.data;
      else {
        for (const issue of parsed.error.issues) {
          problems.push(`ALERT_THRESHOLDS.${issue.path.join('.')}: ${issue.message}`);
        }
      }
    } catch {
      problems.push('ALERT_THRESHOLDS: must be JSON, e.g. {"card_testing":{"threshold":5}}');
    }
  }
  if (env.ALERT_WEBHOOK_URL && !env.ALERT_WEBHOOK_SECRET) {
    problems.push(
      'ALERT_WEBHOOK_SECRET: needed with ALERT_WEBHOOK_URL to sign alerts (at least 16 characters)',
    );
  }
  return {
    alertWebhookUrl: env.ALERT_WEBHOOK_URL ?? null,
    alertWebhookSecret: env.ALERT_WEBHOOK_SECRET ?? null,
    intervalMs: (env.MONITORING_INTERVAL_SECONDS ?? MONITOR_INTERVAL_SECONDS) * 1000,
    thresholds,
  };
}
