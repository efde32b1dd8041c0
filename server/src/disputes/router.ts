import { Router } from 'express';
import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import type { DisputeCase } from '../store/ports/disputes.ts';
import { OPEN_DISPUTE_STATUSES, respondToDispute } from './respond.ts';
import {
  addEvidenceSchema,
  disputeIdParamsSchema,
  disputeListQuerySchema,
  disputeSettings,
  disputeSettingsPatchSchema,
  disputeSettingsSchema,
} from './schema.ts';
import { disputeStats } from './stats.ts';

export function presentDispute(c: DisputeCase) {
  return {
    id: c.id,
    object: 'dispute' as const,
    payment_request: c.paymentRequestId,
    charge: c.chargeId,
    reason: c.reason,
    status: c.status,
    inquiry: c.inquiry,
    amount: c.amount,
    currency: c.currency,
    due_by: c.dueBy,
    response: c.response,
    evidence: c.evidence
      ? {
          fields: c.evidence.fields,
          files: c.evidence.files,
          missing: c.evidence.missing,
          left_out: c.evidence.leftOut,
          complete: c.evidence.complete,
        }
      : null,
    compiled_at: c.compiledAt,
    submitted_at: c.submittedAt,
    outcome: c.outcome,
    closed_at: c.closedAt,
    last_error: c.lastError,
    opened_at: c.openedAt,
  };
}

/** The merchant's disputes API (merchant key), mounted at `/v1/disputes`. */
export function disputesRouter(ctx: AppContext): Router {
  const router = Router();
  const repo = ctx.store.disputes;

  const own = async (params: unknown, merchantId: string): Promise<DisputeCase> => {
    const { id } = parse(disputeIdParamsSchema, params, 'path');
    const kase = await repo.getCase(id);
    if (!kase || kase.merchantId !== merchantId) throw new ProblemError('dispute-not-found');
    return kase;
  };

  const answer = async (kase: DisputeCase, options: { submit: boolean; added?: Record<string, string> }) => {
    if (!OPEN_DISPUTE_STATUSES.includes(kase.status)) {
      throw new ProblemError('dispute-not-open', { detail: `The dispute is ${kase.status}.` });
    }
    if (kase.dueBy && ctx.now().getTime() > new Date(kase.dueBy).getTime()) {
      throw new ProblemError('dispute-past-due', { detail: `Evidence was due by ${kase.dueBy}.` });
    }
    try {
      return await respondToDispute(ctx, kase.id, options);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        throw new ProblemError('dispute-not-open', {
          detail: 'Stripe no longer accepts evidence for this dispute.',
        });
      }
      if (error instanceof Stripe.errors.StripeError) {
        ctx.logger.warn(
          { dispute: kase.id, stripeError: error.type, code: error.code, stripeRequestId: error.requestId },
          'Stripe refused the dispute update',
        );
        throw new ProblemError('stripe-unavailable');
      }
      throw error;
    }
  };

  router.get('/', async (req, res) => {
    const q = parse(disputeListQuerySchema, req.query, 'query');
    const page = await repo.listCases(currentMerchant(res).id, {
      status: q.status,
      paymentRequestId: q.payment_request,
      limit: q.limit,
      startingAfter: q.starting_after,
    });
    const last = page.data.at(-1);
    res.json({
      object: 'list',
      data: page.data.map(presentDispute),
      has_more: page.hasMore,
      next_cursor: page.hasMore && last ? last.id : null,
    });
  });

  router.get('/stats', async (_req, res) => {
    res.json(disputeStats(await repo.allCases(currentMerchant(res).id)));
  });

  router.get('/:id', async (req, res) => {
    res.json(presentDispute(await own(req.params, currentMerchant(res).id)));
  });

  router.post('/:id/evidence', async (req, res) => {
    const kase = await own(req.params, currentMerchant(res).id);
    const input = parse(addEvidenceSchema, req.body ?? {});
    const after = await answer(kase, { submit: input.submit, added: input.text ?? {} });
    res.json(presentDispute(after));
  });

  router.post('/:id/submit', async (req, res) => {
    const kase = await own(req.params, currentMerchant(res).id);
    const after = await answer(kase, { submit: true });
    res.json(presentDispute(after));
  });

  return router;
}

/** `GET|POST /v1/settings/disputes`: the merchant's submission policy and default policies. */
export function disputeSettingsRouter(ctx: AppContext): Router {
  const router = Router();
  const repo = ctx.store.disputes;
  router.get('/', async (_req, res) => {
    res.json({ object: 'dispute_settings', ...(await disputeSettings(repo, currentMerchant(res).id)) });
  });
  router.post('/', async (req, res) => {
    const merchant = currentMerchant(res);
    const patch = parse(disputeSettingsPatchSchema, req.body);
    const next = disputeSettingsSchema.parse({ ...(await disputeSettings(repo, merchant.id)), ...patch });
    await repo.saveSettings(merchant.id, next, ctx.now().toISOString());
    res.json({ object: 'dispute_settings', ...next });
  });
  return router;
}
