import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { presentPaymentRequest } from '../payment-requests/present.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import { getOwnPaymentRequest } from '../payment-requests/service.ts';
import { createRefund } from './create.ts';
import { presentRefund } from './present.ts';
import { createRefundSchema, refundListQuerySchema } from './schema.ts';

/**
 * `/v1/payment-requests/:id/refunds`: mounted after the payment-requests router, behind the same merchant
 * authentication, body checks, idempotency and rate limit.
 */
export function refundsRouter(ctx: AppContext): Router {
  const router = Router();

  router.post('/:id/refunds', async (req, res) => {
    const { id } = parse(idParamsSchema, req.params, 'path');
    const input = parse(createRefundSchema, req.body);
    const pr = await getOwnPaymentRequest(ctx.store, currentMerchant(res), id);
    const outcome = await createRefund(
      ctx.store,
      ctx.stripe.client,
      pr,
      input,
      req.get('idempotency-key'),
      ctx.now(),
    );
    ctx.wake.notifications();
    if (outcome.kind === 'void') {
      res.json(presentPaymentRequest(outcome.paymentRequest));
      return;
    }
    res.status(201).json(presentRefund(outcome.refund));
  });

  router.get('/:id/refunds', async (req, res) => {
    const { id } = parse(idParamsSchema, req.params, 'path');
    const q = parse(refundListQuerySchema, req.query, 'query');
    const pr = await getOwnPaymentRequest(ctx.store, currentMerchant(res), id);
    // A request has a handful of refunds at most (each takes part of one payment): read whole, paged here.
    const all = await ctx.store.refunds.forRequest(pr.id);
    const from = q.starting_after === undefined ? 0 : all.findIndex((r) => r.id === q.starting_after) + 1;
    const page = from === 0 && q.starting_after !== undefined ? [] : all.slice(from, from + q.limit);
    const hasMore = page.length > 0 && from + q.limit < all.length;
    res.json({
      object: 'list',
      data: page.map((r) => presentRefund(r)),
      has_more: hasMore,
      next_cursor: hasMore ? (page.at(-1)?.id ?? null) : null,
    });
  });

  return router;
}
