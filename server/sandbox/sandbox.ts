import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import Stripe from 'stripe';
import { IdempotencyStore } from './api/http.ts';
import { createBrowserRouter } from './browser/router.ts';
import { createApiRouter } from './api/router.ts';
import { stripeRateLimits, type RateLimitMode, type RateLimitSettings } from './api/rate-limits.ts';
import { SandboxState } from './api/state.ts';
import { createControlRouter } from './control/router.ts';
import { openStateFile, type StateFile } from './state-file.ts';
import { SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY } from './keys.ts';
import {
  WebhookDispatcher,
  type DeliveryAttempt,
  type RetryPolicy,
  type WebhookEndpoint,
  type WebhookEndpointConfig,
} from './webhooks/dispatcher.ts';

export type { DeliveryAttempt, RetryPolicy, WebhookEndpoint, WebhookEndpointConfig };
export type { RateLimitMode, RateLimitSettings };

export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /** Webhook endpoints that receive every event from the start. */
  webhookEndpoints?: WebhookEndpointConfig[];
  /** No request log lines. */
  quiet?: boolean;
  /** Webhook retry timing (defaults: 1 s doubling up to 60 s, 10 attempts, 10 s timeout). */
  webhookRetry?: Partial<RetryPolicy>;
  /** Delay before a test card's dispute / inquiry / early fraud warning appears (default 500 ms). */
  followUpDelayMs?: number;
  /**
   * Enforce Stripe's per-second API limits from the start: `'test'` (25/s globally, 25/s per endpoint) or
   * `'live'` (100/s globally, 25/s per endpoint), or limits of your own. Off by default.
   */
  rateLimits?: RateLimitMode | RateLimitSettings;
  /** The clock the rate limiter's one-second windows follow (ms since the epoch); `Date.now` by default. */
  now?: () => number;
  /**
   * Keep every object, event and idempotency record in this file (loaded at start, saved shortly after each
   * change and on close), so that a restart changes nothing a user can see. Without it, all is in memory.
   */
  statePath?: string;
}

/** A running sandbox. Each one has its own objects, events, keys' idempotency records and endpoints. */
export interface Sandbox {
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly secretKey: string;
  readonly publishableKey: string;
  /** The real `stripe` SDK pointed at this sandbox (host, port, protocol http). */
  stripeClient(config?: { maxNetworkRetries?: number }): Stripe;
  /** Adds a webhook endpoint; events from now on are delivered to it. */
  addWebhookEndpoint(endpoint: WebhookEndpointConfig): WebhookEndpoint;
  /** Every webhook delivery attempt so far. */
  deliveries(): DeliveryAttempt[];
  /** Every event so far, oldest first. */
  events(): Stripe.Event[];
  /** Turns Stripe's rate limits on (a mode or limits of your own) or off (`null`); counts start afresh. */
  setRateLimits(limits: RateLimitMode | RateLimitSettings | null): void;
  /** 429s the rate limiter answered since start. */
  rateLimited(): number;
  /** Forgets all objects, events, deliveries and switches (endpoints stay). */
  reset(): void;
  /** Stops listening, pending follow-ups and webhook retries. */
  close(): Promise<void>;
}

/** CORS for `/v1` and `/_sandbox`: the stand-in Stripe.js calls them from the merchant page's origin. */
function cors(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader(
    'Access-Control-Allow-Headers',
    'Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account, X-Stripe-Client-User-Agent',
  );
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Expose-Headers',
    'Request-Id, Stripe-Version, Idempotency-Key, Idempotent-Replayed, Stripe-Rate-Limited-Reason',
  );
  res.setHeader('Access-Control-Max-Age', '600');
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
}

/** Builds the sandbox's Express app (no listening). */
function createSandboxApp(
  state: SandboxState,
  dispatcher: WebhookDispatcher,
  idempotency: IdempotencyStore,
  extraRouters: express.Router[],
  log: ((line: string) => void) | null,
  stateFile: StateFile | null,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (stateFile) {
    // Every change comes through a POST (API or control) or an event (follow-ups, see SandboxState.onChange).
    app.use(['/v1', '/_sandbox'], (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'OPTIONS') res.on('finish', () => stateFile.changed());
      next();
    });
  }
  if (log) {
    app.use((req, res, next) => {
      const started = Date.now();
      res.on('finish', () => log(`${req.method} ${req.path} ${res.statusCode} ${Date.now() - started}ms`));
      next();
    });
  }
  for (const router of extraRouters) app.use(router);
  app.use(['/v1', '/_sandbox'], cors);
  app.use(['/v1', '/_sandbox'], express.raw({ type: () => true, limit: '12mb' }));
  app.use(createApiRouter(state, idempotency, dispatcher));
  app.use(createControlRouter(state, dispatcher, idempotency));
  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send(
        `CargoPay offline Stripe sandbox: NOT Stripe. API at ${state.baseUrl}/v1, Stripe.js stand-in at ${state.baseUrl}/v3/.\n`,
      );
  });
  // Body errors (too large, aborted) in Stripe's shape, never a bare 500 page.
  app.use(
    (
      error: { status?: number; type?: string; message?: string },
      _req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (res.headersSent) {
        next(error);
        return;
      }
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      res.status(status).json({
        error: {
          type: status === 500 ? 'api_error' : 'invalid_request_error',
          message: status === 413 ? 'The request body is too large.' : (error.message ?? 'Bad request.'),
        },
      });
    },
  );
  return app;
}

/** Listens on `port`; rejects when the port cannot be had (e.g. EADDRINUSE). */
async function listen(app: express.Express, port: number, host: string): Promise<Server> {
  const server = app.listen(port, host);
  await once(server, 'listening'); // rejects with the server's 'error'
  return server;
}

/**
 * Starts an offline Stripe sandbox in this process. Two sandboxes in one process share nothing.
 *
 * ```ts
 * const sandbox = await startSandbox({ port: 0 });
 * const stripe = sandbox.stripeClient();
 * await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method_types: ['card'] });
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const log = options.quiet ? null : (line: string) => console.info(`[sandbox] ${line}`);
  const state = new SandboxState({
    apiVersion: Stripe.API_VERSION,
    followUpDelayMs: options.followUpDelayMs ?? 500,
    now: options.now,
  });
  const setRateLimits = (limits: RateLimitMode | RateLimitSettings | null) => {
    if (limits === null) state.rateLimiter.disable();
    else state.rateLimiter.enable(typeof limits === 'string' ? stripeRateLimits(limits) : limits);
  };
  if (options.rateLimits) setRateLimits(options.rateLimits);
  const dispatcher = new WebhookDispatcher(options.webhookRetry, log ?? undefined);
  const idempotency = new IdempotencyStore();
  const stateFile = options.statePath
    ? openStateFile(options.statePath, state, idempotency, {
        warn: (line) => console.warn(`[sandbox] ${line}`),
      })
    : null;
  if (stateFile) {
    state.onChange = () => stateFile.changed();
    stateFile.changed();
  }
  state.onEvent = (event) => dispatcher.dispatch(event);
  state.endpointCount = (type) => dispatcher.count(type);
  for (const endpoint of options.webhookEndpoints ?? []) dispatcher.add(endpoint);

  const app = createSandboxApp(state, dispatcher, idempotency, [createBrowserRouter()], log, stateFile);
  // With a state file and no port asked for, the port of the last run: pages opened before a restart load
  // Stripe.js and the Payment Element from there. Taken meanwhile: any free port.
  const preferred = options.port || stateFile?.savedPort || 0;
  let server: Server;
  try {
    server = await listen(app, preferred, host);
  } catch (error) {
    if (options.port || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    server = await listen(app, 0, host);
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  state.baseUrl = url;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    host,
    secretKey: SANDBOX_SECRET_KEY,
    publishableKey: SANDBOX_PUBLISHABLE_KEY,
    stripeClient(config = {}) {
      return new Stripe(SANDBOX_SECRET_KEY, {
        host: urlHost.replace(/^\[|\]$/g, ''),
        port,
        protocol: 'http',
        telemetry: false,
        maxNetworkRetries: config.maxNetworkRetries ?? 0,
      });
    },
    addWebhookEndpoint: (endpoint) => dispatcher.add(endpoint),
    deliveries: () => dispatcher.deliveries(),
    events: () => [...state.events],
    setRateLimits,
    rateLimited: () => state.rateLimiter.status().refused,
    reset() {
      state.reset();
      dispatcher.reset();
      idempotency.clear();
      stateFile?.changed();
    },
    close() {
      closing ??= (async () => {
        state.close();
        await dispatcher.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stateFile?.flush();
      })();
      return closing;
    },
  };
}
