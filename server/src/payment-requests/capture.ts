import Stripe from 'stripe';
import { ProblemError } from '../http/problems.ts';
import { isResourceMissing } from '../stripe/resource-missing.ts';
import type { PaymentRequest, Store } from '../store/types.ts';
import { notificationFor } from './notification.ts';

/**
 * Captures the final amount of an `authorized` (manual-capture) request: up to what the hold allows (less
 * releases the rest), or more when the card granted incremental authorization (the hold is raised to the
 * amount first). Above the hold as stored, Stripe is asked what it allows now (webhooks may not have caught up
 * with an increment). Each Stripe call's idempotency key is derived from the request, the operation and the amount,
 * so a retried call repeats the same operation, and a different amount is a different one that Stripe judges
 * against the PaymentIntent's state (a second capture is refused). A request with a stated `max_final_amount`
 * is never captured above it, whatever the card would allow.
 */
export async function capturePaymentRequest(
  store: Store,
  stripe: Stripe,
  pr: PaymentRequest,
  amount: number,
  now: Date,
): Promise<PaymentRequest> {
  refuseUnlessAuthorized(pr);
  const piId = pr.paymentIntentId;
  if (piId === null) throw new ProblemError('payment-request-not-authorized');
  try {
    // Within the hold as stored (and the stated maximum), no lookup is needed: a stored hold is only ever stale
    // by having ended (captured, voided, lapsed), which Stripe's refusal of the capture then tells. Above it,
    // Stripe is asked what the hold allows now and whether it can be raised.
    if (amount > pr.amountCapturable || (pr.maxFinalAmount !== null && amount > pr.maxFinalAmount)) {
      await raiseHoldTo(stripe, pr, piId, amount);
    }
    const captured = await stripe.paymentIntents.capture(
      piId,
      { amount_to_capture: amount },
      { idempotencyKey: `cargopay:${pr.id}:capture:${amount}` },
    );
    return await settle(store, pr, now, captured.amount_received);
  } catch (error) {
    throw await stripeProblem(error, stripe, piId);
  }
}

/** Makes the hold cover `amount`, or refuses with the most that can be captured. */
async function raiseHoldTo(stripe: Stripe, pr: PaymentRequest, piId: string, amount: number): Promise<void> {
  const intent = await stripe.paymentIntents.retrieve(piId, { expand: ['latest_charge'] });
  refuseUnlessHeld(intent);
  refuseAboveStatedMaximum(pr, intent, amount);
  if (amount <= intent.amount_capturable) return;
  if (!incrementalAvailable(intent)) throw tooLarge(intent.amount_capturable);
  try {
    await stripe.paymentIntents.incrementAuthorization(
      piId,
      { amount },
      { idempotencyKey: `cargopay:${pr.id}:increment:${amount}` },
    );
  } catch (error) {
    // The issuer (or Stripe) would not raise the hold: what it holds now is the most that can be taken.
    if (error instanceof Stripe.errors.StripeCardError || isInvalidRequest(error, 'amount'))
      throw tooLarge(intent.amount_capturable, 'The card issuer did not allow a higher authorization.');
    throw error;
  }
}

/**
 * The payment request as captured (`received`: what the capture took, which refunds count against), with its
 * `paid` notification; the webhooks that follow change nothing more.
 */
async function settle(
  store: Store,
  pr: PaymentRequest,
  now: Date,
  received: number,
): Promise<PaymentRequest> {
  const patch = { status: 'paid' as const, amountCapturable: 0, lastError: null, amountReceived: received };
  const after: PaymentRequest = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
  const result = await store.commit(
    {
      paymentRequest: { id: pr.id, expectedVersion: pr.version, patch },
      notifications: [notificationFor(after, 'payment_request.paid', now)],
    },
    now.toISOString(),
  );
  if (result === 'applied') return after;
  // A webhook moved the request meanwhile; if it says paid, so be it, else apply the capture on top.
  const fresh = await store.paymentRequests.get(pr.id);
  if (!fresh) throw new ProblemError('payment-request-not-found');
  if (fresh.status !== 'authorized') return fresh;
  return settle(store, fresh, now, received);
}

function refuseUnlessAuthorized(pr: PaymentRequest): void {
  if (pr.status === 'authorized') return;
  if (
    pr.captureMethod === 'manual' &&
    ['paid', 'partially_refunded', 'refunded', 'disputed'].includes(pr.status)
  )
    throw new ProblemError('payment-request-already-captured', { detail: `The request is ${pr.status}.` });
  throw new ProblemError('payment-request-not-authorized', {
    detail:
      pr.captureMethod === 'manual'
        ? `The request is ${pr.status}.`
        : 'The request was created with capture "automatic": its payment is captured when the buyer pays.',
  });
}

function refuseUnlessHeld(intent: Stripe.PaymentIntent): void {
  if (intent.status === 'requires_capture') return;
  if (intent.status === 'succeeded') throw new ProblemError('payment-request-already-captured');
  throw new ProblemError('payment-request-not-authorized', {
    detail: `The PaymentIntent is ${intent.status}.`,
  });
}

/**
 * The merchant told the buyer the final amount would be at most `max_final_amount`: a capture above it is
 * refused before Stripe is asked to raise the hold. The maximum named is the lower of that statement and what
 * the hold allows (the whole statement when the card grants incremental authorization).
 */
function refuseAboveStatedMaximum(pr: PaymentRequest, intent: Stripe.PaymentIntent, amount: number): void {
  if (pr.maxFinalAmount === null || amount <= pr.maxFinalAmount) return;
  const cardAllows = incrementalAvailable(intent) ? pr.maxFinalAmount : intent.amount_capturable;
  throw tooLarge(
    Math.min(pr.maxFinalAmount, cardAllows),
    `The request states max_final_amount ${pr.maxFinalAmount}.`,
  );
}

function incrementalAvailable(intent: Stripe.PaymentIntent): boolean {
  const charge = intent.latest_charge;
  if (charge === null || typeof charge === 'string') return false;
  return charge.payment_method_details?.card?.incremental_authorization?.status === 'available';
}

const tooLarge = (maximum: number, why?: string) =>
  new ProblemError('capture-amount-too-large', {
    detail: `At most ${maximum} minor units can be captured.${why ? ` ${why}` : ''}`,
    maximum,
  });

const isInvalidRequest = (error: unknown, param: string): boolean =>
  error instanceof Stripe.errors.StripeInvalidRequestError && error.param === param;

/**
 * What a Stripe refusal means for the merchant. A capture that lost a race (captured or voided meanwhile, the
 * hold lapsed) is told as the state the PaymentIntent is in now.
 */
async function stripeProblem(error: unknown, stripe: Stripe, piId: string): Promise<unknown> {
  if (error instanceof ProblemError || !(error instanceof Stripe.errors.StripeError)) return error;
  if (isResourceMissing(error)) {
    return new ProblemError('payment-request-not-authorized', {
      detail:
        'Stripe no longer knows this PaymentIntent, so no card hold is left to capture. Cancel the request and ' +
        'send the buyer a new one.',
    });
  }
  if (error.code === 'capture_charge_authorization_expired') {
    return new ProblemError('payment-request-not-authorized', {
      detail: 'The card authorization lapsed before the capture.',
    });
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    try {
      const now = await stripe.paymentIntents.retrieve(piId);
      if (error.code === 'amount_too_large' && now.status === 'requires_capture')
        return tooLarge(now.amount_capturable);
      refuseUnlessHeld(now);
    } catch (refusal) {
      if (refusal instanceof ProblemError) return refusal;
    }
  }
  return new ProblemError('stripe-unavailable', {
    detail: 'The capture could not be completed; retry with the same Idempotency-Key.',
    headers: { 'Retry-After': '5' },
  });
}
