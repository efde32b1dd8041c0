import type { PaymentRequestRepository } from './ports/payment-requests.ts';
import { merchantPage } from './pg-page.ts';
import type { PgRow, PgScope } from './pg-scope.ts';
import { str } from './records/cells.ts';
import type {
  CaptureDeadlinesQuery,
  Change,
  ListPaymentRequestsQuery,
  Page,
  PaymentRequest,
  VatProof,
} from './types.ts';
import {
  PAYMENT_REQUEST_COLUMNS,
  PAYMENT_REQUEST_COLUMN_COUNT,
  paymentRequestOf,
  paymentRequestValues,
  patchColumns,
  sealVatCheck,
} from './records/payment-requests.ts';

/** Open requests expired by $1, up to $2, soonest first (the partial index `payment_requests_open_expiry`). */
export const EXPIRED_REQUESTS_SQL = `SELECT * FROM payment_requests
  WHERE status = 'open' AND expires_at IS NOT NULL AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`;

/**
 * Authorized requests the capture-deadline job must act on (`captureDeadlinesDue`): $1 horizon, $2 deadline
 * bound, $3 default warning hours, $4 now, $5 limit. Read through the partial index
 * `payment_requests_capture_deadline` up to the horizon (the longest warning a merchant can ask for), in its
 * order, each hold's merchant settings by primary key (a join would let the planner hash and then sort).
 */
export const CAPTURE_DEADLINES_SQL = `SELECT pr.* FROM payment_requests pr
  WHERE pr.status = 'authorized' AND pr.capture_before IS NOT NULL AND pr.capture_before <= $1
    AND (pr.capture_before <= $2 OR (pr.capture_warned_at IS NULL
      AND pr.capture_before::timestamptz - make_interval(hours => COALESCE(
        (SELECT cs.warn_hours_before FROM capture_settings cs WHERE cs.merchant_id = pr.merchant_id), $3::integer
      )) <= $4::timestamptz))
  ORDER BY pr.capture_before, pr.id LIMIT $5`;

type Patch = NonNullable<Change['paymentRequest']>['patch'];

/**
 * The payment requests of the PostgreSQL adapter (`store.paymentRequests`): the customer and the VAT proof
 * sealed under the request's id. Status, refunds and errors change only through `PgStore.commit`
 * (`applyPatch`, at an expected version).
 */
export class PgPaymentRequests implements PaymentRequestRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  #request(row: PgRow): PaymentRequest {
    return paymentRequestOf(row, this.#s.sealer);
  }

  async insert(pr: PaymentRequest): Promise<void> {
    await this.#s.run(
      `INSERT INTO payment_requests (${PAYMENT_REQUEST_COLUMNS})
       VALUES (${Array.from({ length: PAYMENT_REQUEST_COLUMN_COUNT }, (_, i) => `$${i + 1}`).join(',')})`,
      paymentRequestValues(pr, this.#s.sealer),
    );
  }

  async get(id: string): Promise<PaymentRequest | null> {
    const row = await this.#s.one('SELECT * FROM payment_requests WHERE id = $1', [id]);
    return row ? this.#request(row) : null;
  }

  async byIntent(paymentIntentId: string): Promise<PaymentRequest | null> {
    const row = await this.#s.one('SELECT * FROM payment_requests WHERE payment_intent_id = $1', [
      paymentIntentId,
    ]);
    return row ? this.#request(row) : null;
  }

  async list(merchantId: string, q: ListPaymentRequestsQuery): Promise<Page<PaymentRequest>> {
    const filters: [string, unknown][] = [];
    if (q.status) filters.push(['status = ?', q.status]);
    if (q.reference) filters.push(['reference = ?', q.reference]);
    if (q.createdGte) filters.push(['created_at >= ?', q.createdGte]);
    if (q.createdLte) filters.push(['created_at <= ?', q.createdLte]);
    return merchantPage(this.#s, 'payment_requests', merchantId, filters, q, (r) => this.#request(r));
  }

  async linkIntent(id: string, paymentIntentId: string, now: string): Promise<string> {
    // Not durable (see GroupCommit.write): a link lost to a crash is made again from Stripe, which answers the
    // same PaymentIntent to the same idempotency key. Two instances linking at once: the second's update waits
    // for the first's row lock, then finds the link made and leaves it; both read back the first.
    return this.#s.write(
      async (s) => {
        const linked = await s.one(
          `UPDATE payment_requests SET payment_intent_id = $1, updated_at = $2, version = version + 1
           WHERE id = $3 AND payment_intent_id IS NULL RETURNING payment_intent_id`,
          [paymentIntentId, now, id],
        );
        // Linked already (or just now by another instance): read in a statement of its own, whose snapshot,
        // taken after the update waited for the other's row lock, sees that link.
        const row =
          linked ?? (await s.one('SELECT payment_intent_id FROM payment_requests WHERE id = $1', [id]));
        return str(row?.payment_intent_id);
      },
      { durable: false },
    );
  }

  async replaceIntent(
    id: string,
    missingIntentId: string,
    paymentIntentId: string,
    now: string,
  ): Promise<string> {
    // As linkIntent, but in place of a PaymentIntent Stripe no longer knows: two instances replacing at once
    // serialize on the row lock, and the second finds the first's replacement and keeps it.
    return this.#s.write(
      async (s) => {
        const replaced = await s.one(
          `UPDATE payment_requests SET payment_intent_id = $1, updated_at = $2, version = version + 1
           WHERE id = $3 AND payment_intent_id = $4 RETURNING payment_intent_id`,
          [paymentIntentId, now, id, missingIntentId],
        );
        const row =
          replaced ?? (await s.one('SELECT payment_intent_id FROM payment_requests WHERE id = $1', [id]));
        return str(row?.payment_intent_id);
      },
      { durable: false },
    );
  }

  async saveVatCheck(id: string, proof: VatProof, now: string): Promise<void> {
    await this.#s.run(
      'UPDATE payment_requests SET vat_check_sealed = $1, updated_at = $2, version = version + 1 WHERE id = $3',
      [sealVatCheck(this.#s.sealer, id, proof), now, id],
    );
  }

  async expiredBy(now: string, limit: number): Promise<PaymentRequest[]> {
    const rows = await this.#s.all(EXPIRED_REQUESTS_SQL, [now, limit]);
    return rows.map((r) => this.#request(r));
  }

  async captureDeadlinesDue(q: CaptureDeadlinesQuery): Promise<PaymentRequest[]> {
    const rows = await this.#s.all(CAPTURE_DEADLINES_SQL, [
      q.horizon,
      q.deadlineBy,
      q.defaultWarnHours,
      q.now,
      q.limit,
    ]);
    return rows.map((r) => this.#request(r));
  }

  /**
   * Applies `patch` to a request still at `expectedVersion` (bumping it); `false` when its version moved on
   * (`patchColumns`).
   */
  static async applyPatch(
    s: PgScope,
    id: string,
    expectedVersion: number,
    p: Patch,
    now: string,
  ): Promise<boolean> {
    const values: unknown[] = [now];
    const sets = ['updated_at = $1', 'version = version + 1'];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    for (const [column, value] of patchColumns(p)) set(column, value);
    values.push(id, expectedVersion);
    const changed = await s.run(
      `UPDATE payment_requests SET ${sets.join(', ')} WHERE id = $${values.length - 1} AND version = $${values.length}`,
      values,
    );
    return changed === 1;
  }
}
