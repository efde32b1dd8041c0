/**
 * The stand-in Stripe.js, served by the sandbox at `/v3/` as a classic script. It defines `window.Stripe`,
 * which `@stripe/stripe-js`'s `loadStripe` uses instead of loading js.stripe.com when it is already there.
 * The sandbox's origin is the origin this script was loaded from.
 */
import type { StripeConstructorOptions } from '@stripe/stripe-js';
import { IntegrationError } from './errors.ts';
import { StandInStripe } from './stripe.ts';

declare const __STRIPE_JS_RELEASE__: string;

const script = document.currentScript;
const sandboxOrigin = script instanceof HTMLScriptElement ? new URL(script.src, location.href).origin : null;

/** `Stripe(publishableKey, options)`, with or without `new`, as Stripe.js allows. */
function Stripe(publishableKey: unknown, options?: StripeConstructorOptions): StandInStripe {
  if (!sandboxOrigin) {
    throw new IntegrationError('The sandbox Stripe.js must be loaded with a <script src> tag.');
  }
  if (typeof publishableKey !== 'string' || publishableKey === '') {
    const used = publishableKey === '' ? 'an empty string' : typeof publishableKey;
    throw new IntegrationError(`Please call Stripe() with your publishable key. You used ${used}.`);
  }
  if (/^(sk|rk)_/.test(publishableKey)) {
    throw new IntegrationError(
      'You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.',
    );
  }
  if (!publishableKey.startsWith('pk_')) {
    throw new IntegrationError(`Invalid API Key provided: ${publishableKey.slice(0, 12)}…`);
  }
  return new StandInStripe(sandboxOrigin, publishableKey, options);
}

/** The release `@stripe/stripe-js` expects, so that `loadStripe` does not warn about a version mismatch. */
Stripe.version = __STRIPE_JS_RELEASE__;

if (sandboxOrigin) {
  console.info(
    `[cargopay:sandbox] Stripe.js is the offline CargoPay sandbox at ${sandboxOrigin}; no real payment is made.`,
  );
}
Object.defineProperty(window, 'Stripe', { value: Stripe, configurable: true, writable: true });
