import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { stripeReachable } from '../stripe/link.ts';
import { metricsAccess } from './metrics-access.ts';

/**
 * `/healthz`: the process is up. `/readyz`: the store takes writes and Stripe (or the sandbox) answers; 503
 * otherwise, with which check failed. `/metrics`: Prometheus text format, only for the holder of
 * `METRICS_TOKEN` (see `metrics-access.ts`).
 */
export function opsRouter(ctx: AppContext, isShuttingDown: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    let store = true;
    try {
      await ctx.store.checkWritable();
    } catch {
      store = false;
    }
    const stripe = await stripeReachable(ctx.stripe.client);
    const ready = store && stripe && !isShuttingDown();
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks: {
        store: store ? 'ok' : 'failed',
        stripe: stripe ? 'ok' : 'failed',
        shutting_down: isShuttingDown(),
      },
    });
  });
  router.get('/metrics', metricsAccess(ctx.config.metricsToken), async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  return router;
}
