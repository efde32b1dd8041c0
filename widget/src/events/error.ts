import type { CargopayFailure } from './failure.ts';

/** `detail` of `cargopay-error`. */
export interface CargopayErrorDetail extends CargopayFailure {
  /** `pr_…`, or `''` when the `payment-request` attribute is missing. */
  paymentRequest: string;
}

/**
 * A problem outside a payment attempt: the checkout could not load (server unreachable, Stripe.js blocked,
 * misconfiguration, request canceled or expired). Bubbles, composed.
 */
export type CargopayErrorEvent = CustomEvent<CargopayErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-error': CargopayErrorEvent;
  }
}
