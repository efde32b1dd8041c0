import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Stripe from 'stripe';
import type { Store } from '../server/src/store/types.ts';

/**
 * The load generator and the bare Express baselines: closed-loop clients (each sends its next request when
 * the previous answer arrived), per-request latency, throughput over the wall time of the run.
 */

export interface LoadResult {
  requests: number;
  concurrency: number;
  wallMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers that were not the expected status. */
  errors: number;
  /** Every request's latency in ms, ascending. */
  latencies: number[];
}

/** One result for several runs of the same load (rounds interleaved with a baseline's). */
export function combine(results: LoadResult[]): LoadResult {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const wallMs = results.reduce((n, r) => n + r.wallMs, 0);
  return {
    requests,
    concurrency: results[0]?.concurrency ?? 0,
    wallMs,
    perSecond: (requests / wallMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: results.reduce((n, r) => n + r.errors, 0),
    latencies,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Runs `send(i)` for i in 0..requests-1 from `concurrency` clients; `ok` says which statuses count. */
export async function load(
  requests: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
  ok: (status: number) => boolean = (s) => s >= 200 && s < 300,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        const res = await send(i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!ok(res.status)) errors++;
      }
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests,
    concurrency,
    wallMs,
    perSecond: (requests / wallMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    latencies,
  };
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(app: express.Express): Promise<Listening> {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export type Capture = 'automatic' | 'manual';

/**
 * The capture parameters CargoPay's `ensurePaymentIntent` sends: for `manual` (freight priced after weighing)
 * the card is held, with extended and incremental authorization asked for wherever the card grants them.
 */
export function captureParams(
  capture: Capture,
): Pick<Stripe.PaymentIntentCreateParams, 'capture_method' | 'payment_method_options'> {
  if (capture === 'automatic')
    return { payment_method_options: { card: { request_three_d_secure: 'automatic' } } };
  return {
    capture_method: 'manual',
    payment_method_options: {
      card: {
        request_three_d_secure: 'automatic',
        request_extended_authorization: 'if_available',
        request_incremental_authorization: 'if_available',
      },
    },
  };
}

/**
 * Baseline for intent creation: an Express app whose only work is the Stripe call CargoPay makes (the same
 * parameters: amount, currency, automatic payment methods, 3D Secure option, description and metadata; an
 * idempotency key per id; with `manual`, the capture parameters of a manual-capture request) against the same
 * sandbox, answering the client secret.
 */
export function bareIntentApp(stripe: Stripe, capture: Capture = 'automatic'): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/intent/:id', async (req, res) => {
    const intent = await stripe.paymentIntents.create(
      {
        amount: 12_500,
        currency: 'eur',
        automatic_payment_methods: { enabled: true },
        description: 'BENCH: Air freight Frankfurt → Madrid',
        metadata: { payment_request: req.params.id, merchant: 'mer_bench', reference: 'BENCH' },
        ...captureParams(capture),
      },
      { idempotencyKey: `bare:${req.params.id}:intent` },
    );
    res.json({ payment_intent: intent.id, client_secret: intent.client_secret, status: intent.status });
  });
  return app;
}

/** Baseline for webhook ingestion: an Express app that only verifies the signature over the raw body. */
export function bareWebhookApp(stripe: Stripe, secret: string): express.Express {
  const app = express();
  app.post('/webhook', express.raw({ type: () => true }), (req, res) => {
    try {
      stripe.webhooks.constructEvent(req.body as Buffer, String(req.get('stripe-signature')), secret, 300);
      res.json({ received: true });
    } catch {
      res.status(400).json({ error: 'signature' });
    }
  });
  return app;
}

/**
 * The floor for intent creation: the baseline's Stripe call plus only the storage the issue requires around
 * it: the payment request read from the store (amount and currency come from there, personal fields unsealed)
 * and the PaymentIntent linked to it, in CargoPay's own store. No middleware, no rules, no logging. CargoPay
 * cannot beat this app; the gap between it and the baseline is what storage alone costs.
 */
export function floorIntentApp(
  stripe: Stripe,
  store: Store,
  capture: Capture = 'automatic',
): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/intent/:id', async (req, res) => {
    const pr = await store.paymentRequests.get(req.params.id);
    if (!pr) {
      res.status(404).json({ error: 'unknown payment request' });
      return;
    }
    const intent = await stripe.paymentIntents.create(
      {
        amount: pr.amount,
        currency: pr.currency,
        automatic_payment_methods: { enabled: true },
        description: `${pr.reference}: ${pr.description}`,
        metadata: { payment_request: pr.id, merchant: pr.merchantId, reference: pr.reference },
        ...captureParams(capture),
      },
      { idempotencyKey: `floor:${pr.id}:intent` },
    );
    await store.paymentRequests.linkIntent(pr.id, intent.id, new Date().toISOString());
    res.json({ payment_intent: intent.id, client_secret: intent.client_secret, status: intent.status });
  });
  return app;
}

/**
 * The floor for webhook ingestion: the baseline's verification plus only the write the issue requires before
 * the 200, the event sealed into CargoPay's inbox with a durable (group) commit. Nothing applies the events.
 */
export function floorWebhookApp(stripe: Stripe, secret: string, store: Store): express.Express {
  const app = express();
  app.post('/webhook', express.raw({ type: () => true }), async (req, res) => {
    const raw = req.body as Buffer;
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(raw, String(req.get('stripe-signature')), secret, 300);
    } catch {
      res.status(400).json({ error: 'signature' });
      return;
    }
    const stored = await store.inbox.insert({
      id: event.id,
      type: event.type,
      payload: raw.toString('utf8'),
      created: event.created,
      receivedAt: new Date().toISOString(),
    });
    res.json({ received: true, duplicate: !stored });
  });
  return app;
}
