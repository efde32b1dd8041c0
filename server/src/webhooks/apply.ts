import type Stripe from 'stripe';
import type { NotificationType } from '../contract/notifications.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import { canMoveTo } from '../payment-requests/state-machine.ts';
import type { Change, InboxEvent, NewNotification, PaymentRequest, Store } from '../store/types.ts';
import {
  disputeStatusRank,
  earlyFraudWarningRank,
  intentEventRank,
  newest,
  stampOf,
  supersedes,
  type EventStamp,
} from '../stripe/event-order.ts';
import { planChargeRefunded, planRefundEvent } from './refund-events.ts';

/**
 * Turns one verified Stripe event into one atomic `Change`: the payment request's new state (only ever
 * forward, see `state-machine.ts`), the merchant notifications for it, and Stripe records (disputes, early
 * fraud warnings, accounts). The change always marks the inbox event applied, so it is applied at most once.
 *
 * Every write follows `stripe/event-order.ts`: an event older than the one a record was last written from
 * changes nothing there (the store checks the mirrors again as it commits), and tells the merchant nothing new.
 */
export async function planEvent(
  store: Store,
  inbox: InboxEvent,
  event: Stripe.Event,
  now: Date,
): Promise<Change> {
  const change: Change = { inboxEventId: inbox.id };
  const object = event.data.object as unknown as Record<string, unknown>;

  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.processing':
    case 'payment_intent.payment_failed':
    case 'payment_intent.requires_action':
    case 'payment_intent.amount_capturable_updated':
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      const pr = await requestForIntent(store, intent.id, intent.metadata?.payment_request);
      if (pr)
        planIntentEvent(change, pr, event.type, intent, stampOf(event, intentEventRank(event.type)), now);
      return change;
    }
    case 'charge.succeeded':
    case 'charge.updated': {
      // A held (uncaptured) card charge of a manual-capture request says how long and how far the hold goes.
      // What it says is fixed when the card is authorized, so a late or repeated event writes the same values.
      const charge = event.data.object;
      if (charge.captured) return change;
      const pr = await requestForIntent(store, idOf(charge.payment_intent), charge.metadata?.payment_request);
      const card = charge.payment_method_details?.card;
      if (!pr || pr.captureMethod !== 'manual' || !card) return change;
      const patch = {
        captureBefore: card.capture_before ? new Date(card.capture_before * 1000).toISOString() : null,
        extendedAuthorization: card.extended_authorization
          ? card.extended_authorization.status === 'enabled'
          : null,
        incrementalAuthorization: card.incremental_authorization
          ? card.incremental_authorization.status === 'available'
          : null,
      };
      const same =
        patch.captureBefore === pr.captureBefore &&
        patch.extendedAuthorization === pr.extendedAuthorization &&
        patch.incrementalAuthorization === pr.incrementalAuthorization;
      if (!same) change.paymentRequest = { id: pr.id, expectedVersion: pr.version, patch };
      return change;
    }
    case 'charge.expired': {
      // Stripe let an uncaptured hold lapse: nothing was charged, the request can no longer be captured.
      const charge = event.data.object;
      const pr = await requestForIntent(store, idOf(charge.payment_intent), charge.metadata?.payment_request);
      if (pr && pr.captureMethod === 'manual' && canMoveTo(pr.status, 'expired'))
        transition(change, pr, { status: 'expired', amountCapturable: 0 }, 'payment_request.expired', now);
      return change;
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const pr = await requestForIntent(store, idOf(charge.payment_intent), charge.metadata?.payment_request);
      if (pr) await planChargeRefunded(store, change, pr, charge, now);
      return change;
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated': {
      const refund = event.data.object;
      const pr = await requestForIntent(store, idOf(refund.payment_intent), refund.metadata?.payment_request);
      if (pr) await planRefundEvent(store, change, pr, event, refund, now);
      return change;
    }
    default:
      break;
  }

  if (event.type.startsWith('charge.dispute.')) {
    await planDisputeEvent(store, change, event, object as unknown as Stripe.Dispute, now);
    return change;
  }

  if (
    event.type === 'radar.early_fraud_warning.created' ||
    event.type === 'radar.early_fraud_warning.updated'
  ) {
    const warning = object as unknown as Stripe.Radar.EarlyFraudWarning;
    const pr = await requestForIntent(store, idOf(warning.payment_intent), undefined);
    const stamp = stampOf(event, earlyFraudWarningRank(warning));
    const stored = await store.mirror.record(warning.id);
    const fresh = supersedes(stamp, stored?.event);
    change.records = [
      {
        objectId: warning.id,
        objectType: 'radar.early_fraud_warning',
        paymentRequestId: pr?.id ?? null,
        data: warning,
        event: stamp,
      },
    ];
    // The merchant hears of a warning once, when it is raised, as it stands now (a late `created` after the
    // warning settled says it is no longer actionable).
    if (pr && event.type === 'radar.early_fraud_warning.created') {
      const shown = fresh || !stored ? warning : (stored.data as Stripe.Radar.EarlyFraudWarning);
      notify(change, pr, 'payment_request.early_fraud_warning', now, {
        early_fraud_warning: {
          id: warning.id,
          fraud_type: shown.fraud_type,
          actionable: shown.actionable,
        },
      });
    }
    return change;
  }

  if (event.type === 'account.updated') {
    const account = object as unknown as Stripe.Account;
    change.records = [
      {
        objectId: account.id,
        objectType: 'account',
        paymentRequestId: null,
        data: account,
        event: stampOf(event, 0),
      },
    ];
    return change;
  }

  // Unknown or unhandled types: stored in the inbox and acknowledged; nothing else to do.
  return change;
}

/**
 * Any `charge.dispute.*` event: the dispute mirror takes it unless it was written from a newer event; the
 * payment request becomes `disputed` whichever of the dispute's events comes first (as it would in order, where
 * `created` comes first); the merchant hears of a newer state, never of a stale one.
 */
async function planDisputeEvent(
  store: Store,
  change: Change,
  event: Stripe.Event,
  dispute: Stripe.Dispute,
  now: Date,
): Promise<void> {
  const pr = await requestForIntent(store, idOf(dispute.payment_intent), undefined);
  const stamp = stampOf(event, disputeStatusRank(dispute.status));
  const stored = await store.mirror.dispute(dispute.id);
  const fresh = supersedes(stamp, stored?.event);
  const described = {
    id: dispute.id,
    paymentRequestId: pr?.id ?? null,
    chargeId: idOf(dispute.charge) ?? '',
    status: dispute.status,
    reason: dispute.reason,
    amount: dispute.amount,
    currency: dispute.currency,
    dueBy: dispute.evidence_details?.due_by
      ? new Date(dispute.evidence_details.due_by * 1000).toISOString()
      : null,
    updatedAt: now.toISOString(),
    event: stamp,
  };
  if (fresh) change.dispute = described;
  if (!pr) return;
  const shown = fresh || !stored ? described : stored;
  const extra = {
    dispute: { id: dispute.id, status: shown.status, reason: shown.reason, due_by: shown.dueBy },
  };
  if (canMoveTo(pr.status, 'disputed')) {
    transition(change, pr, { status: 'disputed' }, 'payment_request.disputed', now, extra);
  } else if (fresh) {
    notify(change, pr, 'payment_request.dispute_updated', now, extra);
  }
}

function planIntentEvent(
  change: Change,
  pr: PaymentRequest,
  type: string,
  intent: Stripe.PaymentIntent,
  stamp: EventStamp,
  now: Date,
): void {
  const link = pr.paymentIntentId === null ? { paymentIntentId: intent.id } : {};
  // Older than the newest PaymentIntent event applied: only `succeeded` may still move the request (money was
  // taken), and the state machine keeps that forward too.
  const stale = !supersedes(stamp, pr.lastIntentEvent);
  const capturable = pr.captureMethod === 'manual' ? capturableAfter(pr, type, intent, stale) : {};
  // What the payment took (a partial capture takes less than the amount): refunds are counted against it.
  const received =
    type === 'payment_intent.succeeded' && pr.amountReceived === 0 && intent.amount_received > 0
      ? { amountReceived: intent.amount_received }
      : {};
  const seen = { lastIntentEvent: newest(pr.lastIntentEvent, stamp), ...link, ...capturable, ...received };
  if (type === 'payment_intent.succeeded') {
    if (canMoveTo(pr.status, 'paid')) {
      return transition(
        change,
        pr,
        { status: 'paid', lastError: null, ...seen },
        'payment_request.paid',
        now,
      );
    }
  } else if (type === 'payment_intent.amount_capturable_updated') {
    // Sent when the card is held (and again when the hold is incremented, which changes only the amount).
    if (!stale && intent.status === 'requires_capture' && canMoveTo(pr.status, 'authorized')) {
      return transition(
        change,
        pr,
        { status: 'authorized', lastError: null, ...seen },
        'payment_request.authorized',
        now,
      );
    }
    if (stale && pr.status === 'authorized' && seen.amountCapturable !== pr.amountCapturable) {
      change.paymentRequest = { id: pr.id, expectedVersion: pr.version, patch: seen };
      return;
    }
  } else if (type === 'payment_intent.processing') {
    if (!stale && canMoveTo(pr.status, 'processing')) {
      return transition(change, pr, { status: 'processing', ...seen }, 'payment_request.processing', now);
    }
  } else if (type === 'payment_intent.payment_failed') {
    if (!stale && (pr.status === 'open' || pr.status === 'processing')) {
      const e = intent.last_payment_error;
      const lastError = {
        code: e?.code ?? 'payment_failed',
        message: e?.message ?? 'The payment failed.',
        decline_code: e?.decline_code ?? null,
      };
      return transition(
        change,
        pr,
        { status: 'open', lastError, ...seen },
        'payment_request.payment_failed',
        now,
      );
    }
  } else if (type === 'payment_intent.canceled') {
    // Stripe cancels a held PaymentIntent itself when the hold lapses: that is an expiry, not a void (whichever
    // of this event and `charge.expired` is applied first says so).
    const target = lapsed(pr, intent) ? 'expired' : 'canceled';
    if (!stale && canMoveTo(pr.status, target)) {
      return transition(change, pr, { status: target, ...seen }, `payment_request.${target}`, now);
    }
  }
  // requires_action, or an event that would move backwards: remember we saw it, change nothing visible.
  if (!stale || pr.paymentIntentId === null) {
    change.paymentRequest = { id: pr.id, expectedVersion: pr.version, patch: seen };
  }
}

/** Whether Stripe canceled a manual-capture PaymentIntent because the card's hold (known to exist) lapsed. */
const lapsed = (pr: PaymentRequest, intent: Stripe.PaymentIntent): boolean =>
  pr.captureMethod === 'manual' &&
  (pr.status === 'authorized' || pr.captureBefore !== null) &&
  (intent.cancellation_reason === 'automatic' || intent.cancellation_reason === 'expired');

/**
 * What a manual-capture request can still capture after this event (0 once captured or voided). While the card
 * is held the amount only grows (increments), and two `amount_capturable_updated` of one second fall in the
 * order of their ids, not of their amounts: so the largest amount seen is the newest while the hold lasts.
 */
function capturableAfter(
  pr: PaymentRequest,
  type: string,
  intent: Stripe.PaymentIntent,
  stale: boolean,
): { amountCapturable?: number } {
  if (type === 'payment_intent.amount_capturable_updated') {
    const holding = pr.status === 'open' || pr.status === 'processing' || pr.status === 'authorized';
    return holding ? { amountCapturable: Math.max(pr.amountCapturable, intent.amount_capturable) } : {};
  }
  return stale ? {} : { amountCapturable: intent.amount_capturable };
}

function transition(
  change: Change,
  pr: PaymentRequest,
  patch: NonNullable<Change['paymentRequest']>['patch'],
  type: NotificationType,
  now: Date,
  extra: Record<string, unknown> = {},
): void {
  change.paymentRequest = { id: pr.id, expectedVersion: pr.version, patch };
  notify(
    change,
    { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() },
    type,
    now,
    extra,
  );
}

function notify(
  change: Change,
  after: PaymentRequest,
  type: NotificationType,
  now: Date,
  extra: Record<string, unknown>,
): void {
  const n: NewNotification = notificationFor(after, type, now, extra);
  change.notifications = [...(change.notifications ?? []), n];
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

/** The request a PaymentIntent belongs to: by its stored link, else by the `payment_request` metadata we set. */
async function requestForIntent(
  store: Store,
  intentId: string | null,
  metadataId: string | undefined,
): Promise<PaymentRequest | null> {
  if (intentId) {
    const linked = await store.paymentRequests.byIntent(intentId);
    if (linked) return linked;
  }
  if (metadataId) {
    const pr = await store.paymentRequests.get(metadataId);
    if (pr && (pr.paymentIntentId === null || pr.paymentIntentId === intentId)) return pr;
  }
  return null;
}

/**
 * What an event must stay in order with: the PaymentIntent it concerns (intents, charges, refunds, disputes and
 * early fraud warnings of one payment share it), else its object's own id (accounts).
 */
export function orderingKey(event: Stripe.Event): string {
  const object = (event.data?.object ?? {}) as unknown as Record<string, unknown>;
  if (object.object === 'payment_intent' && typeof object.id === 'string') return object.id;
  const intent = idOf(object.payment_intent as string | { id: string } | null | undefined);
  if (intent) return intent;
  return typeof object.id === 'string' ? object.id : event.id;
}
