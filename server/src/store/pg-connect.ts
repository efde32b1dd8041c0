import type { EventStamp } from '../stripe/event-order.ts';
import { carrierAccountOf } from './records/connect.ts';
import type { AccountState, CarrierAccount, ConnectRepository } from './ports/connect.ts';
import type { PgScope } from './pg-scope.ts';

/** The PostgreSQL adapter of `ConnectRepository` (`pg-migrations/0003-risk-connect.ts`'s `connect_accounts`). */
export class PgConnect implements ConnectRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  async getAccount(accountId: string): Promise<CarrierAccount | null> {
    const r = await this.#s.one('SELECT * FROM connect_accounts WHERE account_id = $1', [accountId]);
    return r ? carrierAccountOf(r) : null;
  }

  async saveAccount(
    a: AccountState,
    stamp: EventStamp,
    merchantId: string | null,
    now: string,
  ): Promise<boolean> {
    // One statement compares the stored stamp and writes (`supersedes` in SQL; a stored account's rank is 0, as
    // on SQLite), so instances saving the same account at once cannot move it backwards: the upsert's conflict
    // path locks the row and compares against what the other one committed.
    const changed = await this.#s.run(
      `INSERT INTO connect_accounts (account_id, merchant_id, charges_enabled, payouts_enabled, details_submitted,
         disabled_reason, last_event_created, last_event_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (account_id) DO UPDATE SET charges_enabled = excluded.charges_enabled,
         payouts_enabled = excluded.payouts_enabled, details_submitted = excluded.details_submitted,
         disabled_reason = excluded.disabled_reason, last_event_created = excluded.last_event_created,
         last_event_id = excluded.last_event_id,
         merchant_id = COALESCE(connect_accounts.merchant_id, excluded.merchant_id), updated_at = excluded.updated_at
       WHERE (connect_accounts.last_event_created, 0, connect_accounts.last_event_id)
         <= (excluded.last_event_created, $10::integer, excluded.last_event_id)`,
      [
        a.accountId,
        merchantId,
        a.chargesEnabled,
        a.payoutsEnabled,
        a.detailsSubmitted,
        a.disabledReason,
        stamp.created,
        stamp.eventId,
        now,
        stamp.rank,
      ],
    );
    return changed === 1;
  }
}
