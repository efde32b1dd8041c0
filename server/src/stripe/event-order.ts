/**
 * The one ordering rule for Stripe events: Stripe delivers events late, twice and out of order, so every record
 * written from an event (payment request status, dispute status and outcome, mirrored Stripe objects) keeps the
 * stamp of the event it was last written from, and a later event applies only if its stamp is not older.
 *
 * Order: Stripe's `created` (unix seconds), then, within one second, the lifecycle rank of what the event says
 * (a closed dispute outranks one under review, which outranks one that needs a response), then the event id, so
 * that two events of the same second and rank still fall in one order whichever arrives first. Stripe's event
 * ids carry no time, so the last step is arbitrary but stable: every delivery order ends in the same state.
 *
 * Neutral on purpose (it imports nothing of the server), so that `store/`, `webhooks/`, `disputes/` and
 * `connect/` all use this module and none imports another's for it.
 */
export interface EventStamp {
  /** Stripe's `created` of the event, unix seconds; 0 for a direct read, which is older than any event. */
  created: number;
  /** Lifecycle rank of the state the event carries, within its second (see the `…Rank` functions). */
  rank: number;
  /** Stripe's event id (`evt_…`); `''` for a direct read. */
  eventId: string;
}

/** What a record holds before any event wrote it: every event supersedes it. */
export const UNSTAMPED: EventStamp = { created: 0, rank: 0, eventId: '' };

/** Negative when `a` is older than `b`, positive when newer, 0 for the same event. */
export function compareStamps(a: EventStamp, b: EventStamp): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.eventId === b.eventId) return 0;
  return a.eventId < b.eventId ? -1 : 1;
}

/**
 * Whether what `candidate` says may overwrite what `stored` said: it is not older. The same event again
 * supersedes itself (writing it twice changes nothing); a missing stored stamp is superseded by anything.
 */
export function supersedes(candidate: EventStamp, stored: EventStamp | null | undefined): boolean {
  return stored == null || compareStamps(candidate, stored) >= 0;
}

/** The newer of two stamps. */
export function newest(a: EventStamp, b: EventStamp): EventStamp {
  return compareStamps(a, b) >= 0 ? a : b;
}

/**
 * A dispute status's place in its lifecycle: an inquiry (`warning_…`) before a chargeback, needing a response
 * before under review, under review before closed (`won`, `lost`, `warning_closed`, and the rarer end states).
 * Unknown statuses rank lowest, so they never outrank a known state within the same second.
 */
export function disputeStatusRank(status: string): number {
  switch (status) {
    case 'warning_needs_response':
      return 1;
    case 'warning_under_review':
      return 2;
    case 'needs_response':
      return 3;
    case 'under_review':
      return 4;
    case 'warning_closed':
    case 'won':
    case 'lost':
    case 'charge_refunded':
    case 'prevented':
      return 5;
    default:
      return 0;
  }
}

/**
 * A PaymentIntent event's place in one payment attempt: an attempt asks for action, then processes, then fails
 * or, with manual capture, is authorized (`amount_capturable_updated`, which Stripe sends when the card is held
 * and again when the hold is incremented, always before the capture or void that ends it), then ends
 * (canceled, or succeeded, which outranks canceled as money taken must win, as in the payment request's state
 * machine). Other types rank lowest. Ranks are stored with each request (`last_intent_event_rank`): renumbering
 * them needs a migration of the stored ones (as migration 10 did when `amount_capturable_updated` came in).
 */
export function intentEventRank(type: string): number {
  switch (type) {
    case 'payment_intent.requires_action':
      return 1;
    case 'payment_intent.processing':
      return 2;
    case 'payment_intent.payment_failed':
      return 3;
    case 'payment_intent.amount_capturable_updated':
      return 4;
    case 'payment_intent.canceled':
      return 5;
    case 'payment_intent.succeeded':
      return 6;
    default:
      return 0;
  }
}

/**
 * A refund's place in its lifecycle: waiting (`pending`, `requires_action`) before it settles (`succeeded`),
 * which comes before it ends without the money (`failed`, which Stripe may report after `succeeded`, or
 * `canceled`). Unknown statuses rank lowest.
 */
export function refundStatusRank(status: string | null): number {
  switch (status) {
    case 'pending':
    case 'requires_action':
      return 1;
    case 'succeeded':
      return 2;
    case 'failed':
    case 'canceled':
      return 3;
    default:
      return 0;
  }
}

/** An early fraud warning only ever settles (`actionable` true → false), never the other way. */
export function earlyFraudWarningRank(warning: { actionable?: boolean | null }): number {
  return warning.actionable === false ? 1 : 0;
}

/** The stamp of an event, given the rank of what it carries. */
export function stampOf(event: { id: string; created: number }, rank: number): EventStamp {
  return { created: event.created, rank, eventId: event.id };
}
