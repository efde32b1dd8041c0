const PARAMS = ['payment_intent', 'payment_intent_client_secret', 'redirect_status', 'cargopay_pr'];

/**
 * The `return_url` handed to `stripe.confirmPayment`: the `return-url` attribute (or this page), plus
 * `cargopay_pr=<id>` so that, with several widgets on the page, the right one picks the result up.
 */
export function returnUrl(base: string, paymentRequest: string): string {
  const url = new URL(base || location.href, location.href);
  for (const p of PARAMS) url.searchParams.delete(p);
  url.searchParams.set('cargopay_pr', paymentRequest);
  return url.href;
}

/**
 * The client secret Stripe appended when a redirect-based payment method came back to this page, when it
 * belongs to `paymentRequest` (or carries no `cargopay_pr` at all); `null` otherwise.
 */
export function returnedClientSecret(paymentRequest: string): string | null {
  const params = new URL(location.href).searchParams;
  const owner = params.get('cargopay_pr');
  if (owner !== null && owner !== paymentRequest) return null;
  return params.get('payment_intent_client_secret');
}

/** Removes Stripe's redirect parameters from the address bar, so a reload does not replay them. */
export function clearReturnParams(): void {
  const url = new URL(location.href);
  for (const p of PARAMS) url.searchParams.delete(p);
  history.replaceState(history.state, '', url.href);
}
