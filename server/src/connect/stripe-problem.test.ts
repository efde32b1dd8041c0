import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../http/problems.ts';
import { stripeProblem } from './stripe-problem.ts';

const refusal = (param?: string) =>
  new Stripe.errors.StripeInvalidRequestError({ type: 'invalid_request_error', message: 'no', param });

const outcome = (error: unknown): unknown => {
  try {
    stripeProblem(error);
  } catch (thrown) {
    return thrown;
  }
  return undefined;
};

describe('Stripe refusals of a carrier request', () => {
  it('are the client’s 422 naming the field when Stripe refused a value the client chose', () => {
    const thrown = outcome(refusal('business_profile[name]'));
    expect(thrown).toBeInstanceOf(ProblemError);
    expect((thrown as ProblemError).slug).toBe('validation-failed');
    expect((thrown as ProblemError).errors).toEqual([{ path: 'name', message: 'refused by Stripe' }]);
    expect((outcome(refusal()) as ProblemError).slug).toBe('validation-failed');
  });

  it('are our bug (rethrown, so a 500 with its stack) when Stripe refused a parameter CargoPay sets', () => {
    const error = refusal('capabilities[card_payments]');
    expect(outcome(error)).toBe(error);
    expect(outcome(refusal('constructor'))).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('are stripe-unavailable when Stripe could not answer', () => {
    const down = new Stripe.errors.StripeConnectionError({ type: 'api_error', message: 'down' });
    expect((outcome(down) as ProblemError).slug).toBe('stripe-unavailable');
  });
});
