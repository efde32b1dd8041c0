import type { PaymentRequestStatus } from '../contract/http.ts';

/**
 * The payment request lifecycle only moves forward. Each status has a rank; a change is allowed only to a
 * higher rank, so events that arrive late, twice or out of order change nothing:
 *
 *   open(0) → processing(1) → authorized(2) → canceled | expired (3) → paid(4) → partially_refunded(5)
 *     → refunded(6) → disputed(7)
 *
 * `authorized` (a manual-capture request whose card is held) comes before `canceled` and `expired` because a
 * hold ends in one of those (voided, or lapsed) or in `paid` (captured).
 * `paid` outranks `canceled` and `expired` on purpose: if money was taken despite a cancel racing the buyer,
 * the request must say so. The one step back, `processing → open` after a failed attempt, is not a status
 * change of this table: it is allowed only for a `payment_intent.payment_failed` newer than every
 * PaymentIntent event already applied (see `webhooks/apply.ts`). The other is a failed refund: `paid`,
 * `partially_refunded` and `refunded` follow the request's refunds, each of which only moves forward, so a
 * refund that fails gives its amount back (see `refunds/refunded.ts`).
 */
export const RANK: Record<PaymentRequestStatus, number> = {
  open: 0,
  processing: 1,
  authorized: 2,
  canceled: 3,
  expired: 3,
  paid: 4,
  partially_refunded: 5,
  refunded: 6,
  disputed: 7,
};

/** Whether a request may move from `from` to `to`: only forward, so an older event never undoes a newer one. */
export function canMoveTo(from: PaymentRequestStatus, to: PaymentRequestStatus): boolean {
  return RANK[to] > RANK[from];
}
