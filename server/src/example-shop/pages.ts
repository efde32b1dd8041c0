import { esc } from '../pay-page/html.ts';

/** The shipment a quote is for, the same on the buyer's quote page and the carrier's send-link page. */
const SHIPMENT_FIELDS = `  <label>From <input name="from" required value="Rotterdam" autocomplete="off"></label>
  <label>To <input name="to" required value="Milano" autocomplete="off"></label>
  <label>Weight (kg) <input name="weight_kg" type="number" min="0.1" max="2000" step="0.1" value="42" required></label>
  <fieldset><legend>Service</legend>
    <label><input type="radio" name="service" value="standard" checked> Standard road freight (3–5 days)</label>
    <label><input type="radio" name="service" value="express"> Express (1–2 days)</label>
  </fieldset>`;

/** HTML of the example shop. Everything interpolated goes through `esc`; no inline scripts (strict CSP). */

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Northwind Freight (CargoPay example shop)</title>
<link rel="stylesheet" href="/example-shop/shop.css">
</head>
<body>
<header><strong>Northwind Freight</strong> <span class="tag">CargoPay example shop · sandbox</span></header>
<main>
${body}
</main>
<footer>An example merchant page for CargoPay. In sandbox mode no real money moves: pay with test card 4242 4242 4242 4242, any future date, any CVC; 4000 0027 6000 3184 asks for 3D Secure.</footer>
</body>
</html>`;

export function quotePage(errors: string[] = []): string {
  const list = errors.length
    ? `<ul class="errors" role="alert">${errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`
    : '';
  return layout(
    'Get a freight quote',
    `<h1>Get a freight quote</h1>
${list}
<form method="post" action="/example-shop/quote">
${SHIPMENT_FIELDS}
  <label>Your name <input name="name" required autocomplete="name" value="Ada Lovelace"></label>
  <label>Email <input name="email" type="email" required autocomplete="email" value="ada@example.com"></label>
  <button type="submit">Get quote and pay</button>
</form>
<p>Carrier staff? <a href="/example-shop/send-link">Send a customer a payment link</a> instead.</p>`,
  );
}

/**
 * The carrier's side: quote a shipment for a customer and get a payment link (the request's `url`, CargoPay's
 * hosted page) to send them, instead of the buyer paying on this site.
 */
export function sendLinkPage(errors: string[] = []): string {
  const list = errors.length
    ? `<ul class="errors" role="alert">${errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`
    : '';
  return layout(
    'Send a payment link',
    `<h1>Send a payment link</h1>
<p>Quote the shipment; the customer pays on CargoPay's payment page, in their own language, from any device.</p>
${list}
<form method="post" action="/example-shop/send-link">
${SHIPMENT_FIELDS}
  <label>Customer's name <input name="name" required autocomplete="off" value="Ada Lovelace"></label>
  <label>Customer's email <input name="email" type="email" required autocomplete="off" value="ada@example.com"></label>
  <label class="check"><input type="checkbox" name="receipt_email" value="on" checked> Stripe e-mails the customer a receipt</label>
  <button type="submit">Create payment link</button>
</form>
<p><a href="/example-shop/">Back to the shop</a></p>`,
  );
}

/** The link, ready to copy or to send by e-mail (a `mailto:` with subject and text filled in). */
export function linkPage(o: {
  url: string;
  reference: string;
  route: string;
  amount: string;
  email: string;
  name: string;
}): string {
  const subject = `Payment link for shipment ${o.reference}`;
  const text = `Hello ${o.name},\n\nplease pay ${o.amount} for shipment ${o.reference} (${o.route}) here:\n${o.url}\n\nNorthwind Freight`;
  const mailto = `mailto:${encodeURIComponent(o.email).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}`;
  return layout(
    `Payment link for ${o.reference}`,
    `<h1>Payment link for shipment ${esc(o.reference)}</h1>
<p>${esc(o.route)}: <strong>${esc(o.amount)}</strong>, for ${esc(o.name)}.</p>
<label>Payment link <input id="pay-link" readonly value="${esc(o.url)}"></label>
<p class="actions">
  <button type="button" data-copy="pay-link">Copy link</button>
  <a class="button" href="${esc(mailto)}">Email the link</a>
  <a href="${esc(o.url)}">Open the payment page</a>
</p>
<p class="copied" role="status" aria-live="polite"></p>
<script src="/example-shop/copy-link.js"></script>
<p><a href="/example-shop/send-link">Another payment link</a></p>`,
  );
}

/** The copy button's script: a file, as the pages' CSP allows no inline script. Without it the field stays selectable. */
export const COPY_LINK_JS = `document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!button) return;
  const field = document.getElementById(button.getAttribute('data-copy') || '');
  const status = document.querySelector('.copied');
  if (!field) return;
  const done = (text) => { if (status) status.textContent = text; };
  navigator.clipboard.writeText(field.value).then(
    () => done('Link copied.'),
    () => { field.select(); done('Press Ctrl+C (or ⌘C) to copy the selected link.'); },
  );
});
`;

export function payPage(o: {
  id: string;
  reference: string;
  route: string;
  amount: string;
  widgetSrc: string;
  integrity: string | null;
}): string {
  const integrity = o.integrity ? ` integrity="${esc(o.integrity)}" crossorigin="anonymous"` : '';
  return layout(
    `Pay for ${o.reference}`,
    `<h1>Pay for shipment ${esc(o.reference)}</h1>
<p>${esc(o.route)}: <strong>${esc(o.amount)}</strong>. The price was fixed by our server; the checkout below cannot change it.</p>
<script src="${esc(o.widgetSrc)}"${integrity}></script>
<cargopay-checkout payment-request="${esc(o.id)}" collect-vat="optional"></cargopay-checkout>
<p><a href="/example-shop/">New quote</a></p>`,
  );
}

export const SHOP_CSS = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header,footer{padding:1rem 1.5rem;background:#0b3d5c;color:#fff}
footer{background:#e9edf1;color:#333;font-size:.875rem;margin-top:2rem}
.tag{font-size:.8rem;background:#ffd34d;color:#222;padding:.1rem .4rem;border-radius:.25rem;margin-left:.5rem}
main{max-width:40rem;margin:0 auto;padding:1.5rem}
form{display:grid;gap:.75rem}
label{display:grid;gap:.25rem}
fieldset{border:1px solid #c9d1d9;border-radius:.375rem}
fieldset label{display:flex;gap:.5rem;align-items:center}
input{font:inherit;padding:.5rem;border:1px solid #8c959f;border-radius:.375rem}
button,.button{font:inherit;padding:.6rem 1rem;background:#0b3d5c;color:#fff;border:0;border-radius:.375rem;cursor:pointer;text-decoration:none;display:inline-block}
.check{display:flex;gap:.5rem;align-items:center}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
#pay-link{width:100%}
.errors{color:#a40e26}
`;
