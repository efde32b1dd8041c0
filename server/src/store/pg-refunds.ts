import type { RefundRepository } from './ports/refunds.ts';
import type { PgScope } from './pg-scope.ts';
import { textKey } from './text-key.ts';
import type { Change, Refund } from './types.ts';
import {
  REFUND_COLUMNS,
  REFUND_UPDATES,
  refundOf,
  refundValues,
  REFUNDS_FOR_REQUEST_ORDER,
} from './records/refunds.ts';

/** A payment request's refunds, newest first, in the order of the index `refunds_by_request`. */
export const REFUNDS_FOR_REQUEST_SQL = `SELECT * FROM refunds WHERE payment_request_id = $1 ${REFUNDS_FOR_REQUEST_ORDER}`;

/**
 * Writes a change's refunds, each only forward: the upsert locks a stored row before it compares the stamps
 * (as `pg-mirror.ts` does), so two instances writing different events of one refund leave the newer. Rows are
 * written in id order, so two changes cannot each hold a row the other waits for.
 */
export async function upsertRefunds(s: PgScope, change: Change): Promise<void> {
  const refunds = (change.refunds ?? [])
    .map((r) => ({ ...r, id: textKey(r.id, 'refunds.id') }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (const r of refunds) {
    await s.run(
      `INSERT INTO refunds (${REFUND_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
       ON CONFLICT (id) DO UPDATE SET ${REFUND_UPDATES}
       WHERE (excluded.last_event_created, excluded.last_event_rank, excluded.last_event_id)
         >= (refunds.last_event_created, refunds.last_event_rank, refunds.last_event_id)`,
      refundValues(r),
    );
  }
}

/** The refunds of the PostgreSQL adapter (`store.refunds`): read here, written by `PgStore.commit`. */
export class PgRefunds implements RefundRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  async get(id: string): Promise<Refund | null> {
    const row = await this.#s.one('SELECT * FROM refunds WHERE id = $1', [id]);
    return row ? refundOf(row) : null;
  }

  async forRequest(paymentRequestId: string): Promise<Refund[]> {
    const rows = await this.#s.all(REFUNDS_FOR_REQUEST_SQL, [paymentRequestId]);
    return rows.map((r) => refundOf(r));
  }
}
