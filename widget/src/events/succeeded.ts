/** `detail` of `cargopay-succeeded`. */
export interface CargopaySucceededDetail {
  /** `pr_…` */
  paymentRequest: string;
  /** `pi_…` */
  paymentIntent: string;
  /** Stripe's status: `succeeded`, or `processing` / `requires_capture` when the money is not settled yet. */
  status: string;
}

/** Terminal: the payment went through. At most one terminal event per attempt. Bubbles, composed. */
export type CargopaySucceededEvent = CustomEvent<CargopaySucceededDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-succeeded': CargopaySucceededEvent;
  }
}
