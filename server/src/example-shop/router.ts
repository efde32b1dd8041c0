import { Router, type Request, type Response } from 'express';
import { formBody } from '../http/body.ts';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { textErrors } from '../http/text-guard.ts';
import { widgetIntegrity } from '../pay-page/widget-script.ts';
import { paymentRequestIdSchema } from '../payment-requests/schema.ts';
import { payPageUrl } from '../payment-requests/present.ts';
import { createPaymentRequest } from '../payment-requests/service.ts';
import type { PaymentRequest } from '../store/types.ts';
import { COPY_LINK_JS, linkPage, payPage, quotePage, sendLinkPage, SHOP_CSS } from './pages.ts';
import { priceCents, quoteFormSchema } from './quote.ts';

/**
 * `/example-shop/`: a freight forwarder's page. The buyer asks for a quote; the shop's server prices it,
 * creates a payment request for its merchant account, and shows `<cargopay-checkout>` for that request. Or the
 * carrier quotes a shipment for a customer (`/send-link`) and gets the request's payment link to copy or e-mail.
 */
export function exampleShopRouter(ctx: AppContext, merchantId: string): Router {
  const router = Router();
  const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });

  router.get('/shop.css', (_req, res) => {
    res.type('text/css').send(SHOP_CSS);
  });
  router.get('/', (_req, res) => {
    res.type('html').send(quotePage());
  });
  /**
   * Prices the posted quote and creates its payment request; on a bad form, answers the form again with the
   * problems (`page`) and returns null.
   */
  const quoted = async (
    req: Request,
    res: Response,
    page: (errors: string[]) => string,
    receiptEmail: boolean,
  ): Promise<PaymentRequest | null> => {
    // The same text rules as every API field (no control characters), then the form's own.
    const broken = textErrors(req.body);
    const parsed = quoteFormSchema.safeParse(req.body);
    if (broken.length > 0 || !parsed.success) {
      const issues = parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      res
        .status(broken.length > 0 ? 400 : 422)
        .type('html')
        .send(page([...broken.map((e) => `${e.path}: ${e.message}`), ...issues]));
      return null;
    }
    const merchant = await ctx.store.merchants.get(merchantId);
    if (!merchant)
      throw new ProblemError('internal-error', { detail: 'The example shop has no merchant account.' });
    const form = parsed.data;
    const reference = `NWF-${Date.now().toString(36).toUpperCase()}`;
    return createPaymentRequest(
      ctx.store,
      merchant,
      {
        amount: priceCents(form),
        currency: 'eur',
        reference,
        description: `${form.service === 'express' ? 'Express' : 'Standard'} freight ${form.from} → ${form.to}, ${form.weight_kg} kg`,
        customer: { email: form.email, name: form.name },
        carrier: { name: 'Northwind Freight' },
        expires_at: new Date(ctx.now().getTime() + 86_400_000).toISOString(),
        metadata: { source: 'example-shop' },
        capture: 'automatic',
        receipt_email: receiptEmail,
      },
      ctx.now(),
    );
  };
  /** The shop's own request for `id`, or 404 (another merchant's answers like an unknown one). */
  const ownRequest = async (id: unknown): Promise<PaymentRequest> => {
    // Only an id of the right shape reaches the store: PostgreSQL refuses some bytes (NUL) that SQLite takes.
    if (!paymentRequestIdSchema.safeParse(id).success) throw new ProblemError('payment-request-not-found');
    const pr = await ctx.store.paymentRequests.get(id as string);
    if (!pr || pr.merchantId !== merchantId) throw new ProblemError('payment-request-not-found');
    return pr;
  };

  router.post('/quote', formBody(4 * 1024), async (req, res) => {
    const pr = await quoted(req, res, quotePage, false);
    if (pr) res.redirect(303, `/example-shop/pay/${pr.id}`);
  });
  router.get('/send-link', (_req, res) => {
    res.type('html').send(sendLinkPage());
  });
  router.post('/send-link', formBody(4 * 1024), async (req, res) => {
    // The checkbox is sent only when ticked; a body that is no form at all asks for nothing.
    const receipt = (req.body as Record<string, unknown> | undefined)?.receipt_email === 'on';
    const pr = await quoted(req, res, sendLinkPage, receipt);
    if (pr) res.redirect(303, `/example-shop/link/${pr.id}`);
  });
  router.get('/copy-link.js', (_req, res) => {
    res.type('text/javascript').send(COPY_LINK_JS);
  });
  router.get('/link/:id', async (req, res) => {
    const pr = await ownRequest(req.params.id);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      linkPage({
        url: payPageUrl(ctx.config.publicUrl, pr.id),
        reference: pr.reference,
        route: pr.description,
        amount: euro.format(pr.amount / 100),
        email: pr.customer.email,
        name: pr.customer.name,
      }),
    );
  });
  router.get('/pay/:id', async (req, res) => {
    const pr = await ownRequest(req.params.id);
    res.type('html').send(
      payPage({
        id: pr.id,
        reference: pr.reference,
        route: pr.description,
        amount: euro.format(pr.amount / 100),
        widgetSrc: '/widget/cargopay.js',
        integrity: widgetIntegrity(ctx.config.distDir),
      }),
    );
  });
  return router;
}
