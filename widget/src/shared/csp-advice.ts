/**
 * What to add to a page's Content-Security-Policy so that the widget works: every directive of the policy
 * that lacks an origin the widget needs, not only the one whose violation came first (a blocked Stripe.js
 * never gets as far as the Payment Element's frame or Stripe's API). Runs only in the lazily loaded warning
 * texts, for the `csp-blocked` warning.
 */

/** Needs, by directive: the CargoPay API for `connect-src`; Stripe.js (or the sandbox) for all three. */
function needs(api: string | undefined, stripe: string | undefined): [string, string[]][] {
  const js = ['https://js.stripe.com', 'https://*.js.stripe.com'];
  const of = (real: string[]) => (stripe === undefined ? [] : stripe ? [stripe] : real);
  return [
    ['script-src', of(js)],
    ['frame-src', of([...js, 'https://hooks.stripe.com'])],
    ['connect-src', [...(api ? [api] : []), ...of(['https://api.stripe.com'])]],
  ];
}

/** Whether CSP source expression `source` lets the page (`page`, an origin) reach `wanted` (an origin). */
function allows(source: string, wanted: string, page: string): boolean {
  const s = source.toLowerCase().replace(/\/$/, '');
  if (s === wanted) return true;
  if (wanted.includes('*')) return false;
  const url = new URL(wanted);
  if (s === '*') return /^https?:$/.test(url.protocol);
  if (s === "'self'") return url.origin === page;
  if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return url.protocol === s;
  const host = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?/.exec(s);
  if (!host || s.startsWith("'")) return false;
  const [, scheme, name = '', port] = host;
  if (scheme ? url.protocol !== `${scheme}:` : !/^https?:$/.test(url.protocol)) return false;
  const hostOk = name.startsWith('*.') ? url.hostname.endsWith(name.slice(1)) : url.hostname === name;
  const portOk =
    port === '*' ||
    (port ?? (url.protocol === 'https:' ? '443' : '80')) ===
      (url.port || (url.protocol === 'https:' ? '443' : '80'));
  return hostOk && portOk;
}

/**
 * The missing entries of `policy` (a policy's text, as the violation event's `originalPolicy` gives it) as
 * `[directive, sources]` pairs, in the order script-src, frame-src, connect-src; `stripe` is the sandbox's
 * origin, `''` for real Stripe, `undefined` when not yet known.
 */
export function missingCsp(
  policy: string,
  page: string,
  api: string | undefined,
  stripe: string | undefined,
): [string, string[]][] {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  const sourcesOf = (directive: string) =>
    directives.get(directive) ??
    (directive === 'frame-src' ? directives.get('child-src') : undefined) ??
    directives.get('default-src');
  return needs(api, stripe)
    .map(([directive, wanted]): [string, string[]] => {
      const sources = sourcesOf(directive);
      // A directive that is absent, with no fallback, allows everything.
      return [directive, sources ? wanted.filter((w) => !sources.some((s) => allows(s, w, page))) : []];
    })
    .filter(([, missing]) => missing.length > 0);
}
