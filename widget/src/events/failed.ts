import type { CargopayFailure } from './failure.ts';

/** `detail` of `cargopay-failed`. */
export interface CargopayFailedDetail extends CargopayFailure {
  /** `pr_…` */
  paymentRequest: string;
  /** `pi_…`, when the attempt reached Stripe. */
  paymentIntent: string | null;
}

/**
 * Terminal: this payment attempt did not go through (declined, failed authentication, invalid input, network).
 * At most one terminal event per attempt. Bubbles, composed.
 */
export type CargopayFailedEvent = CustomEvent<CargopayFailedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-failed': CargopayFailedEvent;
  }
}
