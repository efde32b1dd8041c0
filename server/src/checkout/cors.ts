import type { RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { paymentRequestIdSchema } from '../payment-requests/schema.ts';
import type { Merchant, PaymentRequest } from '../store/types.ts';

/**
 * CORS for the public checkout endpoints, per merchant: a browser request is answered with
 * `Access-Control-Allow-Origin` only when its `Origin` is one of the merchant's allowed origins; any other
 * origin gets `403 origin-not-allowed` without CORS headers, so the page cannot read anything. Requests with
 * no `Origin` (server-side, same-origin GET) pass. Preflights are answered here too.
 * Loads the request and merchant into `res.locals` for the handlers.
 */
export function checkoutCors(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const origin = req.get('origin');
    res.setHeader('Vary', 'Origin');
    const parsed = paymentRequestIdSchema.safeParse(req.params.id);
    const pr = parsed.success ? await ctx.store.paymentRequests.get(parsed.data) : null;
    const merchant = pr ? await ctx.store.merchants.get(pr.merchantId) : null;
    if (origin !== undefined) {
      if (!pr || !merchant) {
        // Nothing to protect for an unknown id; let the widget read the 404 or validation problem.
        res.setHeader('Access-Control-Allow-Origin', origin);
      } else if (merchant.allowedOrigins.includes(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
      } else {
        throw new ProblemError('origin-not-allowed', {
          detail: `Add ${origin} to the merchant's allowed origins.`,
        });
      }
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    res.locals.paymentRequest = pr;
    res.locals.checkoutMerchant = merchant;
    next();
  };
}

export function checkoutTarget(res: { locals: Record<string, unknown> }): {
  pr: PaymentRequest;
  merchant: Merchant;
} {
  const pr = res.locals.paymentRequest as PaymentRequest | null;
  const merchant = res.locals.checkoutMerchant as Merchant | null;
  if (!pr || !merchant) throw new ProblemError('payment-request-not-found');
  return { pr, merchant };
}
