import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { forBuyer } from '../stripe/rate-limit-retry.ts';
import { isResourceMissing } from '../stripe/resource-missing.ts';
import { ProblemError } from '../http/problems.ts';
import type { Merchant, PaymentRequest } from '../store/types.ts';
import type { IntentResponse } from '../contract/http.ts';

/** The refusal for a request the buyer can no longer pay, or `null` when it is payable. */
export function refusalFor(pr: PaymentRequest): ProblemError | null {
  switch (pr.status) {
    case 'open':
    case 'processing':
      return null;
    case 'canceled':
      return new ProblemError('payment-request-canceled');
    case 'expired':
      return new ProblemError('payment-request-expired');
    case 'authorized':
      return new ProblemError('payment-request-paid', {
        detail: 'The card is already authorized for this request; the merchant captures the final amount.',
      });
    default:
      return new ProblemError('payment-request-paid', { detail: `The request is ${pr.status}.` });
  }
}

/** The merchant's VAT setting applied to the request's last VAT check. */
export function vatRefusal(pr: PaymentRequest, merchant: Merchant): ProblemError | null {
  if (pr.vatCheck?.result === 'invalid') return new ProblemError('vat-invalid');
  if (pr.vatCheck?.result === 'unavailable' && !merchant.vatUnavailableAllowsPayment) {
    return new ProblemError('vat-unavailable', {
      detail: 'This merchant needs a confirmed VAT number; try again shortly.',
    });
  }
  return null;
}

/**
 * Creates the request's one PaymentIntent, or returns the existing one. Amount, currency, destination and fee
 * come from the stored request only. The Stripe idempotency key is derived from the request id, so concurrent
 * or repeated calls get the same PaymentIntent, and the first link stored wins. A linked PaymentIntent that
 * Stripe no longer knows (`resource_missing`: a sandbox that lost its state, an object deleted at Stripe) is
 * replaced by a new one, so a buyer is never stuck on it. Any other Stripe refusal is `stripe-error`: nothing the
 * buyer can fix.
 */
export async function ensurePaymentIntent(ctx: AppContext, pr: PaymentRequest): Promise<IntentResponse> {
  const stripe = ctx.stripe.client;
  try {
    if (pr.paymentIntentId) {
      const id = pr.paymentIntentId;
      try {
        return present(
          await buyerCall(ctx, 'payment_intents.retrieve', () => stripe.paymentIntents.retrieve(id)),
        );
      } catch (error) {
        if (!isResourceMissing(error)) throw error;
        // The key is derived from the missing PaymentIntent: concurrent recoveries from it make one replacement,
        // and a later loss of the replacement gets a key of its own.
        ctx.logger.warn(
          {
            payment_request: pr.id,
            missing_payment_intent: id,
            stripeRequestId: (error as Stripe.errors.StripeError).requestId,
          },
          'Stripe no longer knows the linked PaymentIntent; creating a new one',
        );
        return present(await createAndLink(ctx, pr, `cargopay:${pr.id}:intent:${id}`, id));
      }
    }
    return present(await createAndLink(ctx, pr, `cargopay:${pr.id}:intent`, null));
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      ctx.logger.warn(
        { stripeError: error.type, code: error.code, stripeRequestId: error.requestId },
        'Stripe call failed',
      );
      const transient =
        error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError;
      if (transient) throw new ProblemError('stripe-unavailable', { headers: { 'Retry-After': '5' } });
      // Stripe refused the call itself (keys, account, parameters): retrying or another card cannot help.
      if (!(error instanceof Stripe.errors.StripeRateLimitError)) throw new ProblemError('stripe-error');
    }
    throw error;
  }
}

/** Stripe's 429s are retried within what a buyer can wait for (then stripe-busy); see `forBuyer`. */
const buyerCall = <T>(ctx: AppContext, operation: string, call: () => Promise<T>) =>
  forBuyer(ctx, operation, call);

/**
 * Creates the request's PaymentIntent under `idempotencyKey` and links it (in place of `replacing`, when given).
 * Every attempt carries the same key, so however many it takes there is one PaymentIntent. A replayed create
 * answers Stripe's saved first response, whose status may be long out of date (`requires_payment_method` for a
 * PaymentIntent paid since), so a replay, or a link another call made first, is read again from Stripe.
 */
async function createAndLink(
  ctx: AppContext,
  pr: PaymentRequest,
  idempotencyKey: string,
  replacing: string | null,
): Promise<Stripe.PaymentIntent> {
  const stripe = ctx.stripe.client;
  const created = await buyerCall(ctx, 'payment_intents.create', () =>
    stripe.paymentIntents.create(intentParams(ctx, pr), { idempotencyKey }),
  );
  const now = ctx.now().toISOString();
  const linked =
    replacing === null
      ? await ctx.store.paymentRequests.linkIntent(pr.id, created.id, now)
      : await ctx.store.paymentRequests.replaceIntent(pr.id, replacing, created.id, now);
  const replayed = created.lastResponse?.headers['idempotent-replayed'] === 'true';
  if (linked === created.id && !replayed) return created;
  return buyerCall(ctx, 'payment_intents.retrieve', () => stripe.paymentIntents.retrieve(linked));
}

/** What the request's PaymentIntent is created with: everything from the stored request, nothing from the browser. */
function intentParams(ctx: AppContext, pr: PaymentRequest): Stripe.PaymentIntentCreateParams {
  const params: Stripe.PaymentIntentCreateParams = {
    amount: pr.amount,
    currency: pr.currency,
    automatic_payment_methods: { enabled: true },
    payment_method_options: { card: { request_three_d_secure: ctx.config.threeDSecure } },
    description: `${pr.reference}: ${pr.description}`.slice(0, 1000),
    metadata: { payment_request: pr.id, merchant: pr.merchantId, reference: pr.reference.slice(0, 500) },
  };
  // Stripe sends its receipt to this address once the payment succeeds (and on a later refund).
  if (pr.receiptEmail) params.receipt_email = pr.customer.email;
  if (pr.captureMethod === 'manual') {
    // The final freight price is known only after the shipment is weighed: hold the card now and ask for the
    // longest hold (extended) and the right to raise it (incremental) wherever the card grants them.
    params.capture_method = 'manual';
    params.payment_method_options = {
      card: {
        request_three_d_secure: ctx.config.threeDSecure,
        request_extended_authorization: 'if_available',
        request_incremental_authorization: 'if_available',
      },
    };
  }
  if (pr.carrier?.stripeAccount) {
    params.transfer_data = { destination: pr.carrier.stripeAccount };
    if (pr.carrier.platformFee !== null) params.application_fee_amount = pr.carrier.platformFee;
  }
  return params;
}

function present(intent: Stripe.PaymentIntent): IntentResponse {
  if (!intent.client_secret) throw new Error('PaymentIntent without client_secret');
  return { payment_intent: intent.id, client_secret: intent.client_secret, status: intent.status };
}
