import type { PaymentRequestStatus } from '../checkout/contract.ts';
import { esc } from './html.ts';
import { MESSAGES, PAGE_LOCALES, say, type PageLocale, type PageMessages } from './messages.ts';

/**
 * The hosted payment page's HTML. No inline script and no inline style (the pages' CSP allows neither without
 * need): the widget comes from CargoPay's own `/widget/` bundle and the look from `/pay/pay.css`. Every
 * merchant-provided text (merchant name, reference, description, carrier) goes through `esc`.
 */

export interface PayPageView {
  locale: PageLocale;
  /** The server's public URL (`PUBLIC_URL`): base of the widget script, its API and the stylesheet. */
  publicUrl: string;
  id: string;
  status: PaymentRequestStatus;
  merchant: string;
  reference: string;
  description: string;
  carrier: string | null;
  amount: number;
  currency: string;
  /** Subresource Integrity of the built widget script, when the build wrote one. */
  widgetIntegrity: string | null;
}

/** What the page shows instead of the form, by status; `null`: the widget (open, or a payment in progress). */
function stateMessage(v: PayPageView, m: PageMessages): string | null {
  const merchant = v.merchant;
  switch (v.status) {
    case 'open':
    case 'processing':
      return null;
    case 'authorized':
      return say(m, 'authorized', { merchant });
    case 'canceled':
      return `${say(m, 'canceled')} ${say(m, 'askMerchant')}`;
    case 'expired':
      return `${say(m, 'expired')} ${say(m, 'askMerchant')}`;
    default:
      // paid, and what follows a payment (refunds, disputes): settled between the buyer and the merchant.
      return say(m, 'paid');
  }
}

/** Minor units as the buyer's language writes the currency (`12 500` EUR: `€125.00`, `125,00 €`). */
export function formatAmount(amount: number, currency: string, locale: PageLocale): string {
  const code = currency.toUpperCase();
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(amount / 10 ** digits);
}

export function payPage(v: PayPageView): string {
  const m = MESSAGES[v.locale];
  const state = stateMessage(v, m);
  const row = (label: string, value: string, cls = '') =>
    `<div><dt>${esc(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${value}</dd></div>`;
  const integrity = v.widgetIntegrity ? ` integrity="${esc(v.widgetIntegrity)}" crossorigin="anonymous"` : '';
  const action = state
    ? `<p class="state" role="status" data-status="${esc(v.status)}">${state}</p>`
    : `<script src="${esc(v.publicUrl)}/widget/cargopay.js"${integrity}></script>
<cargopay-checkout payment-request="${esc(v.id)}" api-base="${esc(v.publicUrl)}" locale="${v.locale}"></cargopay-checkout>
<p class="note">${say(m, 'secure', { merchant: v.merchant })}</p>`;
  return layout(
    v,
    say(m, 'title', { reference: v.reference }),
    `<p class="payee">${esc(m.payTo)} <strong>${esc(v.merchant)}</strong></p>
<h1>${say(m, 'title', { reference: v.reference })}</h1>
<dl class="shipment">
${row(m.shipment, esc(v.reference))}
${row(m.details, esc(v.description))}
${v.carrier === null ? '' : row(m.carrier, esc(v.carrier))}
${row(m.amount, esc(formatAmount(v.amount, v.currency, v.locale)), 'amount')}
</dl>
${action}`,
  );
}

/** The page for an unknown or malformed id: the same for both, naming nothing that was asked for. */
export function notFoundPage(v: Pick<PayPageView, 'locale' | 'publicUrl'>): string {
  const m = MESSAGES[v.locale];
  return layout(
    v,
    esc(m.notFoundTitle),
    `<h1>${esc(m.notFoundTitle)}</h1>
<p class="state" role="status">${say(m, 'notFound')}</p>`,
  );
}

/** The page around `main`; `titleHtml` is HTML already (escaped). */
function layout(v: Pick<PayPageView, 'locale' | 'publicUrl'>, titleHtml: string, main: string): string {
  const m = MESSAGES[v.locale];
  const languages = PAGE_LOCALES.map((tag) => {
    const current = tag === v.locale ? ' aria-current="true"' : '';
    return `<li><a href="?lang=${tag}" lang="${tag}" hreflang="${tag}"${current}>${esc(MESSAGES[tag].name)}</a></li>`;
  }).join('');
  return `<!doctype html>
<html lang="${v.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${titleHtml} · CargoPay</title>
<link rel="stylesheet" href="${esc(v.publicUrl)}/pay/pay.css">
</head>
<body>
<header class="top"><span class="brand">CargoPay</span></header>
<main>
${main}
</main>
<footer>
<nav aria-label="${esc(m.language)}"><h2>${esc(m.language)}</h2><ul class="langs">${languages}</ul></nav>
<p>${esc(m.poweredBy)}</p>
</footer>
</body>
</html>`;
}

/**
 * Phone first: one column, 16 px+ text (no zoom on focus), targets of at least 44 × 44 px, nothing wider than the
 * screen. The page lists the shipment itself (also when there is no form), so the widget's own list is hidden
 * through its documented `summary` part rather than shown twice.
 */
export const PAY_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9;overflow-wrap:anywhere}
.top{padding:.75rem 1rem;background:#0b3d5c;color:#fff}
.brand{font-weight:700;letter-spacing:.02em}
main{max-width:36rem;margin:0 auto;padding:1rem}
.payee{margin:0;color:#57606a}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1rem;margin:0 0 .5rem}
.shipment{display:grid;grid-template-columns:auto 1fr;gap:.5rem .75rem;margin:0 0 1.25rem;padding:1rem;background:#fff;border:1px solid #d0d7de;border-radius:.5rem}
.shipment div{display:contents}
.shipment dt{color:#57606a}
.shipment dd{margin:0;min-width:0}
.amount{font-size:1.25rem;font-weight:700}
cargopay-checkout{display:block;max-width:100%}
cargopay-checkout::part(summary){display:none}
.state{margin:0;padding:1rem;background:#fff;border:1px solid #d0d7de;border-left:.375rem solid #0b3d5c;border-radius:.5rem;font-size:1.125rem}
.note{font-size:.875rem;color:#57606a}
footer{max-width:36rem;margin:1rem auto 0;padding:1rem;font-size:.9375rem;color:#57606a;border-top:1px solid #d0d7de}
.langs{display:flex;flex-wrap:wrap;gap:.375rem;list-style:none;margin:0;padding:0}
.langs a{display:inline-flex;align-items:center;justify-content:center;min-height:44px;min-width:44px;padding:0 .75rem;border:1px solid #8c959f;border-radius:.375rem;color:#0b3d5c}
.langs a[aria-current]{background:#0b3d5c;border-color:#0b3d5c;color:#fff;text-decoration:none;font-weight:600}
a:focus-visible{outline:3px solid #ffb000;outline-offset:2px}
`;
