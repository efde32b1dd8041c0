/**
 * Stripe.js reports a mistake in the integration (as opposed to a problem with the payment) by throwing an
 * error named `IntegrationError`, so that `String(error)` reads `IntegrationError: <message>`.
 */
export class IntegrationError extends Error {
  override name = 'IntegrationError';
}

/** Stripe.js's message when an Element is mounted inside a shadow root. */
export const SHADOW_ROOT_MESSAGE =
  'Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.';
