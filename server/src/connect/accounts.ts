import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import type { CarrierAccount } from '../store/ports/connect.ts';
import { ProblemError } from '../http/problems.ts';
import { UNSTAMPED, type EventStamp } from '../stripe/event-order.ts';
import { forBuyer } from '../stripe/rate-limit-retry.ts';

export type { CarrierAccount } from '../store/ports/connect.ts';

/** A carrier's account as CargoPay last saw it; `null` when it never has. */
export function getCarrierAccount(
  ctx: Pick<AppContext, 'store'>,
  accountId: string,
): Promise<CarrierAccount | null> {
  return ctx.store.connect.getAccount(accountId);
}

/**
 * Stores an account's state. Events older than the last one applied change nothing (`stripe/event-order.ts`;
 * accounts have no lifecycle rank, so one second's events fall in event-id order); a direct read is
 * `UNSTAMPED`, older than any event, so it only fills in what no event has described yet.
 */
export async function saveAccount(
  ctx: Pick<AppContext, 'store'>,
  account: Stripe.Account,
  stamp: EventStamp,
  merchantId: string | null,
  now: string,
): Promise<void> {
  await ctx.store.connect.saveAccount(
    {
      accountId: account.id,
      chargesEnabled: account.charges_enabled,
      payoutsEnabled: account.payouts_enabled,
      detailsSubmitted: account.details_submitted,
      disabledReason: account.requirements?.disabled_reason ?? null,
    },
    stamp,
    merchantId,
    now,
  );
}

/** `account.updated`: tracks `charges_enabled`, `payouts_enabled` and onboarding state. */
export async function trackAccount(
  ctx: AppContext,
  account: Stripe.Account,
  stamp: EventStamp,
): Promise<void> {
  const before = await getCarrierAccount(ctx, account.id);
  await saveAccount(ctx, account, stamp, null, ctx.now().toISOString());
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
  let known = await getCarrierAccount(ctx, accountId);
  if (!known) {
    try {
      const account = await forBuyer(ctx, 'accounts.retrieve', () =>
        ctx.stripe.client.accounts.retrieve(accountId),
      );
      await saveAccount(ctx, account, UNSTAMPED, merchantId, ctx.now().toISOString());
      known = await getCarrierAccount(ctx, accountId);
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
