import { Router } from 'express';
import { ensureCarrierCanCharge } from '../connect/accounts.ts';
import type { AppContext } from '../context.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import type { PaymentRequest } from '../store/types.ts';
import { presentPaymentRequest } from './present.ts';
import { capturePaymentRequest } from './capture.ts';
import { captureBodySchema, createPaymentRequestSchema, idParamsSchema, listQuerySchema } from './schema.ts';
import {
  cancelPaymentRequest,
  createPaymentRequest,
  expireIfDue,
  getOwnPaymentRequest,
  listPaymentRequests,
} from './service.ts';

/** Merchant API for payment requests; mounted behind merchant authentication, idempotency and its rate limit. */
export function paymentRequestsRouter(ctx: AppContext): Router {
  const router = Router();
  const present = (pr: PaymentRequest) =>
    presentPaymentRequest(pr, { customer: true, publicUrl: ctx.config.publicUrl });

  router.post('/', async (req, res) => {
    const input = parse(createPaymentRequestSchema, req.body);
    const account = input.carrier?.stripe_account;
    if (account) await ensureCarrierCanCharge(ctx, currentMerchant(res).id, account);
    const pr = await createPaymentRequest(ctx.store, currentMerchant(res), input, ctx.now());
    res.status(201).location(`/v1/payment-requests/${pr.id}`).json(present(pr));
  });

  router.get('/', async (req, res) => {
    const q = parse(listQuerySchema, req.query, 'query');
    const page = await listPaymentRequests(ctx.store, currentMerchant(res), {
      status: q.status,
      reference: q.reference,
      createdGte: q.created_gte === undefined ? undefined : new Date(q.created_gte).toISOString(),
      createdLte: q.created_lte === undefined ? undefined : new Date(q.created_lte).toISOString(),
      limit: q.limit,
      startingAfter: q.starting_after,
    });
    const last = page.data.at(-1);
    res.json({
      object: 'list',
      data: page.data.map((pr) => present(pr)),
      has_more: page.hasMore,
      next_cursor: page.hasMore && last ? last.id : null,
    });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(idParamsSchema, req.params, 'path');
    const pr = await getOwnPaymentRequest(ctx.store, currentMerchant(res), id);
    res.json(present(await expireIfDue(ctx.store, pr, ctx.now(), ctx.stripe.client)));
  });

  router.post('/:id/cancel', async (req, res) => {
    const { id } = parse(idParamsSchema, req.params, 'path');
    const now = ctx.now();
    const pr = await expireIfDue(
      ctx.store,
      await getOwnPaymentRequest(ctx.store, currentMerchant(res), id),
      now,
      ctx.stripe.client,
    );
    const canceled = await cancelPaymentRequest(ctx.store, ctx.stripe.client, pr, now);
    ctx.wake.notifications();
    res.json(present(canceled));
  });

  router.post('/:id/capture', async (req, res) => {
    const { id } = parse(idParamsSchema, req.params, 'path');
    const { amount } = parse(captureBodySchema, req.body);
    const pr = await getOwnPaymentRequest(ctx.store, currentMerchant(res), id);
    const captured = await capturePaymentRequest(ctx.store, ctx.stripe.client, pr, amount, ctx.now());
    ctx.wake.notifications();
    res.json(present(captured));
  });

  return router;
}
