import { Router } from 'express';
import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { UNSTAMPED } from '../stripe/event-order.ts';
import { getCarrierAccount, saveAccount, type CarrierAccount } from './accounts.ts';
import { stripeProblem } from './stripe-problem.ts';
import { accountIdParamsSchema, createCarrierSchema, onboardingLinkSchema } from './schema.ts';

function present(a: CarrierAccount) {
  return {
    object: 'carrier_account' as const,
    account: a.accountId,
    charges_enabled: a.chargesEnabled,
    payouts_enabled: a.payoutsEnabled,
    details_submitted: a.detailsSubmitted,
    disabled_reason: a.disabledReason,
    updated_at: a.updatedAt,
  };
}

/**
 * Carriers on Stripe Connect (merchant key): create a carrier's connected account, get a Stripe-hosted
 * onboarding link (Account Links: Stripe does the KYC), read its state. Mounted at `/v1/carriers`.
 */
export function carriersRouter(ctx: AppContext): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const input = parse(createCarrierSchema, req.body);
    const merchant = currentMerchant(res);
    let account: Stripe.Account;
    try {
      account = await ctx.stripe.client.accounts.create({
        type: 'express',
        country: input.country,
        ...(input.email ? { email: input.email } : {}),
        business_profile: { name: input.name },
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        metadata: { merchant: merchant.id },
      });
    } catch (error) {
      stripeProblem(error);
    }
    await saveAccount(ctx, account, UNSTAMPED, merchant.id, ctx.now().toISOString());
    res.status(201).json(present((await getCarrierAccount(ctx, account.id)) as CarrierAccount));
  });

  const own = async (merchantId: string, accountId: string): Promise<CarrierAccount> => {
    let known = await getCarrierAccount(ctx, accountId);
    if (!known) {
      try {
        await saveAccount(
          ctx,
          await ctx.stripe.client.accounts.retrieve(accountId),
          UNSTAMPED,
          merchantId,
          ctx.now().toISOString(),
        );
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError) throw new ProblemError('not-found');
        stripeProblem(error);
      }
      known = await getCarrierAccount(ctx, accountId);
    }
    if (!known || (known.merchantId !== null && known.merchantId !== merchantId))
      throw new ProblemError('not-found');
    return known;
  };

  router.get('/:account', async (req, res) => {
    const { account } = parse(accountIdParamsSchema, req.params, 'path');
    res.json(present(await own(currentMerchant(res).id, account)));
  });

  router.post('/:account/onboarding-link', async (req, res) => {
    const { account } = parse(accountIdParamsSchema, req.params, 'path');
    const input = parse(onboardingLinkSchema, req.body);
    await own(currentMerchant(res).id, account);
    let link: Stripe.AccountLink;
    try {
      link = await ctx.stripe.client.accountLinks.create({
        account,
        type: 'account_onboarding',
        return_url: input.return_url,
        refresh_url: input.refresh_url,
      });
    } catch (error) {
      stripeProblem(error);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({
      object: 'onboarding_link',
      account,
      url: link.url,
      expires_at: new Date(link.expires_at * 1000).toISOString(),
    });
  });

  return router;
}
