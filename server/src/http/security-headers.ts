import helmet from 'helmet';
import type { RequestHandler } from 'express';
import { permissionsPolicy } from './permissions-policy.ts';

/**
 * Security headers. Two policies, both written down here exactly:
 *
 * JSON API (`/v1/…`, ops endpoints): `Content-Security-Policy: default-src 'none'; frame-ancestors 'none';
 * base-uri 'none'; form-action 'none'`: an API answer is never a document.
 *
 * Pages this server serves (docs site at `/`, widget files at `/widget/`, example shop at `/example-shop/`,
 * the hosted payment page at `/pay/`, whose script-src carries no hashes: it has no inline script at all):
 * ```
 * default-src 'self';
 * script-src 'self' https://js.stripe.com https://*.js.stripe.com <sandbox> <sha256 of each inline script of the built site>;
 * frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com <sandbox>;
 * connect-src 'self' https://api.stripe.com <sandbox>;
 * img-src 'self' data: https://*.stripe.com;
 * style-src 'self' 'unsafe-inline';
 * font-src 'self';
 * object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self';
 * upgrade-insecure-requests            (only when the public URL is https)
 * ```
 * `<sandbox>` is the offline sandbox's origin, present only in sandbox mode. Inline styles are allowed because
 * the static site inlines small stylesheets; scripts are never allowed inline except by hash. Pages also carry
 * the `Permissions-Policy` of `permissions-policy.ts` (every powerful feature off; `payment` only for this
 * origin and Stripe's, for wallets in the Payment Element).
 * HSTS (one year, subdomains; `preload` in production) is sent when the public URL is https.
 *
 * `Cross-Origin-Resource-Policy: same-origin` everywhere, except what another origin must read: the widget
 * files (`/widget/…`, loaded by merchants' pages) and the checkout API (`/v1/checkout/…`, called by the
 * widget from the merchant's page), which `crossOriginReadable()` marks `cross-origin`.
 */
export interface PagePolicyOptions {
  sandboxOrigin: string | null;
  inlineScriptHashes: string[];
  https: boolean;
  hstsPreload: boolean;
}

export function pageDirectives(o: PagePolicyOptions): Record<string, string[]> {
  const sandbox = o.sandboxOrigin ? [o.sandboxOrigin] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      'https://js.stripe.com',
      'https://*.js.stripe.com',
      ...sandbox,
      ...o.inlineScriptHashes.map((h) => `'${h}'`),
    ],
    'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com', ...sandbox],
    'connect-src': ["'self'", 'https://api.stripe.com', ...sandbox],
    'img-src': ["'self'", 'data:', 'https://*.stripe.com'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
  };
  if (o.https) directives['upgrade-insecure-requests'] = [];
  return directives;
}

function hsts(https: boolean, preload: boolean) {
  return https ? { maxAge: 31_536_000, includeSubDomains: true, preload } : false;
}

export function pageHeaders(o: PagePolicyOptions): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: pageDirectives(o) },
    strictTransportSecurity: hsts(o.https, o.hstsPreload),
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  const permissions = permissionsPolicy(o.sandboxOrigin);
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', permissions);
    headers(req, res, next);
  };
}

/** Marks what it guards readable by other origins (`Cross-Origin-Resource-Policy: cross-origin`). */
export function crossOriginReadable(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };
}

export function apiHeaders(https: boolean, hstsPreload: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
      },
    },
    strictTransportSecurity: hsts(https, hstsPreload),
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
