const violations: SecurityPolicyViolationEvent[] = [];
let listening = false;

/**
 * Starts recording this page's Content-Security-Policy violations (once per page, on first use, never at
 * import), so that a failed load can be explained precisely.
 */
export function watchCsp(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('securitypolicyviolation', (event) => violations.push(event));
}

/** The directive that blocked a request to `origin`, if the page's CSP did. */
export function violationFor(origin: string): string | null {
  const hit = violations.find((v) => v.blockedURI.startsWith(origin));
  return hit ? hit.effectiveDirective : null;
}
