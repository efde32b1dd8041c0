import { missingCsp } from './csp-advice.ts';
import type { WarningCode } from './warn.ts';

/** Values a warning's text is built from. */
export type WarningDetail = Partial<Record<string, string>>;

/**
 * The text of every developer warning, by code. Loaded on demand (a separate file in the builds), since a
 * correctly set-up page never needs it. Each says exactly what to change.
 */
export const WARNINGS: Record<WarningCode, (d: WarningDetail) => string> = {
  'missing-payment-request': () =>
    'Set the payment-request attribute of <cargopay-checkout> to the pr_… id your server created with POST /v1/payment-requests.',
  'unknown-payment-request': (d) =>
    `${d.api} has no payment request "${d.id}". Create it with POST /v1/payment-requests and pass its id unchanged; check api-base.`,
  'origin-not-allowed': (d) =>
    `${d.api} refused requests from ${d.origin}. Its operator allows this origin with: npm run merchant -- origins add ${d.id} ${d.origin} (or correct api-base).`,
  'secret-key': () =>
    'publishable-key holds a SECRET Stripe key. Remove it from this page now, roll the key in the Stripe Dashboard, and use the pk_… key (or omit the attribute).',
  'csp-blocked': (d) => {
    const missing = missingCsp(d.policy ?? '', location.origin, d.api, d.stripe);
    const add = missing.length
      ? missing.map(([directive, sources]) => `${sources.join(' ')} to ${directive}`).join('; ')
      : `${d.url} to ${d.directive}`;
    return `This page's Content-Security-Policy blocked ${d.url} (${d.directive}). Add ${add}. See the widget's CSP guide.`;
  },
  'stripe-js-blocked': (d) =>
    `Stripe.js could not be loaded from ${d.url}: the network, a firewall or a browser extension blocked it. The buyer sees a message and a retry button.`,
  'locale-missing': (d) =>
    `The widget's locale files could not be loaded from next to ${d.url}; publish the whole dist/widget/ folder.`,
};
