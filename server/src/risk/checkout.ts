import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import { ensureCarrierCanCharge } from '../connect/accounts.ts';
import { ProblemError } from '../http/problems.ts';
import { newId } from '../ids.ts';
import type { PaymentRequest } from '../store/types.ts';
import { assess, type Assessment } from './rules.ts';
import { riskSettings } from './settings.ts';

/** The widget's `signals.ready_to_submit_ms` from the intent body (already validated by the checkout route). */
function readyToSubmit(req: Pick<Request, 'body'>): number | null {
  const value = (req.body as { signals?: { ready_to_submit_ms?: unknown } } | undefined)?.signals
    ?.ready_to_submit_ms;
  return typeof value === 'number' ? value : null;
}

/**
 * The fraud check before any PaymentIntent: called by `POST /v1/checkout/:id/intent` with the request and
 * the widget's device id. Every attempt is stored with its decision, score and reasons; a `block` answers
 * `403 blocked-by-risk` with a message that names no rule.
 */
export async function assessCheckoutAttempt(
  ctx: Pick<AppContext, 'store' | 'now' | 'logger'>,
  req: Pick<Request, 'ip' | 'body'>,
  pr: PaymentRequest,
  deviceId: string,
): Promise<Assessment> {
  const risk = ctx.store.risk;
  const settings = await riskSettings(risk, pr.merchantId);
  const now = ctx.now();
  const ip = req.ip ?? 'unknown';
  const ipHash = risk.hash('ip', ip);
  const emailHash = risk.hash('email', pr.customer.email);
  const deviceHash = risk.hash('device', deviceId);
  const since = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const v = settings.velocity;
  // Earlier attempts are counted up to the rule's limit (past it, the rule fires whatever the exact number); the
  // facts add this one.
  const counted = (
    column: Parameters<typeof risk.countAttempts>[0],
    value: string,
    rule: { window_seconds: number; limit: number },
  ) => ({ column, value, since: since(rule.window_seconds), atMost: rule.limit });
  // Counting the earlier attempts and recording this one are one transaction, and it first locks the four
  // keys it counts by: concurrent attempts sharing a key (a burst, even spread across instances) are counted
  // one after another, each seeing those before it, so a limit of 10 lets exactly 10 through. Not durable: a
  // power cut may forget the last attempts (the velocity counts then start a little lower), never a crash of
  // the process, and the buyer need not wait for the disk to be told whether to pay.
  const result = await ctx.store.transaction(
    async (tx) => {
      await tx.risk.lockAttemptCounts([
        { column: 'payment_request_id', value: pr.id },
        { column: 'ip_hash', value: ipHash },
        { column: 'email_hash', value: emailHash },
        { column: 'device_hash', value: deviceHash },
      ]);
      const [paymentRequest, ipCount, email, device] = await tx.risk.countAttemptsEach([
        counted('payment_request_id', pr.id, v.per_payment_request),
        counted('ip_hash', ipHash, v.per_ip),
        counted('email_hash', emailHash, v.per_email),
        counted('device_hash', deviceHash, v.per_device),
      ]);
      const [priorEarlyFraudWarning, priorLostDispute] = await tx.risk.hasSignals(
        ['early_fraud_warning', 'lost_dispute'],
        emailHash,
        deviceHash,
        since(settings.history.lookback_days * 86_400),
      );
      const facts = {
        attempts: {
          paymentRequest: paymentRequest + 1,
          ip: ipCount + 1,
          email: email + 1,
          device: device + 1,
        },
        amount: pr.amount,
        readyToSubmitMs: readyToSubmit(req),
        paidAmounts: await tx.risk.paidAmounts(pr.merchantId, pr.currency),
        priorEarlyFraudWarning,
        priorLostDispute,
      };
      const assessed = assess(settings, facts);
      await tx.risk.recordAttempt({
        id: newId('att'),
        merchantId: pr.merchantId,
        paymentRequestId: pr.id,
        ipHash,
        emailHash,
        deviceHash,
        ip,
        amount: pr.amount,
        currency: pr.currency,
        decision: assessed.decision,
        score: assessed.score,
        reasons: assessed.reasons,
        createdAt: now.toISOString(),
      });
      return assessed;
    },
    { durable: false },
  );
  if (result.decision !== 'allow') {
    ctx.logger.info(
      { paymentRequest: pr.id, decision: result.decision, score: result.score, reasons: result.reasons },
      'risk rules flagged a checkout attempt',
    );
  }
  if (result.decision === 'block') {
    throw new ProblemError('blocked-by-risk', {
      detail: 'This payment cannot be completed here. Please contact the merchant.',
    });
  }
  return result;
}

/**
 * Everything checked before a PaymentIntent is created or returned for a buyer: the carrier's connected
 * account can still take charges, then the fraud rules. Throws the problem to answer with.
 */
export async function beforePaymentIntent(
  ctx: AppContext,
  req: Request,
  pr: PaymentRequest,
  deviceId: string,
): Promise<Assessment> {
  if (pr.carrier?.stripeAccount) await ensureCarrierCanCharge(ctx, pr.merchantId, pr.carrier.stripeAccount);
  return assessCheckoutAttempt(ctx, req, pr, deviceId);
}
