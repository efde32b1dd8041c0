import type {
  CaptureDeadlinesQuery,
  ListPaymentRequestsQuery,
  Page,
  PaymentRequest,
  VatProof,
} from '../types.ts';

/**
 * Payment requests. Status, refunds and errors change only through `Store.commit` (versioned, with the
 * notifications they cause); the methods here create, read and link.
 */
export interface PaymentRequestRepository {
  insert(request: PaymentRequest): Promise<void>;
  get(id: string): Promise<PaymentRequest | null>;
  byIntent(paymentIntentId: string): Promise<PaymentRequest | null>;
  /** A merchant's requests, newest first, filtered and paged after `startingAfter`. */
  list(merchantId: string, query: ListPaymentRequestsQuery): Promise<Page<PaymentRequest>>;
  /** Links a PaymentIntent; the first link wins and is returned. */
  linkIntent(id: string, paymentIntentId: string, now: string): Promise<string>;
  /**
   * Links `paymentIntentId` in place of `missingIntentId`, one Stripe no longer knows, only while that is still
   * the link; returns the link after (the replacement, or whatever another caller linked first).
   */
  replaceIntent(id: string, missingIntentId: string, paymentIntentId: string, now: string): Promise<string>;
  saveVatCheck(id: string, proof: VatProof, now: string): Promise<void>;
  /** Open requests whose expiry is at or before `now`, up to `limit`. */
  expiredBy(now: string, limit: number): Promise<PaymentRequest[]>;
  /**
   * `authorized` requests whose hold needs the capture-deadline job, soonest `capture_before` first, up to
   * `limit`: those whose deadline is reached (`capture_before <= deadlineBy`) and those not yet warned whose
   * warning is due (`capture_before` minus the merchant's `warn_hours_before`, or the default, `<= now`).
   */
  captureDeadlinesDue(q: CaptureDeadlinesQuery): Promise<PaymentRequest[]>;
}
