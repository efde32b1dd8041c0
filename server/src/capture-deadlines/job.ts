import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { capturePaymentRequest } from '../payment-requests/capture.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import type { CaptureSettings, PaymentRequest } from '../store/types.ts';
import { CAPTURE_DEFAULTS, captureSettings, DEADLINE_MARGIN_MS, MAX_WARN_HOURS } from './settings.ts';

const HOUR_MS = 3_600_000;

/**
 * One pass of the capture-deadline job over the authorized requests whose hold needs it, soonest deadline
 * first. Each request gets at most one step per pass, each step one commit at the version it was read at, so
 * two passes that read the same request (which `Store.exclusive` already prevents across instances) act once:
 * - its warning is due (`capture_before` minus the merchant's `warn_hours_before`) and it was not warned:
 *   `payment_request.capture_expiring`, with `capture_warned_at` set in the same commit;
 * - its deadline is reached (`capture_before` minus `DEADLINE_MARGIN_MS`): the merchant's policy (`applyPolicy`).
 * A request whose deadline is reached before it was warned (the hold was shorter than the warning's lead, or no
 * instance ran meanwhile) is not warned: the policy's own notification says what happened.
 * Returns how many requests it moved; a request whose step failed is logged and tried again next pass.
 */
export async function captureDeadlinesPass(ctx: AppContext, limit = 50): Promise<number> {
  const now = ctx.now();
  const due = await ctx.store.paymentRequests.captureDeadlinesDue({
    now: now.toISOString(),
    deadlineBy: new Date(now.getTime() + DEADLINE_MARGIN_MS).toISOString(),
    horizon: new Date(now.getTime() + MAX_WARN_HOURS * HOUR_MS).toISOString(),
    defaultWarnHours: CAPTURE_DEFAULTS.warnHoursBefore,
    limit,
  });
  const settings = new Map<string, CaptureSettings>();
  let moved = 0;
  for (const pr of due) {
    try {
      let merchant = settings.get(pr.merchantId);
      if (!merchant) {
        merchant = await captureSettings(ctx.store.merchants, pr.merchantId);
        settings.set(pr.merchantId, merchant);
      }
      if (await step(ctx, pr, merchant, now)) moved++;
    } catch (error) {
      ctx.logger.error(
        { err: String(error), payment_request: pr.id },
        'capture deadline: step failed; retried next pass',
      );
    }
  }
  return moved;
}

/** The one step a due request takes now; `false` when it changed meanwhile (read again next pass). */
async function step(
  ctx: AppContext,
  pr: PaymentRequest,
  settings: CaptureSettings,
  now: Date,
): Promise<boolean> {
  const before = new Date(pr.captureBefore ?? now.toISOString()).getTime();
  const deadline = before - DEADLINE_MARGIN_MS;
  const deadlineInfo = {
    capture_deadline: {
      capture_before: pr.captureBefore,
      acts_at: new Date(deadline).toISOString(),
      at_deadline: settings.atDeadline,
    },
  };
  if (now.getTime() >= deadline) return applyPolicy(ctx, pr, settings, now, deadlineInfo);
  if (pr.captureWarnedAt !== null || now.getTime() < before - settings.warnHoursBefore * HOUR_MS)
    return false;
  const patch = { captureWarnedAt: now.toISOString() };
  const after: PaymentRequest = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
  const result = await ctx.store.commit(
    {
      paymentRequest: { id: pr.id, expectedVersion: pr.version, patch },
      notifications: [notificationFor(after, 'payment_request.capture_expiring', now, deadlineInfo)],
    },
    now.toISOString(),
  );
  return result === 'applied';
}

/**
 * At the deadline: `capture` captures what the hold allows (never above a stated `max_final_amount`) through the
 * same path as the merchant's own capture, whose Stripe idempotency key is derived from the request and the
 * amount; `lapse` marks the request `expired` and then cancels the PaymentIntent (key `cargopay:<pr>:cancel:<pi>`)
 * to release the hold at once rather than when Stripe lets it lapse. The request is marked first so that the
 * `payment_intent.canceled` that follows finds it expired, not voided; a cancel that fails is logged, and the
 * hold then lapses at Stripe within the margin. A hold that is gone when the capture is tried (lapsed or voided
 * at Stripe) ends the request as `expired` too: nothing was charged.
 */
async function applyPolicy(
  ctx: AppContext,
  pr: PaymentRequest,
  settings: CaptureSettings,
  now: Date,
  extra: Record<string, unknown>,
): Promise<boolean> {
  if (settings.atDeadline === 'capture') {
    const held = pr.amountCapturable > 0 ? pr.amountCapturable : pr.amount;
    const amount = Math.min(held, pr.maxFinalAmount ?? held);
    try {
      const after = await capturePaymentRequest(ctx.store, ctx.stripe.client, pr, amount, now);
      return after.status !== 'authorized';
    } catch (error) {
      // Captured meanwhile (by the merchant, or a pass that lost its commit): Stripe's events settle the request.
      if (error instanceof ProblemError && error.slug === 'payment-request-already-captured') return false;
      if (!(error instanceof ProblemError) || error.slug !== 'payment-request-not-authorized') throw error;
      ctx.logger.warn(
        { payment_request: pr.id, detail: error.detail },
        'capture deadline: the hold was gone at capture; the request expires',
      );
      const fresh = await ctx.store.paymentRequests.get(pr.id);
      if (!fresh || fresh.status !== 'authorized') return false;
      return expire(ctx, fresh, now, extra);
    }
  }
  if (!(await expire(ctx, pr, now, extra))) return false;
  if (pr.paymentIntentId) {
    try {
      await ctx.stripe.client.paymentIntents.cancel(pr.paymentIntentId, undefined, {
        idempotencyKey: `cargopay:${pr.id}:cancel:${pr.paymentIntentId}`,
      });
    } catch (error) {
      ctx.logger.warn(
        { err: String(error), payment_request: pr.id },
        'capture deadline: the hold could not be released now; Stripe releases it at capture_before',
      );
    }
  }
  return true;
}

async function expire(
  ctx: AppContext,
  pr: PaymentRequest,
  now: Date,
  extra: Record<string, unknown>,
): Promise<boolean> {
  const patch = { status: 'expired' as const, amountCapturable: 0 };
  const after: PaymentRequest = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
  const result = await ctx.store.commit(
    {
      paymentRequest: { id: pr.id, expectedVersion: pr.version, patch },
      notifications: [notificationFor(after, 'payment_request.expired', now, extra)],
    },
    now.toISOString(),
  );
  return result === 'applied';
}
