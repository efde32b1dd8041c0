import type Stripe from 'stripe';
import { invalidRequest, noSuch } from './errors.ts';
import { expand } from './expand.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import { listByChargeOrIntent } from './lists.ts';
import { readExpand } from './params.ts';
import type { RequestContext, SandboxState } from './state.ts';

/** Fraud types Stripe reports on early fraud warnings. */
export const FRAUD_TYPES = [
  'card_never_received',
  'fraudulent_card_application',
  'made_with_counterfeit_card',
  'made_with_lost_card',
  'made_with_stolen_card',
  'misc',
  'unauthorized_use_of_card',
] as const;

/** Raises an early fraud warning on a charge and emits `radar.early_fraud_warning.created`. */
export function raiseEarlyFraudWarning(
  state: SandboxState,
  charge: Stripe.Charge,
  fraudType: string,
  request: RequestContext | null,
): Stripe.Radar.EarlyFraudWarning {
  if (!(FRAUD_TYPES as readonly string[]).includes(fraudType)) {
    throw invalidRequest(`Invalid fraud_type: must be one of ${FRAUD_TYPES.join(', ')}`, {
      param: 'fraud_type',
    });
  }
  const warning: Stripe.Radar.EarlyFraudWarning = {
    id: newId('issfr'),
    object: 'radar.early_fraud_warning',
    // Actionable while the charge can still be refunded to avoid a dispute.
    actionable: !charge.refunded && !charge.disputed,
    charge: charge.id,
    created: nowSeconds(),
    fraud_type: fraudType,
    livemode: false,
  };
  if (typeof charge.payment_intent === 'string') warning.payment_intent = charge.payment_intent;
  state.earlyFraudWarnings.set(warning.id, warning);
  state.track(warning.id);
  state.emit('radar.early_fraud_warning.created', warning, request);
  return warning;
}

/** Marks a charge's warnings as no longer actionable (refunded or disputed) and emits `.updated`. */
export function settleEarlyFraudWarnings(
  state: SandboxState,
  chargeId: string,
  request: RequestContext | null,
): void {
  for (const warning of state.earlyFraudWarnings.values()) {
    if (warning.charge === chargeId && warning.actionable) {
      warning.actionable = false;
      state.emit('radar.early_fraud_warning.updated', warning, request, { actionable: true });
    }
  }
}

/** `GET /v1/radar/early_fraud_warnings/:id`. */
export function retrieveEarlyFraudWarningRoute(ctx: ApiContext): unknown {
  const id = ctx.params.id as string;
  const warning = ctx.state.earlyFraudWarnings.get(id);
  if (!warning) throw noSuch('radar.early_fraud_warning', id);
  return expand(ctx.state, warning, readExpand(ctx.query));
}

/** `GET /v1/radar/early_fraud_warnings` (filters: charge, payment_intent, created). */
export function listEarlyFraudWarningsRoute(ctx: ApiContext): unknown {
  return listByChargeOrIntent(ctx, ctx.state.earlyFraudWarnings.values(), '/v1/radar/early_fraud_warnings');
}
