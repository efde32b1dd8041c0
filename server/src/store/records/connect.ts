import type { CarrierAccount } from '../ports/connect.ts';
import { flag, str, strOrNull, type Row } from './cells.ts';

/** A `connect_accounts` row as the carrier's account. */
export const carrierAccountOf = (r: Row): CarrierAccount => ({
  accountId: str(r.account_id),
  merchantId: strOrNull(r.merchant_id),
  chargesEnabled: flag(r.charges_enabled),
  payoutsEnabled: flag(r.payouts_enabled),
  detailsSubmitted: flag(r.details_submitted),
  disabledReason: strOrNull(r.disabled_reason),
  updatedAt: str(r.updated_at),
});
