import type Stripe from 'stripe';

/** A Stripe event type a webhook endpoint can subscribe to (the SDK's own list, less `*`). */
export type StripeEventType = Exclude<Stripe.WebhookEndpointCreateParams.EnabledEvent, '*'>;

/**
 * The exact event types the Stripe webhook endpoint at `$PUBLIC_URL/v1/webhooks/stripe` must be subscribed to:
 * what `apply.ts`, `refund-events.ts` and `casework/worker.ts` act on. Stripe's `enabled_events` takes exact
 * types (or `*`), not the families of `HANDLED_EVENTS`, so this is the list to paste into the dashboard
 * (`npm run webhooks -- endpoint`) and the one the start-up check compares the endpoint against.
 *
 * Typed with the installed SDK's list, so a misspelt type fails typecheck. `charge.dispute.funds_withdrawn`
 * and `funds_reinstated` are left out: they repeat a status that `created` and `closed` already carry.
 */
export const NEEDED_STRIPE_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.processing',
  'payment_intent.payment_failed',
  'payment_intent.requires_action',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
  'charge.succeeded',
  'charge.failed',
  'charge.updated',
  'charge.expired',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.refund.updated',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'radar.early_fraud_warning.created',
  'radar.early_fraud_warning.updated',
  'account.updated',
] as const satisfies readonly StripeEventType[];

/** The types in `NEEDED_STRIPE_EVENTS` that an endpoint subscribed to `subscribed` misses (`*` is all). */
export function missingEvents(subscribed: readonly string[]): StripeEventType[] {
  if (subscribed.includes('*')) return [];
  return NEEDED_STRIPE_EVENTS.filter((type) => !subscribed.includes(type));
}
