import type { DeliveryAttempt, Notification, Page } from '../types.ts';

/**
 * The notification outbox: notifications to merchants, queued by `Store.commit` with the change that caused
 * them, claimed by the delivery loop, and every delivery attempt kept.
 */
export interface OutboxRepository {
  /**
   * Claims up to `limit` notifications due at `now`, oldest due first, each leased for `leaseMs` until its
   * delivery attempt is recorded (`recordDelivery`) or the lease runs out.
   */
  claim(limit: number, leaseMs: number, now: string): Promise<Notification[]>;
  /** Records one attempt and what follows it (delivered, retried at `nextAttemptAt`, or failed for good). */
  recordDelivery(
    attempt: DeliveryAttempt,
    next: { status: Notification['status']; nextAttemptAt: string | null },
  ): Promise<void>;
  /** A merchant's notifications, newest first, paged after `startingAfter`. */
  list(
    merchantId: string,
    query: { limit: number; startingAfter?: string; paymentRequestId?: string },
  ): Promise<Page<Notification>>;
  /** The attempts at these notifications, oldest first. */
  attempts(notificationIds: string[]): Promise<DeliveryAttempt[]>;
}
