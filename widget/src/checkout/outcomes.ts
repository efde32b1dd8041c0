import type { StripeError } from '@stripe/stripe-js';
import type { CargopayErrorKind, CargopayFailure } from '../events/failure.ts';
import type { MessageKey, Messages } from '../locales/localize.ts';
import { warn } from '../shared/warn.ts';
import type { ApiResult } from './api.ts';
import { cspBlocked } from './csp.ts';

/** A failed answer of the checkout API. */
export type ApiFailure = Exclude<ApiResult<unknown>, { ok: true }>;

/** States that end loading without a payment form. */
export type LoadErrorState =
  'paid' | 'authorized' | 'canceled' | 'expired' | 'unreachable' | 'blocked' | 'refused' | 'misconfigured';

/** What a failed load becomes: the state shown and the `cargopay-error` kind and code. */
export interface LoadOutcome {
  state: LoadErrorState;
  kind: CargopayErrorKind;
  code: string;
  /** What to tell the buyer, when not the state's usual message. */
  message?: MessageKey;
}

const retryable = (status: number) => status >= 500 || status === 429;

/** The state of a request that can no longer be paid, from the server's refusal (`payment-request-paid`, …). */
const finalState = (slug: string) =>
  /^payment-request-(paid|canceled|expired)$/.exec(slug)?.[1] as 'paid' | 'canceled' | 'expired' | undefined;

/**
 * Maps a failed summary or intent request while loading to what the buyer sees, and tells the developer what
 * to fix (CSP, allowed origins, an unknown payment request) with a `[cargopay:…]` warning.
 */
export function loadOutcome(result: ApiFailure, base: string, paymentRequest: string): LoadOutcome {
  if (result.network) {
    const api = new URL(base).origin;
    if (!result.reachable && cspBlocked(api, { api }))
      return { state: 'misconfigured', kind: 'configuration', code: 'csp-blocked' };
    if (!result.reachable) return { state: 'unreachable', kind: 'network', code: 'network' };
    warn('origin-not-allowed', { api: base, origin: location.origin, id: paymentRequest });
    return { state: 'misconfigured', kind: 'configuration', code: 'origin-not-allowed' };
  }
  const slug = result.slug;
  const final = finalState(slug);
  if (final) return { state: final, kind: 'canceled', code: slug };
  // Stripe stayed busy through every retry, or refused the server's call (its keys, account or parameters):
  // nothing is wrong with the buyer's connection; ask them to try later.
  const busy = slug === 'stripe-busy';
  if (busy || slug === 'stripe-error')
    return {
      state: 'unreachable',
      kind: busy ? 'network' : 'configuration',
      code: slug,
      message: busy ? 'busyTryAgain' : 'serviceRefused',
    };
  if (retryable(result.status))
    return { state: 'unreachable', kind: 'network', code: slug || 'server-error' };
  // The merchant's risk rules refused this checkout: nothing the page or the buyer's connection can fix.
  if (slug === 'blocked-by-risk') return { state: 'refused', kind: 'refused', code: slug };
  if (slug === 'payment-request-not-found')
    warn('unknown-payment-request', { api: base, id: paymentRequest });
  if (slug === 'origin-not-allowed')
    warn('origin-not-allowed', { api: base, origin: location.origin, id: paymentRequest });
  return { state: 'misconfigured', kind: 'configuration', code: slug || `http-${result.status}` };
}

/**
 * Maps a failed intent request during a payment attempt to the attempt's failure and the state to show:
 * `declined` for risk refusals, the request's final state when it was paid, canceled or expired meanwhile,
 * else the form again.
 */
export function attemptOutcome(
  result: ApiFailure,
  m: Messages,
): { failure: CargopayFailure; state: 'ready' | 'declined' | 'paid' | 'canceled' | 'expired' } {
  const failure = (kind: CargopayErrorKind, code: string, message: string): CargopayFailure => ({
    kind,
    code,
    declineCode: null,
    message,
  });
  if (result.network) return { failure: failure('network', 'network', m.unreachable), state: 'ready' };
  const slug = result.slug;
  const final = finalState(slug);
  if (final)
    return { failure: failure('canceled', slug, m[final === 'paid' ? 'alreadyPaid' : final]), state: final };
  if (slug === 'blocked-by-risk')
    return { failure: failure('card-declined', slug, m.failed), state: 'declined' };
  // Stripe busy through every retry, or refusing the server's call: the buyer's own words, not the server's.
  const busy = slug === 'stripe-busy';
  const kind = busy || (slug !== 'stripe-error' && retryable(result.status)) ? 'network' : 'configuration';
  const message =
    (busy && m.busyTryAgain) ||
    (slug === 'stripe-error' && m.serviceRefused) ||
    result.problem.detail ||
    result.problem.title;
  return { failure: failure(kind, slug || `http-${result.status}`, message || m.failed), state: 'ready' };
}

/** Stripe.js's error as a failure with a closed `kind`, Stripe's `code`, `decline_code` and (localized) message. */
export function stripeFailure(error: StripeError, fallbackMessage: string): CargopayFailure {
  const code = error.code ?? null;
  const kind: CargopayErrorKind =
    code === 'payment_intent_authentication_failure'
      ? 'authentication-failed'
      : error.type === 'card_error'
        ? 'card-declined'
        : error.type === 'validation_error'
          ? 'validation'
          : error.type === 'api_connection_error' ||
              error.type === 'rate_limit_error' ||
              error.type === 'api_error'
            ? 'network'
            : 'configuration';
  return { kind, code, declineCode: error.decline_code ?? null, message: error.message ?? fallbackMessage };
}
