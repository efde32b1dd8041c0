import type { OutboxRepository } from './ports/outbox.ts';
import { merchantPage } from './pg-page.ts';
import { compareKeys } from './pg-queue-order.ts';
import { isoAfter, type PgRow, type PgScope } from './pg-scope.ts';
import { str } from './records/cells.ts';
import {
  DELIVERY_ATTEMPT_COLUMNS,
  deliveryAttemptOf,
  deliveryAttemptValues,
  notificationOf,
} from './records/outbox.ts';
import type { DeliveryAttempt, Notification, Page } from './types.ts';

/**
 * The sender's claim: up to $3 pending notifications due at $1 and not leased, oldest due first (the partial
 * index `notifications_due`), each leased until $2; `SKIP LOCKED` keeps instances claiming at once apart.
 */
export const CLAIM_NOTIFICATIONS_SQL = `UPDATE notifications SET lease_until = $2 WHERE id IN (
    SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1
      AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING *`;

/**
 * The notification outbox of the PostgreSQL adapter (`store.outbox`): rows are written by `commit` with the
 * change that caused them; a claim leases them in the row (`lease_until`), a recorded delivery ends the lease.
 */
export class PgOutbox implements OutboxRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  async claim(limit: number, leaseMs: number, now: string): Promise<Notification[]> {
    const rows = await this.#s.all(CLAIM_NOTIFICATIONS_SQL, [now, isoAfter(now, leaseMs), limit]);
    // `RETURNING` keeps no order: the queue's is restored here.
    const order = (r: PgRow) => [str(r.next_attempt_at), str(r.id)];
    return rows.sort((a, b) => compareKeys(order(a), order(b))).map((r) => notificationOf(r));
  }

  async recordDelivery(
    a: DeliveryAttempt,
    next: { status: Notification['status']; nextAttemptAt: string | null },
  ): Promise<void> {
    await this.#s.write(async (s) => {
      await s.run(
        `INSERT INTO delivery_attempts (${DELIVERY_ATTEMPT_COLUMNS})
         VALUES ($1,$2,$3,$4,$5)`,
        deliveryAttemptValues(a),
      );
      await s.run(
        `UPDATE notifications SET attempts = attempts + 1, status = $1, next_attempt_at = $2, last_error = $3,
           delivered_at = CASE WHEN $1 = 'delivered' THEN $4 ELSE delivered_at END, lease_until = NULL
         WHERE id = $5`,
        [next.status, next.nextAttemptAt, a.error, a.attemptedAt, a.notificationId],
      );
    });
  }

  async list(
    merchantId: string,
    q: { limit: number; startingAfter?: string; paymentRequestId?: string },
  ): Promise<Page<Notification>> {
    const filters: [string, unknown][] = q.paymentRequestId
      ? [['payment_request_id = ?', q.paymentRequestId]]
      : [];
    return merchantPage(this.#s, 'notifications', merchantId, filters, q, (r) => notificationOf(r));
  }

  async attempts(ids: string[]): Promise<DeliveryAttempt[]> {
    if (ids.length === 0) return [];
    const rows = await this.#s.all(
      `SELECT * FROM delivery_attempts WHERE notification_id = ANY($1::text[]) ORDER BY attempted_at, id`,
      [ids],
    );
    return rows.map(deliveryAttemptOf);
  }
}
