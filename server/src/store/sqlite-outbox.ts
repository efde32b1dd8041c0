import type { SQLInputValue } from 'node:sqlite';
import type { OutboxRepository } from './ports/outbox.ts';
import { merchantPage } from './sqlite-page.ts';
import { sqliteValues, type SqliteScope } from './sqlite-scope.ts';
import { str } from './records/cells.ts';
import {
  DELIVERY_ATTEMPT_COLUMNS,
  deliveryAttemptOf,
  deliveryAttemptValues,
  notificationOf,
} from './records/outbox.ts';
import type { DeliveryAttempt, Notification, Page } from './types.ts';

/**
 * The notification sender's due deliveries, oldest first, served by an index in that order (migration 6);
 * `store.test.ts` holds it to it with EXPLAIN QUERY PLAN.
 */
export const DUE_NOTIFICATIONS_SQL = `SELECT * FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`;

/**
 * The notification outbox of the SQLite adapter (`store.outbox`): rows are written by `commit` with the change
 * that caused them; claims are leases kept in memory (`sqlite-leases.ts`).
 */
export class SqliteOutbox implements OutboxRepository {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  async claim(limit: number, leaseMs: number, now: string): Promise<Notification[]> {
    const rows = this.#s.leases.notifications.claim(
      (extra) => this.#s.all(DUE_NOTIFICATIONS_SQL, now, limit + extra),
      (r) => str(r.id),
      limit,
      leaseMs,
      now,
    );
    return rows.map((r) => notificationOf(r));
  }

  async recordDelivery(
    a: DeliveryAttempt,
    next: { status: Notification['status']; nextAttemptAt: string | null },
  ): Promise<void> {
    this.#s.leases.notifications.release(a.notificationId);
    await this.#s.write(() => {
      this.#s.run(
        `INSERT INTO delivery_attempts (${DELIVERY_ATTEMPT_COLUMNS}) VALUES (?,?,?,?,?)`,
        ...sqliteValues(deliveryAttemptValues(a)),
      );
      this.#s.run(
        `UPDATE notifications SET attempts = attempts + 1, status = ?, next_attempt_at = ?, last_error = ?,
           delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE id = ?`,
        next.status,
        next.nextAttemptAt,
        a.error,
        next.status,
        a.attemptedAt,
        a.notificationId,
      );
    });
  }

  async list(
    merchantId: string,
    q: { limit: number; startingAfter?: string; paymentRequestId?: string },
  ): Promise<Page<Notification>> {
    const filters: [string, SQLInputValue][] = q.paymentRequestId
      ? [['payment_request_id = ?', q.paymentRequestId]]
      : [];
    return merchantPage(this.#s, 'notifications', merchantId, filters, q, (r) => notificationOf(r));
  }

  async attempts(ids: string[]): Promise<DeliveryAttempt[]> {
    if (ids.length === 0) return [];
    return this.#s
      .all(
        `SELECT * FROM delivery_attempts WHERE notification_id IN (${ids.map(() => '?').join(',')}) ORDER BY attempted_at`,
        ...ids,
      )
      .map(deliveryAttemptOf);
  }
}
