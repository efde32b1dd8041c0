import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { clientErrorSlug } from '../http/client-errors.ts';
import { paymentRequestIdSchema } from '../payment-requests/schema.ts';
import { expireIfDue } from '../payment-requests/service.ts';
import { pageLanguage } from './language.ts';
import { notFoundPage, PAY_CSS, payPage } from './page.ts';
import { payPageQuerySchema } from './schema.ts';
import { widgetIntegrity } from './widget-script.ts';

/**
 * `/pay/:id`: the hosted payment page a merchant links to (the request's `url`). Public like the checkout API:
 * the request id is the capability. It shows the merchant, the shipment and the amount in the buyer's language,
 * and the widget while the request is payable; its state once it is paid, canceled or expired. Any other path
 * under `/pay`, and an unknown or malformed id, get one 404 page that names nothing.
 */
export function payPageRouter(ctx: AppContext): Router {
  const router = Router();
  const { publicUrl } = ctx.config;
  // Read once found: a build does not change under a running server (until then, looked for on each view).
  let integrity: string | null = null;

  const answer = (req: Request, res: Response) => {
    // A `lang` that is not one of the eight (or given twice) is no choice: the browser's languages decide.
    const picked = payPageQuerySchema.safeParse(req.query).data?.lang;
    const locale = pageLanguage(picked, req.get('accept-language'));
    // The page changes with the request's state and the buyer's language: never from a cache.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Content-Language', locale);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    return locale;
  };
  const notFound = (req: Request, res: Response) => {
    const locale = answer(req, res);
    res.status(404).type('html').send(notFoundPage({ locale, publicUrl }));
  };

  router.get('/pay.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('text/css').send(PAY_CSS);
  });
  router.get('/:id', async (req, res) => {
    // Only an id of the right shape reaches the store: PostgreSQL refuses some bytes (NUL) that SQLite takes.
    const id = paymentRequestIdSchema.safeParse(req.params.id);
    const stored = id.success ? await ctx.store.paymentRequests.get(id.data) : null;
    const merchant = stored ? await ctx.store.merchants.get(stored.merchantId) : null;
    if (!stored || !merchant) return notFound(req, res);
    const pr = await expireIfDue(ctx.store, stored, ctx.now(), ctx.stripe.client);
    if (pr.status !== stored.status) ctx.wake.notifications();
    const locale = answer(req, res);
    res.type('html').send(
      payPage({
        locale,
        publicUrl,
        id: pr.id,
        status: pr.status,
        merchant: merchant.name,
        reference: pr.reference,
        description: pr.description,
        carrier: pr.carrier?.name ?? null,
        amount: pr.amount,
        currency: pr.currency,
        widgetIntegrity: (integrity ??= widgetIntegrity(ctx.config.distDir)),
      }),
    );
  });
  router.use(notFound);
  // A malformed percent-encoding in the id is a malformed id too: the same page, not the API's problem+json.
  const malformedPath: ErrorRequestHandler = (error, req, res, next) => {
    if (clientErrorSlug(error) === 'malformed-path') notFound(req, res);
    else next(error);
  };
  router.use(malformedPath);
  return router;
}
