/** `detail` of `cargopay-busy`. */
export interface CargopayBusyDetail {
  /** `pr_…` */
  paymentRequest: string;
  /** How long the widget waits before it asks again (the server's `Retry-After`), in ms. */
  retryInMs: number;
  /** Which retry this is (1 for the first); after the last one the widget asks the buyer to try again. */
  retry: number;
}

/**
 * Fired when Stripe is too busy to take the payment right now (its rate limits; the server answered
 * `stripe-busy` after retrying itself) and the widget will ask again by itself. Not an error: the buyer sees a
 * "busy, retrying" message. Bubbles, composed.
 */
export type CargopayBusyEvent = CustomEvent<CargopayBusyDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-busy': CargopayBusyEvent;
  }
}
