import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import { getOwnPaymentRequest } from '../payment-requests/service.ts';
import { mergeRiskSettings, riskSettings, riskSettingsPatchSchema } from './settings.ts';

/** `GET|POST /v1/settings/risk`: the merchant's rules and thresholds (a POST merges a partial object). */
export function riskSettingsRouter(ctx: AppContext): Router {
  const router = Router();
  const risk = ctx.store.risk;
  router.get('/', async (_req, res) => {
    res.json({ object: 'risk_settings', ...(await riskSettings(risk, currentMerchant(res).id)) });
  });
  router.post('/', async (req, res) => {
    const merchant = currentMerchant(res);
    const patch = parse(riskSettingsPatchSchema, req.body);
    const next = mergeRiskSettings(await riskSettings(risk, merchant.id), patch);
    await risk.saveSettings(merchant.id, next, ctx.now().toISOString());
    res.json({ object: 'risk_settings', ...next });
  });
  return router;
}

/** `GET /v1/payment-requests/:id/risk`: every checkout attempt's decision, Radar's outcome, any warning. */
export function requestRiskRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/:id/risk', async (req, res) => {
    const { id } = parse(idParamsSchema, req.params, 'path');
    const pr = await getOwnPaymentRequest(ctx.store, currentMerchant(res), id);
    const risk = ctx.store.risk;
    const payment = await risk.paymentRisk(pr.id);
    res.json({
      object: 'payment_request_risk',
      payment_request: pr.id,
      attempts: (await risk.attemptsFor(pr.id)).map((a) => ({
        id: a.id,
        created_at: a.createdAt,
        decision: a.decision,
        score: a.score,
        reasons: a.reasons,
      })),
      radar: payment?.chargeId
        ? {
            charge: payment.chargeId,
            risk_level: payment.riskLevel,
            risk_score: payment.riskScore,
            outcome_type: payment.outcomeType,
          }
        : null,
      early_fraud_warning: payment?.earlyFraudWarning ?? null,
      auto_refunded: payment?.autoRefunded ?? false,
    });
  });
  return router;
}
