import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DIST } from './stack.ts';

/**
 * A merchant's website on its own origin (127.0.0.1, another port than CargoPay): it embeds
 * `<cargopay-checkout>` with the script tag the docs give (SRI `integrity` from `dist/widget/manifest.json`).
 * `GET /pay/<pr_id>?lang=es&mount=shadow` varies the page language and where the widget sits: `plain` in the
 * document, `shadow` inside another component's shadow root (`<shop-panel>`, defined by `/shop-panel.js`).
 * With `header` (a header line as a guide shows it, `Name: value`), every answer carries that header, e.g. the
 * integration guide's `Content-Security-Policy`; `GET /` is then a page with no widget, for probing the policy.
 * The pages hold no inline script, so a strict `script-src` needs nothing for the site itself.
 */
export interface MerchantSite {
  origin: string;
  payUrl(id: string, o?: { lang?: string; mount?: 'plain' | 'shadow' }): string;
  close(): Promise<void>;
}

/** The SRI hash of a built widget file; null while `dist/widget` is being rebuilt (the page then has no SRI). */
function integrityOf(name: string): string | null {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(DIST, 'widget', 'manifest.json'), 'utf8')) as unknown;
  } catch {
    return null;
  }
  const list: unknown = Array.isArray(manifest) ? manifest : (manifest as { files?: unknown }).files;
  const entry = (Array.isArray(list) ? list : []).find((f: { name?: string }) => f.name === name) as
    { integrity?: string } | undefined;
  return entry?.integrity ?? null;
}

const SHOP_PANEL = `customElements.define('shop-panel', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const box = document.createElement('section');
    box.setAttribute('aria-label', 'Checkout panel');
    const title = document.createElement('h2');
    title.textContent = 'Your shipment';
    const widget = document.createElement('cargopay-checkout');
    for (const name of ['payment-request', 'api-base']) widget.setAttribute(name, this.getAttribute(name));
    box.append(title, widget);
    root.append(box);
  }
});`;

export async function startMerchantSite(
  cargoPayUrl: string,
  o: { header?: string } = {},
): Promise<MerchantSite> {
  const colon = o.header?.indexOf(':') ?? -1;
  if (o.header !== undefined && colon < 1) throw new Error(`not a header line: ${o.header}`);
  const header = o.header
    ? { name: o.header.slice(0, colon), value: o.header.slice(colon + 1).trim() }
    : null;
  const server: Server = createServer((req, res) => {
    if (header) res.setHeader(header.name, header.value);
    const url = new URL(req.url ?? '/', 'http://merchant.local');
    if (url.pathname === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rhein Freight</title></head><body><h1>Rhein Freight</h1></body></html>',
        );
      return;
    }
    if (url.pathname === '/shop-panel.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(SHOP_PANEL);
      return;
    }
    const match = /^\/pay\/(pr_[0-9A-Za-z]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end('not found');
      return;
    }
    const id = match[1] as string;
    const lang = url.searchParams.get('lang') === 'es' ? 'es' : 'en';
    const shadow = url.searchParams.get('mount') === 'shadow';
    // Read per page: another build may have replaced the files since the site started.
    const integrity = integrityOf('cargopay.js');
    const sri = integrity ? ` integrity="${integrity}" crossorigin="anonymous"` : '';
    const attrs = `payment-request="${id}" api-base="${cargoPayUrl}"`;
    const widget = shadow
      ? `<shop-panel ${attrs}></shop-panel>`
      : `<cargopay-checkout ${attrs}></cargopay-checkout>`;
    const title = lang === 'es' ? 'Pagar el envío' : 'Pay for your shipment';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${title} · Rhein Freight</title>
<script src="${cargoPayUrl}/widget/cargopay.js"${sri}></script>
${shadow ? '<script src="/shop-panel.js"></script>' : ''}
<style>body{font:16px system-ui;margin:2rem;max-width:36rem}</style></head>
<body><header><a href="/">Rhein Freight</a></header><main><h1>${title}</h1>${widget}</main></body></html>`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    payUrl: (id, o = {}) =>
      `${origin}/pay/${id}?${new URLSearchParams({ lang: o.lang ?? 'en', mount: o.mount ?? 'plain' })}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
