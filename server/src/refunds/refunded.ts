import type { NotificationType } from '../contract/notifications.ts';
import type { PaymentRequestStatus } from '../contract/http.ts';
import { canMoveTo } from '../payment-requests/state-machine.ts';
import type { Change, PaymentRequest, Refund } from '../store/types.ts';

type Patch = NonNullable<Change['paymentRequest']>['patch'];

/** Statuses a refund moves between: a payment taken and refunded in part or in whole. */
const REFUND_STATUSES: readonly PaymentRequestStatus[] = ['paid', 'partially_refunded', 'refunded'];

/** What refunds hold back from the payment: those pending, waiting on an action, or succeeded. */
export function refundedBy(refunds: readonly Refund[]): number {
  let total = 0;
  for (const r of refunds) {
    if (r.status === 'pending' || r.status === 'requires_action' || r.status === 'succeeded')
      total += r.amount;
  }
  return total;
}

/**
 * What the payment took, that refunds count against: `amount_received` once known; before the payment's own
 * event says it (a refund's event can come first), the request's amount.
 */
export const receivedOf = (pr: PaymentRequest): number =>
  pr.amountReceived > 0 ? pr.amountReceived : pr.amount;

/** What can still be refunded now. */
export const refundableOf = (pr: PaymentRequest): number => Math.max(0, receivedOf(pr) - pr.amountRefunded);

/**
 * The request once `refunded` is held back by its refunds: `partially_refunded`, `refunded` (counted against
 * what the payment took, so €110 captured of a €120 quote and €110 refunded is `refunded`), or `paid` again when
 * a failed refund gave its amount back. That step back is the state machine's one other exception: it follows
 * the refunds, each of which only moves forward (`stripe/event-order.ts`), so every order of their events ends
 * in the same state. A disputed request records the amount and stays disputed; one not yet paid moves only
 * forward. `notify` is the status notification when more was refunded (a failed refund is told on its own).
 */
export function refundedChange(
  pr: PaymentRequest,
  refunded: number,
  received = receivedOf(pr),
): { patch: Patch; notify: NotificationType | null } {
  const target: PaymentRequestStatus =
    refunded <= 0 ? 'paid' : refunded >= received ? 'refunded' : 'partially_refunded';
  const patch: Patch = {};
  if (refunded !== pr.amountRefunded) patch.amountRefunded = refunded;
  if (REFUND_STATUSES.includes(pr.status)) {
    if (target !== pr.status) patch.status = target;
  } else if (refunded > 0 && canMoveTo(pr.status, target)) {
    patch.status = target;
  }
  const grew = refunded > pr.amountRefunded;
  return { patch, notify: grew ? `payment_request.${patch.status ?? pr.status}` : null };
}
