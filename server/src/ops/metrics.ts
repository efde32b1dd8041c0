import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/types.ts';

/**
 * Prometheus metrics of one app instance, in its own registry (no global state): requests and latencies by
 * route, webhook lag (Stripe's `created` to applied), inbox and outbox backlog, webhook dead letters and
 * refused envelopes, rate-limit refusals (ours and Stripe's), failed merchant authentications, and the store's
 * group commits (how many writes each durable COMMIT carried) and its WAL checkpoint thread.
 */
export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  webhookLag: Histogram;
  webhookEvents: Counter<'outcome'>;
  /** Signed Stripe events refused for their envelope, by field (`id`, `created`, `data.object`, …). */
  webhookInvalidFields: Counter<'field'>;
  notificationDeliveries: Counter<'outcome'>;
  rateLimited: Counter<'limit'>;
  /** Merchant authentications refused with 401, by reason (`missing`, `malformed`, `unknown`). */
  authFailures: Counter<'reason'>;
  /** Stripe's own 429s, by the SDK operation refused (each retry that meets one counts again). */
  stripeRateLimited: Counter<'operation'>;
  observeRequest(route: string, method: string, status: number, ms: number): void;
}

export function createMetrics(store: Store, options: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'cargopay_' });
  const requests = new Counter({
    name: 'cargopay_http_requests_total',
    help: 'HTTP requests by method, matched route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'cargopay_http_request_duration_seconds',
    help: 'HTTP request latency by method and matched route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const webhookLag = new Histogram({
    name: 'cargopay_webhook_lag_seconds',
    help: 'Seconds from the Stripe event being created to it being applied.',
    buckets: [0.1, 0.5, 1, 2, 5, 15, 60, 300, 3600],
    registers: [registry],
  });
  const webhookEvents = new Counter({
    name: 'cargopay_webhook_events_total',
    help: 'Stripe webhook deliveries by outcome (stored, duplicate, rejected, invalid, applied, failed, dead_lettered).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const webhookInvalidFields = new Counter({
    name: 'cargopay_webhook_invalid_fields_total',
    help: 'Correctly signed Stripe events refused with 400 because a field of their envelope is not valid, by field.',
    labelNames: ['field'] as const,
    registers: [registry],
  });
  const notificationDeliveries = new Counter({
    name: 'cargopay_notification_deliveries_total',
    help: 'Merchant notification delivery attempts by outcome (delivered, retry, failed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'cargopay_rate_limited_total',
    help: 'Requests refused with 429, by limit.',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  const authFailures = new Counter({
    name: 'cargopay_auth_failures_total',
    help: 'Merchant API authentications refused with 401, by reason (missing, malformed, unknown key).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of ['missing', 'malformed', 'unknown']) authFailures.inc({ reason }, 0);
  const stripeRateLimited = new Counter({
    name: 'cargopay_stripe_rate_limited_total',
    help: 'Stripe API calls answered 429 by Stripe (its rate limits), by operation; retried with backoff.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'cargopay_webhook_inbox_backlog',
    help: 'Verified Stripe events stored but not yet applied (dead letters apart).',
    registers: [registry],
    async collect() {
      this.set((await store.backlog()).inboxPending);
    },
  });
  new Gauge({
    name: 'cargopay_webhook_dead_letters',
    help: 'Stripe events parked after their last failed attempt; list and replay them with npm run webhooks.',
    registers: [registry],
    async collect() {
      this.set((await store.backlog()).inboxDeadLetters);
    },
  });
  new Gauge({
    name: 'cargopay_notification_outbox_backlog',
    help: 'Merchant notifications waiting for delivery.',
    registers: [registry],
    async collect() {
      this.set((await store.backlog()).outboxPending);
    },
  });
  // Commit and WAL statistics exist only for the embedded SQLite store.
  const sqlite = store.sqlite;
  if (sqlite) {
    new Gauge({
      name: 'cargopay_store_commits',
      help: 'Durable SQLite commits since start, each carrying one group of writes (see cargopay_store_writes).',
      labelNames: ['sync'] as const,
      registers: [registry],
      collect() {
        const stats = sqlite.writeStats();
        this.set({ sync: 'full' }, stats.commits - stats.relaxedCommits);
        this.set({ sync: 'normal' }, stats.relaxedCommits);
      },
    });
    new Gauge({
      name: 'cargopay_store_writes',
      help: 'Writes committed through group commit since start; divided by commits, the mean group size.',
      registers: [registry],
      collect() {
        this.set(sqlite.writeStats().writes);
      },
    });
    new Gauge({
      name: 'cargopay_store_wal_pending_frames',
      help: 'SQLite WAL frames not yet copied into the database by the checkpoint thread; rising without end, it cannot keep up.',
      registers: [registry],
      collect() {
        this.set(sqlite.walStats()?.pendingFrames ?? 0);
      },
    });
    new Gauge({
      name: 'cargopay_store_checkpoint_thread',
      help: '1 while WAL checkpoints run on their own thread; 0 once it stopped and the event loop checkpoints again.',
      registers: [registry],
      collect() {
        this.set(sqlite.walStats()?.checkpointThread ? 1 : 0);
      },
    });
  }
  return {
    registry,
    requests,
    latency,
    webhookLag,
    webhookEvents,
    webhookInvalidFields,
    notificationDeliveries,
    rateLimited,
    authFailures,
    stripeRateLimited,
    observeRequest(route, method, status, ms) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, ms / 1000);
    },
  };
}
