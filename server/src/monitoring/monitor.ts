import { Counter, Gauge } from 'prom-client';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';
import { signatureHeader } from '../contract/signature.ts';
import { backgroundJob, type BackgroundJob } from '../ops/background.ts';
import { MONITOR_RULES, MONITOR_SEVERITY, type MonitorRule, type MonitoringConfig } from './rules.ts';

/** One alert, as POSTed to `ALERT_WEBHOOK_URL` and logged. It names no person: keys are hashes or merchant ids. */
export interface Alert {
  id: string;
  object: 'alert';
  rule: MonitorRule;
  severity: 'error' | 'warn';
  /** What crossed: `ip:<hash>`, `device:<hash>`, `merchant:<id>` or `all`. */
  key: string;
  value: number;
  threshold: number;
  /** The window the value was counted over; `null` for a level (`webhook_dead_letters`: how many now). */
  window_seconds: number | null;
  message: string;
  raised_at: string;
}

interface Observation {
  rule: MonitorRule;
  key: string;
  value: number;
}

/** The rules evaluated over the store's rows: once cluster-wide (see `Monitor.evaluate`). */
const STORE_RULES: readonly MonitorRule[] = [
  'card_testing',
  'refund_rate',
  'dispute_rate',
  'webhook_dead_letters',
];

interface Sample {
  at: number;
  value: number;
}

/**
 * Counts in a sliding window from periodic samples of an ever-growing counter (which starts at 0 with the
 * app): the current value minus the newest sample taken at or before the window's start.
 */
class CounterWindow {
  readonly #samples: Sample[];
  constructor(at: number) {
    this.#samples = [{ at, value: 0 }];
  }
  push(at: number, value: number, windowMs: number): number {
    this.#samples.push({ at, value });
    while (this.#samples.length > 1 && (this.#samples[1] as Sample).at <= at - windowMs)
      this.#samples.shift();
    return value - (this.#samples[0] as Sample).value;
  }
}

/**
 * Evaluates the monitoring rules on a timer (every `MONITORING_INTERVAL_SECONDS`), and raises an alert once
 * per crossing: when a value goes from below its threshold to at or above it. It raises again only after the
 * value has dropped below and crossed once more. Each rule's current value and threshold are exported as
 * metrics, with a count of alerts raised.
 */
export class Monitor {
  readonly #ctx: AppContext;
  readonly #config: MonitoringConfig;
  readonly #above = new Set<string>();
  readonly #windows: {
    webhook: CounterWindow;
    rateLimit: CounterWindow;
    authFailures: CounterWindow;
    stripeRateLimit: CounterWindow;
  };
  readonly #outbox: { alert: Alert; attempts: number }[] = [];
  readonly #value: Gauge<'rule'>;
  readonly #alerts: Counter<'rule'>;
  readonly raised: Alert[] = [];
  readonly job: BackgroundJob;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    const started = ctx.now().getTime();
    this.#windows = {
      webhook: new CounterWindow(started),
      rateLimit: new CounterWindow(started),
      authFailures: new CounterWindow(started),
      stripeRateLimit: new CounterWindow(started),
    };
    this.#config = ctx.config.monitoring;
    const registers = [ctx.metrics.registry];
    this.#value = new Gauge({
      name: 'cargopay_monitor_value',
      help: 'Current value of each monitoring rule (the highest over its keys, in its window).',
      labelNames: ['rule'] as const,
      registers,
    });
    const threshold = new Gauge({
      name: 'cargopay_monitor_threshold',
      help: 'Threshold at which each monitoring rule raises an alert.',
      labelNames: ['rule'] as const,
      registers,
    });
    const queue = ctx.store.casework;
    new Gauge({
      name: 'cargopay_casework_backlog',
      help: 'Casework items (dispute answers, Radar and Connect updates): pending, or failed after every retry.',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const backlog = await queue.backlog();
        this.set({ state: 'pending' }, backlog.pending);
        this.set({ state: 'failed' }, backlog.failed);
      },
    });
    this.#alerts = new Counter({
      name: 'cargopay_alerts_total',
      help: 'Alerts raised, by monitoring rule.',
      labelNames: ['rule'] as const,
      registers,
    });
    for (const rule of MONITOR_RULES) {
      threshold.set({ rule }, this.#config.thresholds[rule].threshold);
      this.#value.set({ rule }, 0);
      this.#alerts.inc({ rule }, 0);
    }
    this.job = backgroundJob(
      async () => {
        await this.evaluate();
        return 0;
      },
      this.#config.intervalMs,
      (error) =>
        ctx.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'monitoring pass failed',
        ),
    );
  }

  /**
   * One evaluation of every rule, then delivery of pending alerts. The rules over the store (card testing,
   * refund and dispute rates, dead letters) see the whole cluster's rows, so one instance evaluates them: it
   * holds the `monitoring` job (`Store.exclusive` with `hold`, so its memory of which crossings were raised
   * stays with it) until it stops or dies, and then another takes over (raising a crossing still standing once
   * more: the raised crossings are the holder's memory, not the store's). The rules over this process's own
   * counters (signature failures, rate-limit refusals, failed authentications, Stripe's 429s) are evaluated
   * by every instance: each counts only the requests it served.
   */
  async evaluate(): Promise<void> {
    const now = this.#ctx.now();
    const observations = await this.#processObservations(now);
    const evaluated = new Set<MonitorRule>(observations.map((o) => o.rule));
    const cluster = await this.#ctx.store.exclusive('monitoring', () => this.#storeObservations(now), {
      hold: true,
    });
    if (cluster.ran) {
      observations.push(...cluster.value);
      for (const rule of STORE_RULES) evaluated.add(rule);
    }
    this.#assess(observations, evaluated, now);
    await this.#deliver();
  }

  async #storeObservations(now: Date): Promise<Observation[]> {
    const t = this.#config.thresholds;
    const observations: Observation[] = [];
    const risk = this.#ctx.store.risk;
    const since = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
    const ct = t.card_testing;
    const declines = [
      ...(await risk.signalBursts('decline', 'ip_hash', since(ct.window_seconds), 1)).map((b) => ({
        key: `ip:${b.key}`,
        count: b.count,
      })),
      ...(await risk.signalBursts('decline', 'device_hash', since(ct.window_seconds), 1)).map((b) => ({
        key: `device:${b.key}`,
        count: b.count,
      })),
    ];
    for (const d of declines) observations.push({ rule: 'card_testing', key: d.key, value: d.count });

    for (const rule of ['refund_rate', 'dispute_rate'] as const) {
      const r = t[rule];
      for (const m of await risk.eventCounts(
        rule === 'refund_rate' ? 'refund' : 'dispute',
        since(r.window_seconds),
      )) {
        const value = m.payments >= r.min_payments ? m.count / m.payments : 0;
        observations.push({ rule, key: `merchant:${m.merchantId}`, value });
      }
    }

    // Parked Stripe events: a payment state change that will not happen until an operator acts.
    observations.push({
      rule: 'webhook_dead_letters',
      key: 'all',
      value: (await this.#ctx.store.backlog()).inboxDeadLetters,
    });
    return observations;
  }

  async #processObservations(now: Date): Promise<Observation[]> {
    const t = this.#config.thresholds;
    const observations: Observation[] = [];
    const total = async (
      metric: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> },
      keep: (labels: Record<string, unknown>) => boolean = () => true,
    ) => (await metric.get()).values.filter((v) => keep(v.labels)).reduce((sum, v) => sum + v.value, 0);
    // Process counters read as counts over each rule's window. A request without any key is not a guess; one
    // with a wrong or unknown key is. Stripe's own 429s are retried, but often means the account needs a higher
    // limit from Stripe.
    const counted = [
      {
        rule: 'webhook_signature_failures',
        window: this.#windows.webhook,
        count: total(this.#ctx.metrics.webhookEvents, (l) => l.outcome === 'rejected'),
      },
      {
        rule: 'rate_limit_storm',
        window: this.#windows.rateLimit,
        count: total(this.#ctx.metrics.rateLimited),
      },
      {
        rule: 'credential_stuffing',
        window: this.#windows.authFailures,
        count: total(this.#ctx.metrics.authFailures, (l) => l.reason !== 'missing'),
      },
      {
        rule: 'stripe_rate_limited',
        window: this.#windows.stripeRateLimit,
        count: total(this.#ctx.metrics.stripeRateLimited),
      },
    ] as const;
    for (const { rule, window, count } of counted) {
      const value = window.push(now.getTime(), await count, t[rule].window_seconds * 1000);
      observations.push({ rule, key: 'all', value });
    }
    return observations;
  }

  /** Raises an alert for each observation that crossed its threshold, and updates the rules' gauges. */
  #assess(observations: Observation[], evaluated: Set<MonitorRule>, now: Date): void {
    const t = this.#config.thresholds;
    const highest = new Map<MonitorRule, number>();
    const seen = new Set<string>();
    for (const o of observations) {
      highest.set(o.rule, Math.max(highest.get(o.rule) ?? 0, o.value));
      const id = `${o.rule}|${o.key}`;
      seen.add(id);
      const threshold = t[o.rule].threshold;
      if (o.value >= threshold) {
        if (!this.#above.has(id)) {
          this.#above.add(id);
          const rule = t[o.rule];
          this.#raise(
            o.rule,
            o.key,
            o.value,
            threshold,
            'window_seconds' in rule ? rule.window_seconds : null,
            now,
          );
        }
      } else this.#above.delete(id);
    }
    // A rule not evaluated here this time (the store's, held by another instance) keeps what it had.
    for (const id of [...this.#above])
      if (!seen.has(id) && evaluated.has(id.slice(0, id.indexOf('|')) as MonitorRule)) this.#above.delete(id);
    for (const rule of evaluated) this.#value.set({ rule }, highest.get(rule) ?? 0);
  }

  #raise(
    rule: MonitorRule,
    key: string,
    value: number,
    threshold: number,
    windowSeconds: number | null,
    now: Date,
  ): void {
    const severity = MONITOR_SEVERITY[rule];
    const shown = rule.endsWith('_rate') ? `${(value * 100).toFixed(2)} %` : String(value);
    const limit = rule.endsWith('_rate') ? `${(threshold * 100).toFixed(2)} %` : String(threshold);
    const over = windowSeconds === null ? 'now' : `in ${windowSeconds} s`;
    const alert: Alert = {
      id: newId('alert'),
      object: 'alert',
      rule,
      severity,
      key,
      value,
      threshold,
      window_seconds: windowSeconds,
      message: `${rule} crossed its threshold for ${key}: ${shown} ${over} (threshold ${limit}).`,
      raised_at: now.toISOString(),
    };
    this.raised.push(alert);
    this.#alerts.inc({ rule });
    this.#ctx.logger[severity]({ alert }, `ALERT ${rule}: ${alert.message}`);
    if (this.#config.alertWebhookUrl) this.#outbox.push({ alert, attempts: 0 });
  }

  async #deliver(): Promise<void> {
    const url = this.#config.alertWebhookUrl;
    const secret = this.#config.alertWebhookSecret;
    if (!url || !secret) return;
    for (const item of [...this.#outbox]) {
      const body = JSON.stringify(item.alert);
      item.attempts++;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'CargoPay-Alerts/1',
            'cargopay-signature': signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        if (response.ok || item.attempts >= 10) this.#outbox.splice(this.#outbox.indexOf(item), 1);
      } catch {
        if (item.attempts >= 10) this.#outbox.splice(this.#outbox.indexOf(item), 1);
        this.#ctx.logger.warn(
          { alert: item.alert.id, attempts: item.attempts },
          'alert delivery failed; will retry',
        );
      }
    }
  }
}
