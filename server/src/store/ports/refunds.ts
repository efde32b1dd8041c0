import type { Refund } from '../types.ts';

/** Refunds of payment requests. Written only through `Store.commit` (`Change.refunds`), with the request. */
export interface RefundRepository {
  get(id: string): Promise<Refund | null>;
  /** Every refund of one payment request, newest first (Stripe's `created`, then id). */
  forRequest(paymentRequestId: string): Promise<Refund[]>;
}
