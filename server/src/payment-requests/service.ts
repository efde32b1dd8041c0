import Stripe from 'stripe';
import { newId } from '../ids.ts';
import { ProblemError } from '../http/problems.ts';
import { notificationFor } from './notification.ts';
import { UNSTAMPED } from '../stripe/event-order.ts';
import { isResourceMissing } from '../stripe/resource-missing.ts';
import type { ListPaymentRequestsQuery, Merchant, Page, PaymentRequest, Store } from '../store/types.ts';
import type { CreatePaymentRequestInput } from './schema.ts';

const MAX_EXPIRY_MS = 90 * 86_400_000;

/** Creates an `open` payment request for `merchant`. The amount decided here is the only one ever charged. */
export async function createPaymentRequest(
  store: Store,
  merchant: Merchant,
  input: CreatePaymentRequestInput,
  now: Date,
): Promise<PaymentRequest> {
  let expiresAt: string | null = null;
  if (input.expires_at !== undefined) {
    const at = new Date(input.expires_at);
    if (at.getTime() <= now.getTime() || at.getTime() - now.getTime() > MAX_EXPIRY_MS) {
      throw new ProblemError('validation-failed', {
        errors: [{ path: 'expires_at', message: 'must be in the future and within 90 days' }],
      });
    }
    expiresAt = at.toISOString();
  }
  const iso = now.toISOString();
  const request: PaymentRequest = {
    id: newId('pr'),
    merchantId: merchant.id,
    status: 'open',
    amount: input.amount,
    currency: input.currency,
    reference: input.reference,
    description: input.description,
    customer: { email: input.customer.email, name: input.customer.name },
    carrier: input.carrier
      ? {
          name: input.carrier.name,
          stripeAccount: input.carrier.stripe_account ?? null,
          platformFee: input.carrier.platform_fee ?? null,
        }
      : null,
    expiresAt,
    metadata: input.metadata ?? {},
    paymentIntentId: null,
    lastError: null,
    amountRefunded: 0,
    amountReceived: 0,
    vatCheck: null,
    captureMethod: input.capture,
    amountCapturable: 0,
    captureBefore: null,
    extendedAuthorization: null,
    incrementalAuthorization: null,
    maxFinalAmount: input.max_final_amount ?? null,
    captureWarnedAt: null,
    receiptEmail: input.receipt_email,
    livemode: merchant.livemode,
    createdAt: iso,
    updatedAt: iso,
    version: 1,
    lastIntentEvent: UNSTAMPED,
  };
  await store.paymentRequests.insert(request);
  return request;
}

/** The merchant's own request; another merchant's id is answered exactly like an unknown one. */
export async function getOwnPaymentRequest(
  store: Store,
  merchant: Merchant,
  id: string,
): Promise<PaymentRequest> {
  const pr = await store.paymentRequests.get(id);
  if (!pr || pr.merchantId !== merchant.id) throw new ProblemError('payment-request-not-found');
  return pr;
}

export async function listPaymentRequests(
  store: Store,
  merchant: Merchant,
  query: ListPaymentRequestsQuery,
): Promise<Page<PaymentRequest>> {
  return store.paymentRequests.list(merchant.id, query);
}

/**
 * Moves an `open` request whose `expires_at` has passed to `expired` (with its notification). Returns the
 * request as it is afterwards. Called lazily on reads and by the periodic sweep. When the request has a
 * PaymentIntent, it is canceled at Stripe (in the background) so the buyer can no longer confirm it; if the
 * payment went through anyway, its `payment_intent.succeeded` still marks the request paid.
 */
export async function expireIfDue(
  store: Store,
  pr: PaymentRequest,
  now: Date,
  stripe?: Stripe,
): Promise<PaymentRequest> {
  if (pr.status !== 'open' || pr.expiresAt === null || new Date(pr.expiresAt).getTime() > now.getTime())
    return pr;
  const after: PaymentRequest = {
    ...pr,
    status: 'expired',
    version: pr.version + 1,
    updatedAt: now.toISOString(),
  };
  const result = await store.commit(
    {
      paymentRequest: { id: pr.id, expectedVersion: pr.version, patch: { status: 'expired' } },
      notifications: [notificationFor(after, 'payment_request.expired', now)],
    },
    now.toISOString(),
  );
  if (result !== 'applied') return (await store.paymentRequests.get(pr.id)) ?? pr;
  if (stripe && pr.paymentIntentId) {
    stripe.paymentIntents
      .cancel(pr.paymentIntentId, undefined, { idempotencyKey: `cargopay:${pr.id}:expire` })
      .catch(() => undefined); // already succeeded, processing or canceled: the webhooks tell the rest
  }
  return after;
}

/**
 * Cancels an `open` request (and its PaymentIntent at Stripe, if one exists), or voids the card hold of an
 * `authorized` one (canceling its PaymentIntent releases the hold). Canceling a canceled request answers it
 * unchanged; any other status cannot be canceled.
 */
export async function cancelPaymentRequest(
  store: Store,
  stripe: Stripe,
  pr: PaymentRequest,
  now: Date,
): Promise<PaymentRequest> {
  if (pr.status === 'canceled') return pr;
  if (pr.status !== 'open' && pr.status !== 'authorized') {
    throw new ProblemError('payment-request-not-cancelable', { detail: `The request is ${pr.status}.` });
  }
  if (pr.paymentIntentId) {
    try {
      const intent = await stripe.paymentIntents.retrieve(pr.paymentIntentId);
      if (intent.status === 'succeeded' || intent.status === 'processing') {
        throw new ProblemError('payment-request-not-cancelable', {
          detail: `The payment is ${intent.status}.`,
        });
      }
      if (intent.status !== 'canceled') {
        // Keyed by the PaymentIntent too: a request whose PaymentIntent was replaced cancels the new one under a
        // key of its own, where reusing the old key on another PaymentIntent would be refused by Stripe.
        await stripe.paymentIntents.cancel(pr.paymentIntentId, undefined, {
          idempotencyKey: `cargopay:${pr.id}:cancel:${pr.paymentIntentId}`,
        });
      }
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      // Stripe no longer knows the PaymentIntent (deleted, or a sandbox that lost its state): no payment and no
      // hold is left to void, so the request is canceled below rather than refused for ever.
      if (!isResourceMissing(error)) {
        if (error instanceof Stripe.errors.StripeError) {
          throw new ProblemError('stripe-unavailable', {
            detail: 'The PaymentIntent could not be canceled; retry.',
          });
        }
        throw error;
      }
    }
  }
  const released = pr.amountCapturable > 0 ? { amountCapturable: 0 } : {};
  const after: PaymentRequest = {
    ...pr,
    status: 'canceled',
    ...released,
    version: pr.version + 1,
    updatedAt: now.toISOString(),
  };
  const result = await store.commit(
    {
      paymentRequest: { id: pr.id, expectedVersion: pr.version, patch: { status: 'canceled', ...released } },
      notifications: [notificationFor(after, 'payment_request.canceled', now)],
    },
    now.toISOString(),
  );
  if (result !== 'applied') {
    const fresh = await store.paymentRequests.get(pr.id);
    if (!fresh) throw new ProblemError('payment-request-not-found');
    return cancelPaymentRequest(store, stripe, fresh, now);
  }
  return after;
}
