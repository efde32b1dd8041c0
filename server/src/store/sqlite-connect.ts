import { supersedes, type EventStamp } from '../stripe/event-order.ts';
import { carrierAccountOf } from './records/connect.ts';
import type { AccountState, CarrierAccount, ConnectRepository } from './ports/connect.ts';
import type { SqliteScope } from './sqlite-scope.ts';
import { num, str, strOrNull } from './records/cells.ts';

/** The SQLite adapter of `ConnectRepository` (migration 0003's `connect_accounts`). */
export class SqliteConnect implements ConnectRepository {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  async getAccount(accountId: string): Promise<CarrierAccount | null> {
    const r = this.#s.one('SELECT * FROM connect_accounts WHERE account_id = ?', accountId);
    return r ? carrierAccountOf(r) : null;
  }

  async saveAccount(
    a: AccountState,
    stamp: EventStamp,
    merchantId: string | null,
    now: string,
  ): Promise<boolean> {
    // The stored stamp is read and compared in the same write as the upsert.
    return this.#s.write(() => {
      const existing = this.#s.one(
        'SELECT last_event_created, last_event_id, merchant_id FROM connect_accounts WHERE account_id = ?',
        a.accountId,
      );
      const stored = existing
        ? { created: num(existing.last_event_created), rank: 0, eventId: str(existing.last_event_id) }
        : null;
      if (!supersedes(stamp, stored)) return false;
      this.#s.run(
        `INSERT INTO connect_accounts (account_id, merchant_id, charges_enabled, payouts_enabled, details_submitted,
           disabled_reason, last_event_created, last_event_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)
         ON CONFLICT(account_id) DO UPDATE SET charges_enabled = excluded.charges_enabled,
           payouts_enabled = excluded.payouts_enabled, details_submitted = excluded.details_submitted,
           disabled_reason = excluded.disabled_reason, last_event_created = excluded.last_event_created,
           last_event_id = excluded.last_event_id,
           merchant_id = COALESCE(connect_accounts.merchant_id, excluded.merchant_id), updated_at = excluded.updated_at`,
        a.accountId,
        merchantId ?? strOrNull(existing?.merchant_id),
        a.chargesEnabled ? 1 : 0,
        a.payoutsEnabled ? 1 : 0,
        a.detailsSubmitted ? 1 : 0,
        a.disabledReason,
        stamp.created,
        stamp.eventId,
        now,
        now,
      );
      return true;
    });
  }
}
