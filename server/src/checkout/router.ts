import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { parse } from '../http/validate.ts';
import { beforePaymentIntent } from '../risk/checkout.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import { expireIfDue } from '../payment-requests/service.ts';
import { checkVatForRequest } from '../vat/service.ts';
import type { CheckoutSummary } from '../contract/http.ts';
import { checkoutCors, checkoutTarget } from './cors.ts';
import { ensurePaymentIntent, refusalFor, vatRefusal } from './intent.ts';
import { intentRequestSchema, vatCheckRequestSchema } from './schema.ts';

/**
 * The widget's public endpoints (no credentials: a payment request id is the capability, CORS limits which
 * pages may use it). Mounted at `/v1/checkout`. `after` (rate limit, body parsing, idempotency) runs after
 * CORS, so that the widget can read those refusals too.
 */
export function checkoutRouter(ctx: AppContext, after: RequestHandler[]): Router {
  const router = Router();
  router.use('/:id', checkoutCors(ctx), ...after);

  router.get('/:id', async (req, res) => {
    parse(idParamsSchema, req.params, 'path');
    const { merchant, pr: stored } = checkoutTarget(res);
    const pr = await expireIfDue(ctx.store, stored, ctx.now(), ctx.stripe.client);
    const summary: CheckoutSummary = {
      id: pr.id,
      status: pr.status,
      reference: pr.reference,
      description: pr.description,
      carrier: pr.carrier?.name ?? null,
      amount: pr.amount,
      currency: pr.currency,
      merchant: { name: merchant.name },
      publishable_key: ctx.stripe.publishableKey,
      stripe_js_url: ctx.stripe.stripeJsUrl,
      vat_unavailable_allows_payment: merchant.vatUnavailableAllowsPayment,
      expires_at: pr.expiresAt,
      capture: pr.captureMethod,
      // The stated maximum is not stored yet (the capture-deadline work adds it); until then, none is shown.
      max_final_amount: null,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(summary);
  });

  router.post('/:id/intent', async (req, res) => {
    parse(idParamsSchema, req.params, 'path');
    const { merchant, pr: stored } = checkoutTarget(res);
    const signals = parse(intentRequestSchema, req.body);
    const pr = await expireIfDue(ctx.store, stored, ctx.now(), ctx.stripe.client);
    const refusal = refusalFor(pr) ?? vatRefusal(pr, merchant);
    if (refusal) throw refusal;
    // Carrier account and fraud rules; a block answers 403 blocked-by-risk before any PaymentIntent exists.
    await beforePaymentIntent(ctx, req, pr, signals.device_id);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await ensurePaymentIntent(ctx, pr));
  });

  router.post('/:id/vat', async (req, res) => {
    parse(idParamsSchema, req.params, 'path');
    const { pr: stored } = checkoutTarget(res);
    const { vat_number } = parse(vatCheckRequestSchema, req.body);
    const pr = await expireIfDue(ctx.store, stored, ctx.now(), ctx.stripe.client);
    const refusal = refusalFor(pr);
    if (refusal) throw refusal;
    res.json(await checkVatForRequest(ctx, pr, vat_number));
  });

  return router;
}
