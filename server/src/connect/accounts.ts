import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { dbOf, num, str, type Db } from '../disputes/sqlite.ts';
import { ProblemError } from '../http/problems.ts';
import { supersedes, UNSTAMPED, type EventStamp } from '../stripe/event-order.ts';
import { forBuyer } from '../stripe/rate-limit-retry.ts';

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

function repo(ctx: Pick<AppContext, 'store' | 'config'>): Db {
  return dbOf(ctx.store, ctx.config);
}

function row(r: Record<string, unknown>): CarrierAccount {
  return {
    accountId: String(r.account_id),
    merchantId: r.merchant_id == null ? null : String(r.merchant_id),
    chargesEnabled: Number(r.charges_enabled) === 1,
    payoutsEnabled: Number(r.payouts_enabled) === 1,
    detailsSubmitted: Number(r.details_submitted) === 1,
    disabledReason: r.disabled_reason == null ? null : String(r.disabled_reason),
    updatedAt: String(r.updated_at),
  };
}

export function getCarrierAccount(
  ctx: Pick<AppContext, 'store' | 'config'>,
  accountId: string,
): CarrierAccount | null {
  const r = repo(ctx).one('SELECT * FROM connect_accounts WHERE account_id = ?', accountId);
  return r ? row(r) : null;
}

/**
 * Stores an account's state. Events older than the last one applied change nothing (`stripe/event-order.ts`;
 * accounts have no lifecycle rank, so one second's events fall in event-id order); a direct read is
 * `UNSTAMPED`, older than any event, so it only fills in what no event has described yet.
 */
export function saveAccount(
  ctx: Pick<AppContext, 'store' | 'config'>,
  account: Stripe.Account,
  stamp: EventStamp,
  merchantId: string | null,
  now: string,
): void {
  const d = repo(ctx);
  const existing = d.one(
    'SELECT last_event_created, last_event_id, merchant_id FROM connect_accounts WHERE account_id = ?',
    account.id,
  );
  const stored = existing
    ? { created: num(existing.last_event_created), rank: 0, eventId: str(existing.last_event_id) }
    : null;
  if (!supersedes(stamp, stored)) return;
  d.run(
    `INSERT INTO connect_accounts (account_id, merchant_id, charges_enabled, payouts_enabled, details_submitted,
       disabled_reason, last_event_created, last_event_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)
     ON CONFLICT(account_id) DO UPDATE SET charges_enabled = excluded.charges_enabled,
       payouts_enabled = excluded.payouts_enabled, details_submitted = excluded.details_submitted,
       disabled_reason = excluded.disabled_reason, last_event_created = excluded.last_event_created,
       last_event_id = excluded.last_event_id,
       merchant_id = COALESCE(connect_accounts.merchant_id, excluded.merchant_id), updated_at = excluded.updated_at`,
    account.id,
    merchantId ?? (existing?.merchant_id == null ? null : str(existing.merchant_id)),
    account.charges_enabled ? 1 : 0,
    account.payouts_enabled ? 1 : 0,
    account.details_submitted ? 1 : 0,
    account.requirements?.disabled_reason ?? null,
    stamp.created,
    stamp.eventId,
    now,
    now,
  );
}

/** `account.updated`: tracks `charges_enabled`, `payouts_enabled` and onboarding state. */
export async function trackAccount(
  ctx: AppContext,
  account: Stripe.Account,
  stamp: EventStamp,
): Promise<void> {
  const before = getCarrierAccount(ctx, account.id);
  saveAccount(ctx, account, stamp, null, ctx.now().toISOString());
  if (before && before.chargesEnabled !== account.charges_enabled) {
    ctx.logger.info(
      {
        account: account.id,
        chargesEnabled: account.charges_enabled,
        payoutsEnabled: account.payouts_enabled,
      },
      'carrier account changed',
    );
  }
}

/**
 * Refuses a carrier account that cannot take charges yet (`carrier-not-ready`), or that belongs to another
 * merchant's carriers. An account CargoPay has not seen is read from Stripe once and remembered.
 */
export async function ensureCarrierCanCharge(
  ctx: AppContext,
  merchantId: string,
  accountId: string,
): Promise<void> {
  let known = getCarrierAccount(ctx, accountId);
  if (!known) {
    try {
      const account = await forBuyer(ctx, 'accounts.retrieve', () =>
        ctx.stripe.client.accounts.retrieve(accountId),
      );
      saveAccount(ctx, account, UNSTAMPED, merchantId, ctx.now().toISOString());
      known = getCarrierAccount(ctx, accountId);
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        throw new ProblemError('carrier-not-ready', {
          detail: `Stripe knows no connected account ${accountId}.`,
        });
      }
      if (error instanceof Stripe.errors.StripeError) throw new ProblemError('stripe-unavailable');
      throw error;
    }
  }
  if (!known) throw new ProblemError('carrier-not-ready');
  if (known.merchantId !== null && known.merchantId !== merchantId) {
    throw new ProblemError('carrier-not-ready', {
      detail: `Connected account ${accountId} is not one of your carriers.`,
    });
  }
  if (!known.chargesEnabled) {
    throw new ProblemError('carrier-not-ready', {
      detail: `Connected account ${accountId} cannot take charges yet (onboarding incomplete${
        known.disabledReason ? `: ${known.disabledReason}` : ''
      }). Send the carrier an onboarding link: POST /v1/carriers/${accountId}/onboarding-link.`,
    });
  }
}
