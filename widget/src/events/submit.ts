/** `detail` of `cargopay-submit`: a payment attempt starts. */
export interface CargopaySubmitDetail {
  /** `pr_…` */
  paymentRequest: string;
  /** 1 for the first attempt in this browser session for this request, then 2, 3, … */
  attempt: number;
}

/**
 * Fired when a payment attempt starts. Every `cargopay-submit` is followed by exactly one terminal event,
 * `cargopay-succeeded` or `cargopay-failed`. Bubbles, composed.
 */
export type CargopaySubmitEvent = CustomEvent<CargopaySubmitDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cargopay-submit': CargopaySubmitEvent;
  }
}
