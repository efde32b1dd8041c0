import Stripe from 'stripe';
import { ProblemError } from '../http/problems.ts';

/** Stripe's `param` for each value the client chose, with the request field it came from. */
const CLIENT_PARAMS: Record<string, string> = {
  'business_profile[name]': 'name',
  email: 'email',
  country: 'country',
  account: 'account',
  return_url: 'return_url',
  refresh_url: 'refresh_url',
};

/**
 * A Stripe refusal as the client's problem when it was about the client's input (`422` naming the field, or
 * no field when Stripe named none, e.g. an unknown account), and as our bug (rethrown: a 500 with its stack
 * logged) when Stripe named a parameter CargoPay sets itself (type, capabilities, metadata).
 */
export function stripeProblem(error: unknown): never {
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const param = error.param;
    const field =
      param !== undefined && Object.hasOwn(CLIENT_PARAMS, param) ? CLIENT_PARAMS[param] : undefined;
    if (param !== undefined && field === undefined) throw error;
    throw new ProblemError('validation-failed', {
      detail: 'Stripe refused the request for this account.',
      ...(field ? { errors: [{ path: field, message: 'refused by Stripe' }] } : {}),
    });
  }
  if (error instanceof Stripe.errors.StripeError) throw new ProblemError('stripe-unavailable');
  throw error;
}
