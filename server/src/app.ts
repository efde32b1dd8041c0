import { storeFailure } from './store/failures.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { checkoutRouter } from './checkout/router.ts';
import { captureDeadlinesPass } from './capture-deadlines/job.ts';
import { captureSettingsRouter } from './capture-deadlines/router.ts';
import { caseworkJob } from './casework/worker.ts';
import { carriersRouter } from './connect/router.ts';
import { evidenceRouter } from './disputes/evidence-router.ts';
import { disputeSettingsRouter, disputesRouter } from './disputes/router.ts';
import { exampleShopRouter } from './example-shop/router.ts';
import { accessLog } from './http/access-log.ts';
import { jsonBody, requireJsonWhenBodied } from './http/body.ts';
import { cardFreeUrl } from './http/card-free.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { httpsOnly } from './http/https-redirect.ts';
import { idempotency } from './http/idempotency.ts';
import { inlineScriptHashes } from './http/inline-scripts.ts';
import { createLogger, type Logger } from './http/logger.ts';
import { byIp, rateLimiter, type RateLimitName } from './http/rate-limits.ts';
import { requestId } from './http/request-id.ts';
import { apiHeaders, crossOriginReadable, pageHeaders } from './http/security-headers.ts';
import { currentMerchant, requireMerchant } from './merchants/auth.ts';
import { AuthThrottle } from './merchants/auth-throttle.ts';
import { Monitor } from './monitoring/monitor.ts';
import { notificationWorker } from './notifications/delivery.ts';
import { eventsRouter } from './notifications/router.ts';
import type { BackgroundJob } from './ops/background.ts';
import { backgroundJob } from './ops/background.ts';
import { opsRouter } from './ops/health.ts';
import { createMetrics } from './ops/metrics.ts';
import { payPageRouter } from './pay-page/router.ts';
import { paymentRequestsRouter } from './payment-requests/router.ts';
import { expireIfDue } from './payment-requests/service.ts';
import { refundsRouter } from './refunds/router.ts';
import { requestRiskRouter, riskSettingsRouter } from './risk/router.ts';
import type { StripeLink } from './stripe/link.ts';
import type { Store } from './store/types.ts';
import type { ViesClient } from './vat/vies-client.ts';
import { stripeWebhookRouter } from './webhooks/router.ts';
import { webhookWorker } from './webhooks/worker.ts';

/** Sub-paths of `/v1/payment-requests/:id` served by the evidence and risk routers. */
const EVIDENCE_PATH =
  /^\/pr_[0-9A-Za-z]{24}\/(shipment|proof-of-delivery|messages|policies|evidence|risk)\/?$/;

export interface AppDeps {
  store: Store;
  stripe: StripeLink;
  vies: ViesClient;
  logger?: Logger;
  now?: () => Date;
  /** Process-wide metrics (CPU, memory); off in tests that build several apps. */
  defaultMetrics?: boolean;
  /** Merchant whose account the example shop sells under; no example shop when absent. */
  exampleShopMerchantId?: string | null;
  /** How often workers look for work besides being woken (ms). */
  workerIntervalMs?: number;
}

export interface CargoPayApp {
  express: Express;
  context: AppContext;
  webhooks: BackgroundJob;
  notifications: BackgroundJob;
  expiry: BackgroundJob;
  /** Forgets ended rate-limit windows, once cluster-wide. */
  cleanup: BackgroundJob;
  /** Warns of lapsing card holds and applies each merchant's policy at the deadline, once cluster-wide. */
  captureDeadlines: BackgroundJob;
  /** Works through the casework queue (dispute answers, Radar, Connect; see `casework/worker.ts`). */
  casework: BackgroundJob;
  /** Evaluates the monitoring rules on its own timer and raises alerts. */
  monitor: Monitor;
  /** Starts the background workers and applies anything left in the inbox by a previous run. */
  start(): void;
  /** Stops taking background work and waits for the pass in flight. The HTTP server is closed by the caller. */
  stop(): Promise<void>;
  isShuttingDown(): boolean;
}

/**
 * Builds one CargoPay server: the Express app and its background workers. No listening, no environment
 * reads, no module-level state: two apps in one process share nothing.
 */
export function createApp(config: Config, deps: AppDeps): CargoPayApp {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics(deps.store, { defaultMetrics: deps.defaultMetrics ?? false });
  const workers: { webhooks?: BackgroundJob; notifications?: BackgroundJob; casework?: BackgroundJob } = {};
  const ctx: AppContext = {
    config,
    store: deps.store,
    stripe: deps.stripe,
    vies: deps.vies,
    logger,
    metrics,
    now: deps.now ?? (() => new Date()),
    wake: {
      webhooks: () => workers.webhooks?.wake(),
      notifications: () => workers.notifications?.wake(),
      casework: () => workers.casework?.wake(),
    },
  };
  const interval = deps.workerIntervalMs ?? 5_000;
  const webhooks = webhookWorker(ctx, interval);
  const notifications = notificationWorker(ctx, interval);
  workers.webhooks = webhooks;
  workers.notifications = notifications;
  // Sweeps run once cluster-wide (`Store.exclusive`): an instance that finds one running elsewhere skips its
  // turn. Two instances expiring the same requests at once would both cancel the PaymentIntents at Stripe.
  const expiry = backgroundJob(
    async () => {
      const run = await ctx.store.exclusive('expiry', async () => {
        const due = await ctx.store.paymentRequests.expiredBy(ctx.now().toISOString(), 100);
        for (const pr of due) await expireIfDue(ctx.store, pr, ctx.now(), ctx.stripe.client);
        return due.length;
      });
      const expired = run.ran ? run.value : 0;
      if (expired) ctx.wake.notifications();
      return expired;
    },
    60_000,
    (error) => logger.error({ err: String(error) }, 'expiry sweep failed'),
  );
  // Two instances at one deadline would both capture (the same Stripe idempotency key keeps that to one charge)
  // or both queue the warning (each commit is at the version read, so one of them only): the job runs once anyway.
  const captureDeadlines = backgroundJob(
    async () => {
      const run = await ctx.store.exclusive('capture-deadlines', () => captureDeadlinesPass(ctx));
      const moved = run.ran ? run.value : 0;
      if (moved) ctx.wake.notifications();
      return moved;
    },
    config.captureDeadlineIntervalMs,
    (error) => logger.error({ err: String(error) }, 'capture-deadline job failed'),
  );
  const cleanup = backgroundJob(
    async () => {
      await ctx.store.exclusive('cleanup', () => ctx.store.rateLimits.sweep(Date.now()));
      return 0;
    },
    60_000,
    (error) => logger.error({ err: String(error) }, 'cleanup sweep failed'),
  );
  let shuttingDown = false;

  const https = config.publicUrl.startsWith('https://');
  const refused = (name: RateLimitName) => metrics.rateLimited.inc({ limit: name });
  const merchantKey = (req: Request) => currentMerchant(req.res as Response).id;
  // Every limiter counts in the store, so instances on one PostgreSQL share each limit.
  const shared = { counters: deps.store.rateLimits, logger };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestId());
  app.use(accessLog(logger, metrics.observeRequest));
  if (config.forceHttps) app.use(httpsOnly(config.publicUrl));
  app.use(cardFreeUrl());

  const api = apiHeaders(https, config.hstsPreload);
  app.use(['/healthz', '/readyz', '/metrics'], api);
  app.use(opsRouter(ctx, () => shuttingDown));

  app.use('/v1', api);
  app.use(
    '/v1/webhooks/stripe',
    rateLimiter('webhooks', config.rateLimits.webhooks, byIp, refused, shared),
    stripeWebhookRouter(ctx),
  );
  // Every route that authenticates a merchant shares one failure throttle (consulted before the key lookup)
  // and one budget per merchant key, whichever router serves the request.
  const merchantAuth = [
    requireMerchant(deps.store, {
      throttle: new AuthThrottle(config.rateLimits.authFailures, deps.store.rateLimits),
      onFailure: (reason) => metrics.authFailures.inc({ reason }),
      onThrottled: () => refused('auth'),
    }),
    rateLimiter('api', config.rateLimits.api, merchantKey, refused, shared),
  ];
  // Disputes, risk and Connect take JSON bodies under the same Idempotency-Key rules as the merchant API;
  // policies and evidence text run to 20,000 characters a field, more than the API's default body limit.
  const caseworkJson = [
    requireJsonWhenBodied(),
    jsonBody(Math.max(config.bodyLimitBytes, 256 * 1024)),
    idempotency(deps.store, (_req, res) => `merchant:${currentMerchant(res).id}`, logger),
  ];
  // Evidence and risk sub-paths of `/v1/payment-requests/:id` first; anything else goes on to the
  // payment-requests router below.
  const evidence = express.Router();
  evidence.use((req, _res, next) => (EVIDENCE_PATH.test(req.path) ? next() : next('router')));
  evidence.use(...merchantAuth, evidenceRouter(ctx, caseworkJson), requestRiskRouter(ctx));
  app.use('/v1/payment-requests', evidence);
  app.use('/v1/disputes', ...merchantAuth, ...caseworkJson, disputesRouter(ctx));
  app.use('/v1/settings/disputes', ...merchantAuth, ...caseworkJson, disputeSettingsRouter(ctx));
  app.use('/v1/settings/risk', ...merchantAuth, ...caseworkJson, riskSettingsRouter(ctx));
  app.use('/v1/settings/capture', ...merchantAuth, ...caseworkJson, captureSettingsRouter(ctx));
  app.use('/v1/carriers', ...merchantAuth, ...caseworkJson, carriersRouter(ctx));
  const casework = caseworkJob(ctx, interval);
  workers.casework = casework;
  const monitor = new Monitor(ctx);
  const body = [requireJsonWhenBodied(), jsonBody(config.bodyLimitBytes)];
  app.use(
    '/v1/checkout',
    // The widget calls these from the merchant's page, another origin.
    crossOriginReadable(),
    checkoutRouter(ctx, [
      rateLimiter('checkout', config.rateLimits.checkout, byIp, refused, shared),
      ...body,
      idempotency(deps.store, (req) => `checkout:${String(req.params.id)}`, logger),
    ]),
  );
  app.use(
    '/v1/payment-requests',
    ...merchantAuth,
    ...body,
    idempotency(deps.store, (_req, res) => `merchant:${currentMerchant(res).id}`, logger),
    paymentRequestsRouter(ctx),
    refundsRouter(ctx),
  );
  app.use('/v1/events', ...merchantAuth, eventsRouter(ctx));
  app.use('/v1', notFound());

  // Pages: built widget, example shop, built docs site.
  const siteDir = join(config.distDir, 'site');
  const widgetDir = join(config.distDir, 'widget');
  const pages = pageHeaders({
    sandboxOrigin: deps.stripe.sandboxOrigin,
    inlineScriptHashes: inlineScriptHashes(siteDir),
    https,
    hstsPreload: config.hstsPreload,
  });
  app.use(
    '/widget',
    pages,
    // Merchants' pages, on their own origins, load these files.
    crossOriginReadable(),
    (_req, res, next) => {
      // Merchants load the script cross-origin with Subresource Integrity, which needs CORS.
      res.setHeader('Access-Control-Allow-Origin', '*');
      next();
    },
    express.static(widgetDir, { fallthrough: true, index: false, maxAge: '5m' }),
  );
  app.use(
    '/pay',
    // The hosted payment page has no inline script at all: not even the docs site's hashed ones are allowed.
    pageHeaders({
      sandboxOrigin: deps.stripe.sandboxOrigin,
      inlineScriptHashes: [],
      https,
      hstsPreload: config.hstsPreload,
    }),
    rateLimiter('pay-page', config.rateLimits.checkout, byIp, refused, shared),
    payPageRouter(ctx),
  );
  if (deps.exampleShopMerchantId) {
    app.use(
      '/example-shop',
      pages,
      rateLimiter('example-shop', config.rateLimits.checkout, byIp, refused, shared),
      exampleShopRouter(ctx, deps.exampleShopMerchantId),
    );
  }
  if (existsSync(siteDir)) {
    // RFC 8615 places security.txt under a dot-folder, which serve-static ignores unless told otherwise;
    // only that folder is opened, every other dotfile stays hidden.
    app.use(
      '/.well-known',
      pages,
      express.static(join(siteDir, '.well-known'), { dotfiles: 'allow', index: false, maxAge: '5m' }),
    );
    app.use(pages, express.static(siteDir, { maxAge: '5m' }));
  }
  app.use(notFound());
  app.use(errorHandler(logger, storeFailure));

  return {
    express: app,
    context: ctx,
    webhooks,
    notifications,
    expiry,
    cleanup,
    captureDeadlines,
    casework,
    monitor,
    isShuttingDown: () => shuttingDown,
    start() {
      shuttingDown = false;
      webhooks.start();
      notifications.start();
      expiry.start();
      cleanup.start();
      captureDeadlines.start();
      casework.start();
      monitor.job.start();
      casework.wake();
      webhooks.wake();
      notifications.wake();
      expiry.wake();
      captureDeadlines.wake();
    },
    async stop() {
      shuttingDown = true;
      await Promise.all([
        webhooks.stop(),
        notifications.stop(),
        expiry.stop(),
        cleanup.stop(),
        captureDeadlines.stop(),
        casework.stop(),
        monitor.job.stop(),
      ]);
    },
  };
}
