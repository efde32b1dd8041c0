/**
 * The Content-Security-Policy a merchant page needs around `<cargopay-checkout>`, in live mode and in sandbox
 * mode, written once. Three readers use it, so that none of them can drift from the others:
 * - the integration guide (both locales) renders `contentSecurityPolicy.live` and `.sandbox` side by side;
 * - `npm run test:site` (`site/checks/snippets.ts`) finds each rendered snippet equal to one of them and
 *   compares its directives with the page policy the server itself sends in that mode;
 * - `e2e/strict-csp.test.ts` finds the built guide showing exactly these lines, sends them as a merchant page's
 *   header with only the example origins replaced by its own server's and sandbox's, and pays through it.
 */

/** Live mode: real Stripe. Sandbox mode: the offline sandbox stands in for Stripe (no Stripe keys set). */
export type CspMode = 'live' | 'sandbox';

/**
 * Stripe's hosts for Stripe.js and the Payment Element, by directive, as Stripe's integration security guide
 * lists them in its "Content Security Policy" section (https://docs.stripe.com/security/guide#content-security-policy):
 * the script and its subdomains, its iframes, the 3D Secure and redirect frames (`hooks.stripe.com`), its API,
 * and its images. Only what Stripe.js and its Payment Element need, the only Stripe products the widget uses:
 * the policy allows what the widget needs and nothing more.
 */
export const STRIPE_LIVE_SOURCES = {
  'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com'],
  'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  'connect-src': ['https://api.stripe.com'],
  'img-src': ['https://*.stripe.com'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Where the sandbox's origin goes in sandbox mode, and why: its Stripe.js stand-in is a script on that origin
 * (`script-src`), its Payment Element and 3D Secure page are iframes on it (`frame-src`), and the stand-in
 * calls its `/v1` API from the merchant page, as Stripe.js calls `api.stripe.com` (`connect-src`).
 */
export const SANDBOX_DIRECTIVES = ['script-src', 'frame-src', 'connect-src'] as const;

/** The origins a policy names: the CargoPay server (widget script and checkout API) and, in sandbox mode, the sandbox. */
export interface CspOrigins {
  cargopay: string;
  /** Required in sandbox mode: the `Stripe sandbox` address the server prints at start. */
  sandbox?: string;
}

/** A policy as ordered directives, each a name and its sources. */
export type CspDirectives = [directive: string, sources: string[]][];

/**
 * The directives a merchant page needs for the widget in `mode`. The sandbox policy is the live one with the
 * sandbox's origin added to `SANDBOX_DIRECTIVES`, so that going live means removing one origin, nothing else.
 */
export function widgetCspDirectives(mode: CspMode, origins: CspOrigins): CspDirectives {
  if (mode === 'sandbox' && !origins.sandbox) throw new Error('sandbox mode needs the sandbox origin');
  const s = STRIPE_LIVE_SOURCES;
  const directives: CspDirectives = [
    ['script-src', ["'self'", origins.cargopay, ...s['script-src']]],
    ['frame-src', [...s['frame-src']]],
    ['connect-src', ["'self'", origins.cargopay, ...s['connect-src']]],
    ['img-src', ["'self'", ...s['img-src']]],
  ];
  if (mode === 'live' || !origins.sandbox) return directives;
  const sandbox = origins.sandbox;
  return directives.map(([name, sources]) => [
    name,
    (SANDBOX_DIRECTIVES as readonly string[]).includes(name) ? [...sources, sandbox] : sources,
  ]);
}

/** One header line (a header value cannot span lines): `Content-Security-Policy: a x y; b z`. */
export function cspHeader(directives: CspDirectives): string {
  return `Content-Security-Policy: ${cspValue(directives)}`;
}

/** The header's value alone, as a server sets it. */
export function cspValue(directives: CspDirectives): string {
  return directives.map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/**
 * The origins the guide shows in sandbox mode: a development CargoPay server as `npm start` prints it, and the
 * sandbox `npm run sandbox` starts on its fixed port 12111 (the in-process sandbox's port is chosen at each
 * start unless `SANDBOX_PORT` fixes it).
 */
export const documentedSandboxOrigins = {
  cargopay: 'http://localhost:8080',
  sandbox: 'http://127.0.0.1:12111',
} as const satisfies Required<CspOrigins>;
