/** `detail` of `cargopay-succeeded`. */
export interface CargopaySucceededDetail {
  /** `pr_…` */
  paymentRequest: string;
  /** `pi_…` */
  paymentIntent: string;
  /**
   * Stripe's status: `succeeded`; `processing` when the money is not settled yet; `requires_capture` for a
   * manual-capture request, whose card is only held (state `authorized`) until the merchant charges the final price.
   */
  status: string;
}

/** Terminal: the payment went through. At most one terminal event per attempt. Bubbles, composed. */
export type CargopaySucceededEvent = CustomEvent<CargopaySucceededDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-succeeded': CargopaySucceededEvent;
  }
}
