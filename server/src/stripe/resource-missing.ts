import Stripe from 'stripe';

/**
 * Whether Stripe answered that it does not know the object asked for (`resource_missing`): a PaymentIntent
 * deleted at Stripe, or a sandbox that lost its state. Callers decide what that means for them (replace it, or
 * treat it as nothing left to act on); it is never a reason to keep a buyer or a merchant retrying.
 */
export const isResourceMissing = (error: unknown): boolean =>
  error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';
