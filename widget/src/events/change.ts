/** `detail` of `cargopay-change`. Never contains card data: only completeness and the method type. */
export interface CargopayChangeDetail {
  /** Which input changed: Stripe's Payment Element or the widget's VAT number field. */
  source: 'payment-element' | 'vat';
  /** The whole form (payment details and, when collected, the VAT number) can be submitted. */
  complete: boolean;
  /** The changed input is empty. */
  empty: boolean;
  /** The payment method type selected in the Payment Element (`card`, …), when known. */
  paymentMethodType: string | null;
}

/** Fired when the Payment Element reports a change or the VAT number changes. Bubbles, composed. */
export type CargopayChangeEvent = CustomEvent<CargopayChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-change': CargopayChangeEvent;
  }
}
