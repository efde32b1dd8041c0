import type { EventStamp } from '../../stripe/event-order.ts';

/** A carrier's connected account as CargoPay last saw it (from Stripe or `account.updated`). */
export interface CarrierAccount {
  accountId: string;
  merchantId: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  disabledReason: string | null;
  updatedAt: string;
}

/** What Stripe says of a connected account at one moment. */
export type AccountState = Omit<CarrierAccount, 'merchantId' | 'updatedAt'>;

/** Carriers' connected accounts. */
export interface ConnectRepository {
  getAccount(accountId: string): Promise<CarrierAccount | null>;
  /**
   * Stores an account's state unless it was written from a newer event (`stripe/event-order.ts`; accounts have
   * no lifecycle rank). `merchantId` is kept once known (the first merchant to name the account owns it).
   * `false` when the stored state was newer and nothing changed.
   */
  saveAccount(
    state: AccountState,
    stamp: EventStamp,
    merchantId: string | null,
    now: string,
  ): Promise<boolean>;
}
