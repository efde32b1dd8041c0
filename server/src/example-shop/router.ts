import { Router } from 'express';
import { formBody } from '../http/body.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { textErrors } from '../http/text-guard.ts';
import { paymentRequestIdSchema } from '../payment-requests/schema.ts';
import { createPaymentRequest } from '../payment-requests/service.ts';
import { payPage, quotePage, SHOP_CSS } from './pages.ts';
import { priceCents, quoteFormSchema } from './quote.ts';

/** SRI hash of the built classic widget script, from `dist/widget/manifest.json`, when present. */
function widgetIntegrity(distDir: string): string | null {
  const file = join(distDir, 'widget', 'manifest.json');
  if (!existsSync(file)) return null;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const entries = Array.isArray(manifest)
      ? manifest
      : ((manifest as { files?: unknown }).files ?? manifest);
    const list = Array.isArray(entries)
      ? entries
      : Object.entries(entries as object).map(([name, v]) => ({ name, ...(v as object) }));
    const entry = (list as { name?: string; file?: string; integrity?: string; sri?: string }[]).find(
      (f) => (f.name ?? f.file) === 'cargopay.js',
    );
    return entry?.integrity ?? entry?.sri ?? null;
  } catch {
    return null;
  }
}

/**
 * `/example-shop/`: a freight forwarder's page. The buyer asks for a quote; the shop's server prices it,
 * creates a payment request for its merchant account, and shows `<cargopay-checkout>` for that request.
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
  router.post('/quote', formBody(4 * 1024), async (req, res) => {
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
        .send(quotePage([...broken.map((e) => `${e.path}: ${e.message}`), ...issues]));
      return;
    }
    const merchant = await ctx.store.merchants.get(merchantId);
    if (!merchant)
      throw new ProblemError('internal-error', { detail: 'The example shop has no merchant account.' });
    const form = parsed.data;
    const reference = `NWF-${Date.now().toString(36).toUpperCase()}`;
    const pr = await createPaymentRequest(
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
      },
      ctx.now(),
    );
    res.redirect(303, `/example-shop/pay/${pr.id}`);
  });
  router.get('/pay/:id', async (req, res) => {
    // Only an id of the right shape reaches the store: PostgreSQL refuses some bytes (NUL) that SQLite takes.
    if (!paymentRequestIdSchema.safeParse(req.params.id).success) {
      throw new ProblemError('payment-request-not-found');
    }
    const pr = await ctx.store.paymentRequests.get(req.params.id);
    if (!pr || pr.merchantId !== merchantId) throw new ProblemError('payment-request-not-found');
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
