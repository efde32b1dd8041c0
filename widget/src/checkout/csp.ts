import { warn } from '../shared/warn.ts';

type Needs = { api?: string; stripe?: string };

const violations: SecurityPolicyViolationEvent[] = [];
/** Failures not yet explained: a violation can be dispatched after the failed request it caused. */
const unexplained: [string, Needs][] = [];
let listening = false;

function explain(hit: SecurityPolicyViolationEvent, origin: string, needs: Needs): boolean {
  const blocked = hit.blockedURI.startsWith(origin);
  if (blocked)
    warn('csp-blocked', {
      ...needs,
      policy: hit.originalPolicy,
      directive: hit.effectiveDirective,
      url: hit.blockedURI,
    });
  return blocked;
}

/**
 * Starts recording this page's Content-Security-Policy violations, every directive (once per page, on first
 * use, never at import), so that a failed load can be explained precisely.
 */
export function watchCsp(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(event);
    for (const [origin, needs] of unexplained) explain(event, origin, needs);
  });
}

/**
 * When this page's CSP blocked a request to `origin`, tells the developer (`csp-blocked`) every directive of
 * that policy that lacks what the widget needs, not only the one that fired first: `api` is the CargoPay API's
 * origin; `stripe` the sandbox's origin, `''` for real Stripe, absent while not yet known. Returns whether the
 * CSP was the cause as far as is known yet; a violation that arrives later is still explained. The policy is read in the lazily loaded warning texts, which a working page never loads.
 */
export function cspBlocked(origin: string, needs: Needs): boolean {
  const hit = violations.some((v) => explain(v, origin, needs));
  if (!hit) unexplained.push([origin, needs]);
  return hit;
}
