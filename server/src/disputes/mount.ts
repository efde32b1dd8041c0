import { Router, type Express, type RequestHandler } from 'express';
import { carriersRouter } from '../connect/router.ts';
import type { AppContext } from '../context.ts';
import { jsonBody, requireJsonWhenBodied } from '../http/body.ts';
import { idempotency } from '../http/idempotency.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { monitorFor } from '../monitoring/monitor.ts';
import type { BackgroundJob } from '../ops/background.ts';
import { requestRiskRouter, riskSettingsRouter } from '../risk/router.ts';
import { caseworkJob } from '../casework/worker.ts';
import { evidenceRouter } from './evidence-router.ts';
import { disputeSettingsRouter, disputesRouter } from './router.ts';

/** Sub-paths of `/v1/payment-requests/:id` served here; anything else goes on to the payment-requests router. */
const EVIDENCE_PATH =
  /^\/pr_[0-9A-Za-z]{24}\/(shipment|proof-of-delivery|messages|policies|evidence|risk)\/?$/;

/**
 * Mounts the dispute, risk, Connect and monitoring endpoints on an app (behind `merchantAuth`: the merchant
 * key check with its failure throttle, then the merchant API's rate limit; JSON bodies, Idempotency-Key), and
 * returns the background work they need: the casework queue and the monitoring timer, started and stopped
 * with the app. Call it before the payment-requests router.
 */
export function mountCasework(
  app: Express,
  ctx: AppContext,
  intervalMs: number,
  merchantAuth: RequestHandler[],
): BackgroundJob {
  const { config, store, logger } = ctx;
  // One failure throttle and one budget per key, shared with the payment-requests and events routers.
  const merchant = merchantAuth;
  const json = [
    requireJsonWhenBodied(),
    // Policies and evidence text run to 20,000 characters a field, more than the API's default body limit.
    jsonBody(Math.max(config.bodyLimitBytes, 256 * 1024)),
    idempotency(store, (_req, res) => `merchant:${currentMerchant(res).id}`, logger),
  ];

  const evidence = Router();
  evidence.use((req, _res, next) => (EVIDENCE_PATH.test(req.path) ? next() : next('router')));
  evidence.use(...merchant, evidenceRouter(ctx, json), requestRiskRouter(ctx));
  app.use('/v1/payment-requests', evidence);
  app.use('/v1/disputes', ...merchant, ...json, disputesRouter(ctx));
  app.use('/v1/settings/disputes', ...merchant, ...json, disputeSettingsRouter(ctx));
  app.use('/v1/settings/risk', ...merchant, ...json, riskSettingsRouter(ctx));
  app.use('/v1/carriers', ...merchant, ...json, carriersRouter(ctx));

  const casework = caseworkJob(ctx, intervalMs);
  const monitor = monitorFor(ctx).job;
  return {
    wake: () => casework.wake(),
    async drain() {
      await casework.drain();
      await monitor.drain();
    },
    start() {
      casework.start();
      monitor.start();
      casework.wake();
    },
    async stop() {
      await Promise.all([casework.stop(), monitor.stop()]);
    },
  };
}
