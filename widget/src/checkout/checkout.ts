import { CargopayCheckout } from './checkout.component.ts';

export { CargopayCheckout };
export type { CheckoutState } from './checkout.component.ts';

/**
 * Defines `<cargopay-checkout>` once. Guarded, so that importing the module twice, or where there is no DOM
 * (server-side rendering, Node), does not throw.
 */
if (typeof customElements !== 'undefined' && !customElements.get('cargopay-checkout')) {
  customElements.define('cargopay-checkout', CargopayCheckout);
}

declare global {
  interface HTMLElementTagNameMap {
    'cargopay-checkout': CargopayCheckout;
  }
}
