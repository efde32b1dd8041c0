import type { Stripe } from '@stripe/stripe-js';
// The "pure" loader injects nothing at import time (the package's main entry would add js.stripe.com at once).
import { loadStripe as pureLoadStripe } from '@stripe/stripe-js/dist/pure.mjs';
import { warn } from '../shared/warn.ts';
import { cspBlocked } from './csp.ts';

const loadStripe = pureLoadStripe as typeof import('@stripe/stripe-js').loadStripe;
const scripts = new Map<string, Promise<void>>();
const STRIPE_JS = 'https://js.stripe.com/';

/** Adds `<script src>` once per URL and waits for it; a failed load may be tried again later. */
function injectScript(src: string): Promise<void> {
  let loading = scripts.get(src);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => {
        script.remove();
        reject(new Error(`Could not load ${src}`));
      };
      document.head.append(script);
    });
    loading.catch(() => scripts.delete(src));
    scripts.set(src, loading);
  }
  return loading;
}

/**
 * Loads Stripe.js and returns `Stripe(publishableKey, {locale})`. In sandbox mode the server names the stand-in
 * (`stripe_js_url`), which is loaded first so that `loadStripe` finds `window.Stripe`; with real Stripe,
 * `loadStripe` loads js.stripe.com itself. On failure, tells the developer why (`csp-blocked` names every
 * missing Content-Security-Policy entry) and throws.
 */
export async function loadStripeJs(
  publishableKey: string,
  stripeJsUrl: string | null,
  locale: string,
): Promise<Stripe> {
  try {
    if (stripeJsUrl && !('Stripe' in window)) await injectScript(stripeJsUrl);
    const stripe = await loadStripe(publishableKey, { locale: locale as 'auto' });
    if (!stripe) throw new Error('Stripe.js not available');
    return stripe;
  } catch (error) {
    if (!stripeCspBlocked(stripeJsUrl)) warn('stripe-js-blocked', { url: stripeJsUrl ?? STRIPE_JS });
    throw error;
  }
}

/**
 * Whether this page's Content-Security-Policy blocked Stripe.js's origin (the sandbox's, when the server names
 * its stand-in in `stripeJsUrl`); if so the developer is told which directives lack it (`csp-blocked`).
 */
export function stripeCspBlocked(stripeJsUrl: string | null): boolean {
  const origin = new URL(stripeJsUrl ?? STRIPE_JS, location.href).origin;
  return cspBlocked(origin, { stripe: stripeJsUrl ? origin : '' });
}
