/** `detail` of `cargopay-focus` and `cargopay-blur`. */
export interface CargopayFocusDetail {
  /** The element that gained or lost focus. */
  source: 'payment-element';
}

/** The Payment Element's `focus` and `blur`, forwarded. Bubble, composed. */
export type CargopayFocusEvent = CustomEvent<CargopayFocusDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-focus': CargopayFocusEvent;
    'cargopay-blur': CargopayFocusEvent;
  }
}
