/** `detail` of `cargopay-ready`: the Payment Element is mounted and can be filled in. */
export interface CargopayReadyDetail {
  /** `pr_…` */
  paymentRequest: string;
  /** `pi_…` of the request's PaymentIntent. */
  paymentIntent: string;
}

/** Fired once per load when the payment form is ready for the buyer. Bubbles, composed. */
export type CargopayReadyEvent = CustomEvent<CargopayReadyDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-ready': CargopayReadyEvent;
  }
}
