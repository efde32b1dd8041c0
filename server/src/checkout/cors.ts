import type { RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { originsAddCommand } from '../merchants/cli-usage.ts';
import { paymentRequestIdSchema } from '../payment-requests/schema.ts';
import type { Merchant, PaymentRequest } from '../store/types.ts';

/**
 * Whether the call comes from CargoPay's own hosted payment page for this very request (`/pay/:id`, see
 * `pay-page/`): its origin is this server's public origin and its `Referer` (sent in full to the same origin
 * under the pages' `strict-origin-when-cross-origin` policy) is that page. Only that page: another page of
 * this origin (the docs, the example shop) needs the merchant's allowed origins like any other, and another
 * request's pay page may not use this one.
 */
function fromOwnPayPage(publicUrl: string, origin: string, referer: string | undefined, id: string): boolean {
  const own = new URL(publicUrl);
  if (origin !== own.origin || referer === undefined) return false;
  let from: URL;
  try {
    from = new URL(referer);
  } catch {
    return false;
  }
  return from.origin === own.origin && from.pathname === `${own.pathname.replace(/\/$/, '')}/pay/${id}`;
}

/**
 * CORS for the public checkout endpoints, per merchant: a browser request is answered with
 * `Access-Control-Allow-Origin` only when its `Origin` is one of the merchant's allowed origins, or when it
 * comes from CargoPay's own payment page for that request (`fromOwnPayPage`); any other origin gets
 * `403 origin-not-allowed` without CORS headers, so the page cannot read anything. Requests with no `Origin`
 * (server-side, same-origin GET) pass. Preflights are answered here too.
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
      } else if (
        merchant.allowedOrigins.includes(origin) ||
        fromOwnPayPage(ctx.config.publicUrl, origin, req.get('referer'), pr.id)
      ) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
      } else {
        throw new ProblemError('origin-not-allowed', {
          detail: `Add ${origin} to the merchant's allowed origins: ${originsAddCommand(merchant.id, origin)}`,
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
