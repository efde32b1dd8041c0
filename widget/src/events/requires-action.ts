/** `detail` of `cargopay-requires-action`. */
export interface CargopayRequiresActionDetail {
  /** `pi_…` */
  paymentIntent: string;
  /** What the buyer must do; `use_stripe_sdk` is a 3D Secure challenge shown by Stripe.js. */
  action: string;
}

/** Fired when the bank asks the buyer to authenticate (3D Secure opens). Bubbles, composed. */
export type CargopayRequiresActionEvent = CustomEvent<CargopayRequiresActionDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-requires-action': CargopayRequiresActionEvent;
  }
}
