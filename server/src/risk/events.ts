import type Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import type { DisputeCase } from '../store/ports/disputes.ts';
import type { PaymentRequest } from '../store/types.ts';
import { riskSettings } from './settings.ts';

/**
 * What risk learns after payment: Radar's outcome, declines (for card-testing alerts), refunds and disputes
 * (for rate alerts and the amount history), early fraud warnings (flag, optional refund) and lost disputes
 * (a signal against the same email and devices next time). Called by casework, once per Stripe event.
 */

const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref == null ? null : typeof ref === 'string' ? ref : ref.id;

async function requestOf(
  ctx: AppContext,
  intent: string | { id: string } | null | undefined,
): Promise<PaymentRequest | null> {
  const id = idOf(intent);
  return id ? ctx.store.paymentRequests.byIntent(id) : null;
}

/** Hashes of the email and devices seen for a request, for signals that follow the buyer. */
async function identities(
  ctx: AppContext,
  pr: PaymentRequest,
): Promise<{ emailHash: string; devices: string[]; ips: string[] }> {
  const risk = ctx.store.risk;
  const attempts = await risk.attemptsFor(pr.id);
  return {
    emailHash: risk.hash('email', pr.customer.email),
    devices: [...new Set(attempts.map((a) => a.deviceHash))],
    ips: [...new Set(attempts.map((a) => a.ipHash))],
  };
}

export async function onChargeSucceeded(ctx: AppContext, charge: Stripe.Charge): Promise<void> {
  const pr = await requestOf(ctx, charge.payment_intent);
  if (!pr) return;
  const now = ctx.now().toISOString();
  await ctx.store.transaction(async (tx) => {
    await tx.risk.saveRadarOutcome(
      pr.id,
      {
        chargeId: charge.id,
        riskLevel: charge.outcome?.risk_level ?? null,
        riskScore: charge.outcome?.risk_score ?? null,
        outcomeType: charge.outcome?.type ?? null,
      },
      now,
    );
    await tx.risk.recordPaymentEvent(
      {
        id: `payment:${charge.id}`,
        merchantId: pr.merchantId,
        kind: 'payment',
        amount: charge.amount,
        currency: charge.currency,
      },
      now,
    );
  });
}

export async function onChargeFailed(ctx: AppContext, charge: Stripe.Charge): Promise<void> {
  const pr = await requestOf(ctx, charge.payment_intent);
  if (!pr) return;
  const risk = ctx.store.risk;
  const last = (await risk.attemptsFor(pr.id)).at(-1);
  await risk.addSignal(
    {
      kind: 'decline',
      merchantId: pr.merchantId,
      paymentRequestId: pr.id,
      emailHash: risk.hash('email', pr.customer.email),
      deviceHash: last?.deviceHash ?? null,
      ipHash: last?.ipHash ?? null,
      detail: charge.outcome?.reason ?? charge.failure_code ?? null,
    },
    ctx.now().toISOString(),
  );
}

export async function onChargeRefunded(ctx: AppContext, charge: Stripe.Charge): Promise<void> {
  const pr = await requestOf(ctx, charge.payment_intent);
  if (!pr) return;
  await ctx.store.risk.recordPaymentEvent(
    {
      id: `refund:${charge.id}:${charge.amount_refunded}`,
      merchantId: pr.merchantId,
      kind: 'refund',
      amount: charge.amount_refunded,
      currency: charge.currency,
    },
    ctx.now().toISOString(),
  );
}

export async function onDisputeOpened(ctx: AppContext, kase: DisputeCase): Promise<void> {
  if (!kase.merchantId) return;
  await ctx.store.risk.recordPaymentEvent(
    {
      id: `dispute:${kase.id}`,
      merchantId: kase.merchantId,
      kind: 'dispute',
      amount: kase.amount,
      currency: kase.currency,
    },
    ctx.now().toISOString(),
  );
}

export async function onDisputeLost(ctx: AppContext, kase: DisputeCase): Promise<void> {
  if (!kase.paymentRequestId) return;
  const pr = await ctx.store.paymentRequests.get(kase.paymentRequestId);
  if (!pr) return;
  const who = await identities(ctx, pr);
  const now = ctx.now().toISOString();
  await ctx.store.transaction(async (tx) => {
    for (const deviceHash of who.devices.length ? who.devices : [null]) {
      await tx.risk.addSignal(
        {
          key: `lost:${kase.id}:${deviceHash ?? '-'}`,
          kind: 'lost_dispute',
          merchantId: pr.merchantId,
          paymentRequestId: pr.id,
          emailHash: who.emailHash,
          deviceHash,
          ipHash: null,
          detail: kase.id,
        },
        now,
      );
    }
  });
}

/**
 * `radar.early_fraud_warning.created`: flags the request, records a signal against the buyer's email and
 * devices, and, when the merchant turned it on and the payment is at most the configured amount, refunds it
 * at once (reason `fraudulent`) to avoid the dispute, then tells the merchant.
 */
export async function onEarlyFraudWarning(
  ctx: AppContext,
  warning: Stripe.Radar.EarlyFraudWarning,
): Promise<void> {
  const pr = await requestOf(ctx, warning.payment_intent);
  if (!pr) return;
  const risk = ctx.store.risk;
  const now = ctx.now().toISOString();
  // The signals (each recorded once per warning and device) and the flag commit together.
  const who = await identities(ctx, pr);
  await ctx.store.transaction(async (tx) => {
    for (const deviceHash of who.devices.length ? who.devices : [null]) {
      await tx.risk.addSignal(
        {
          key: `efw:${warning.id}:${deviceHash ?? '-'}`,
          kind: 'early_fraud_warning',
          merchantId: pr.merchantId,
          paymentRequestId: pr.id,
          emailHash: who.emailHash,
          deviceHash,
          ipHash: null,
          detail: warning.fraud_type,
        },
        now,
      );
    }
    await tx.risk.flagEarlyFraudWarning(pr.id, warning.id, now);
  });
  const settings = (await riskSettings(risk, pr.merchantId)).early_fraud_warning;
  if (!settings.auto_refund || !warning.actionable || pr.amount > settings.auto_refund_max_amount) return;
  if ((await risk.paymentRisk(pr.id))?.autoRefunded) return;
  const intent = idOf(warning.payment_intent);
  if (!intent) return;
  const refund = await ctx.stripe.client.refunds.create(
    {
      payment_intent: intent,
      reason: 'fraudulent',
      metadata: { early_fraud_warning: warning.id, payment_request: pr.id },
    },
    { idempotencyKey: `cargopay:${warning.id}:refund` },
  );
  // The mark and the merchant's notification commit together: a crash between them cannot lose the notice.
  const notice = notificationFor(pr, 'payment_request.early_fraud_warning_refunded', ctx.now(), {
    early_fraud_warning: { id: warning.id, fraud_type: warning.fraud_type },
    refund: { id: refund.id, amount: refund.amount, currency: refund.currency },
  });
  const at = ctx.now().toISOString();
  await ctx.store.transaction(async (tx) => {
    await tx.risk.markAutoRefunded(pr.id, at);
    await tx.commit({ notifications: [notice] }, at);
  });
  ctx.wake.notifications();
}
