import type { StripeMirror } from './ports/mirror.ts';
import { compareKeys } from './pg-queue-order.ts';
import type { PgScope } from './pg-scope.ts';
import { textKey } from './text-key.ts';
import type { Change, Dispute, StripeRecord } from './types.ts';
import {
  DISPUTE_COLUMNS,
  disputeOf,
  disputeValues,
  STRIPE_RECORD_COLUMNS,
  stripeRecordOf,
  stripeRecordValues,
} from './records/mirror.ts';

/** A payment request's disputes, in the order of the index `disputes_by_request` (`pg-plans.test.ts`). */
export const DISPUTES_FOR_REQUEST_SQL =
  'SELECT * FROM disputes WHERE payment_request_id = $1 ORDER BY updated_at, id';

/**
 * `supersedes` (`stripe/event-order.ts`) in SQL, for an upsert's `DO UPDATE … WHERE`: the incoming stamp is not
 * older than the stored one, compared as a row (`created`, then rank, then the event id, byte order as the ids
 * are `COLLATE "C"`, the same as JavaScript's for Stripe's ASCII ids). The upsert locks the stored row before it
 * evaluates this, so two instances writing different events of one object leave the newer, whichever commits
 * last, and an object that did not exist yet is inserted by one and then compared by the other.
 */
const SUPERSEDES = (table: string) =>
  `(excluded.last_event_created, excluded.last_event_rank, excluded.last_event_id)
     >= (${table}.last_event_created, ${table}.last_event_rank, ${table}.last_event_id)`;

/** Writes a change's mirrored dispute and Stripe objects, each only forward (see `SUPERSEDES`). */
export async function upsertMirror(s: PgScope, change: Change, now: string): Promise<void> {
  const d = change.dispute;
  if (d) {
    await s.run(
      `INSERT INTO disputes (${DISPUTE_COLUMNS})
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason, amount = excluded.amount,
         due_by = excluded.due_by, updated_at = excluded.updated_at, last_event_created = excluded.last_event_created,
         last_event_rank = excluded.last_event_rank, last_event_id = excluded.last_event_id,
         payment_request_id = COALESCE(disputes.payment_request_id, excluded.payment_request_id)
       WHERE ${SUPERSEDES('disputes')}`,
      disputeValues(d),
    );
  }
  // Rows are locked in one order (by object id; `sort` is stable, so one object's writes keep theirs), so that
  // two changes writing the same objects cannot each hold one the other waits for.
  const records = [...(change.records ?? [])].sort((x, y) =>
    compareKeys(
      [textKey(x.objectId, 'stripe_records.object_id')],
      [textKey(y.objectId, 'stripe_records.object_id')],
    ),
  );
  for (const r of records) {
    // The object id comes from Stripe's payload: one string for the row and the seal (see `textKey`).
    const objectId = textKey(r.objectId, 'stripe_records.object_id');
    await s.run(
      `INSERT INTO stripe_records (${STRIPE_RECORD_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (object_id) DO UPDATE SET data_sealed = excluded.data_sealed, updated_at = excluded.updated_at,
         last_event_created = excluded.last_event_created, last_event_rank = excluded.last_event_rank,
         last_event_id = excluded.last_event_id,
         payment_request_id = COALESCE(stripe_records.payment_request_id, excluded.payment_request_id)
       WHERE ${SUPERSEDES('stripe_records')}`,
      stripeRecordValues(objectId, r, s.sealer, now),
    );
  }
}

/** The Stripe mirror of the PostgreSQL adapter (`store.mirror`): read here, written by `PgStore.commit`. */
export class PgMirror implements StripeMirror {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  async disputesFor(paymentRequestId: string): Promise<Dispute[]> {
    const rows = await this.#s.all(DISPUTES_FOR_REQUEST_SQL, [paymentRequestId]);
    return rows.map((r) => disputeOf(r));
  }

  async dispute(id: string): Promise<Dispute | null> {
    const row = await this.#s.one('SELECT * FROM disputes WHERE id = $1', [id]);
    return row ? disputeOf(row) : null;
  }

  async record(objectId: string): Promise<(StripeRecord & { updatedAt: string }) | null> {
    const r = await this.#s.one('SELECT * FROM stripe_records WHERE object_id = $1', [objectId]);
    return r ? stripeRecordOf(r, this.#s.sealer) : null;
  }
}
