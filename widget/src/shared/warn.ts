import { loadWarnings } from './chunks.ts';
import type { WarningDetail } from './warnings.ts';

/** Stable codes of the developer warnings; each is documented in `widget/README.md`. */
export type WarningCode =
  | 'missing-payment-request'
  | 'unknown-payment-request'
  | 'origin-not-allowed'
  | 'secret-key'
  | 'csp-blocked'
  | 'stripe-js-blocked'
  | 'locale-missing';

const issued = new Set<string>();

/**
 * Tells the site's developer, once per page and message, exactly what to fix, as
 * `[cargopay:<code>] <text>` on `console.warn`. The texts live in `warnings.ts`, fetched only when a warning
 * is due; should that fail too, the code alone is printed. Never carries secrets or card data.
 */
export function warn(code: WarningCode, detail: WarningDetail = {}): void {
  const print = (text: string) => {
    const line = `[cargopay:${code}] ${text}`;
    if (!issued.has(line)) console.warn(line);
    issued.add(line);
  };
  loadWarnings().then(
    ({ WARNINGS }) => print(WARNINGS[code](detail)),
    () => print(JSON.stringify(detail)),
  );
}
