import type Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { trackAccount } from '../connect/accounts.ts';
import { backgroundJob, type BackgroundJob } from '../ops/background.ts';
import {
  onChargeFailed,
  onChargeRefunded,
  onChargeSucceeded,
  onDisputeLost,
  onDisputeOpened,
  onEarlyFraudWarning,
} from '../risk/events.ts';
import type { CaseworkQueue } from '../store/ports/casework.ts';
import type { InboxEvent } from '../store/types.ts';
import { disputeStatusRank, type EventStamp } from '../stripe/event-order.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import { recordDisputeState, respondToDispute } from '../disputes/respond.ts';
import { backoffStepMs } from '../ops/backoff.ts';

/**
 * Casework: what happens after a Stripe event is applied to the payment request (answering disputes, Radar
 * outcomes, early fraud warnings, declines, Connect accounts). The webhook worker calls `enqueueCasework` for
 * each event before it marks the event applied, so a crash in between loses nothing (the queue dedupes by
 * event id); the casework job then works through the queue, retrying a failed item on its next pass.
 */
export const CASEWORK_EVENT_TYPES = new Set([
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'radar.early_fraud_warning.created',
  'charge.succeeded',
  'charge.failed',
  'charge.refunded',
  'account.updated',
]);

/**
 * Queues the casework for one verified inbox event (no-op for types casework does not handle), into `queue`:
 * the webhook worker passes its transaction's, so the item and the event's applied mark commit together.
 */
export async function enqueueCasework(
  ctx: AppContext,
  inbox: InboxEvent,
  queue: CaseworkQueue = ctx.store.casework,
): Promise<void> {
  if (!CASEWORK_EVENT_TYPES.has(inbox.type)) return;
  const event = JSON.parse(inbox.payload) as Stripe.Event;
  await queue.enqueue(
    { eventId: event.id, type: event.type, object: event.data.object, created: event.created },
    ctx.now().toISOString(),
  );
  setImmediate(() => ctx.wake.casework());
}

async function handle(
  ctx: AppContext,
  type: string,
  object: unknown,
  created: number,
  eventId: string,
): Promise<void> {
  switch (type) {
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed': {
      // One path for the three: whatever order they come in, the case ends as the newest of them says.
      const dispute = object as Stripe.Dispute;
      const stamp: EventStamp = { created, rank: disputeStatusRank(dispute.status), eventId };
      let { kase } = await recordDisputeState(ctx, dispute, stamp);
      if (type === 'charge.dispute.created') {
        await onDisputeOpened(ctx, kase);
        if (kase.paymentRequestId) kase = await respondToDispute(ctx, dispute.id);
      }
      // Recorded once per dispute (keyed), by whichever event or read first says it was lost.
      if (kase.outcome === 'lost') await onDisputeLost(ctx, kase);
      return;
    }
    case REMINDER:
      return remindDraft(ctx, object as { dispute: string });
    case 'radar.early_fraud_warning.created': {
      // Acts on the warning as it stands now: a later `updated` applied first may have settled it already.
      const mirrored = await ctx.store.mirror.record((object as Stripe.Radar.EarlyFraudWarning).id);
      return onEarlyFraudWarning(ctx, (mirrored?.data ?? object) as Stripe.Radar.EarlyFraudWarning);
    }
    case 'charge.succeeded':
      return onChargeSucceeded(ctx, object as Stripe.Charge);
    case 'charge.failed':
      return onChargeFailed(ctx, object as Stripe.Charge);
    case 'charge.refunded':
      return onChargeRefunded(ctx, object as Stripe.Charge);
    case 'account.updated':
      return trackAccount(ctx, object as Stripe.Account, { created, rank: 0, eventId });
    default:
      return;
  }
}

/**
 * Retry schedule of a failed item: 5 s, doubling, at most an hour apart, for up to 24 attempts (about 17
 * hours in all), so that a Stripe outage does not cost a dispute its answer; then it is marked failed.
 */
export const MAX_CASEWORK_ATTEMPTS = 24;
export function retryDelayMs(attempts: number): number {
  return backoffStepMs(attempts, 5_000, 3_600_000);
}

/**
 * How long a claimed item is held: answering a dispute uploads files to Stripe, retried on rate limits, so
 * the lease leaves room for a slow pass; a lease that runs out means its holder died.
 */
export const CASEWORK_LEASE_MS = 10 * 60_000;

/** A draft not submitted this long before its due date earns the merchant a reminder. */
export const DRAFT_REMINDER_HOURS = 48;
const REMINDER = 'cargopay.dispute_due_soon';

/** Tells the merchant a staged answer is still waiting for them, with its due date. */
async function remindDraft(ctx: AppContext, { dispute }: { dispute: string }): Promise<void> {
  const kase = await ctx.store.disputes.getCase(dispute);
  if (!kase?.paymentRequestId || kase.response !== 'draft') return;
  const pr = await ctx.store.paymentRequests.get(kase.paymentRequestId);
  if (!pr) return;
  await ctx.store.commit(
    {
      notifications: [
        notificationFor(pr, 'payment_request.dispute_due_soon', ctx.now(), {
          dispute: {
            id: kase.id,
            reason: kase.reason,
            amount: kase.amount,
            currency: kase.currency,
            due_by: kase.dueBy,
            response: kase.response,
          },
        }),
      ],
    },
    ctx.now().toISOString(),
  );
  ctx.wake.notifications();
}

/** One pass over the queue, oldest event first. Returns how many items were done. */
export async function runCasework(ctx: AppContext, batch = 20): Promise<number> {
  const queue = ctx.store.casework;
  const repo = ctx.store.disputes;
  // Reminders are queued like events, keyed by dispute, so each draft is reminded once.
  const soon = new Date(ctx.now().getTime() + DRAFT_REMINDER_HOURS * 3_600_000).toISOString();
  for (const draft of await repo.draftsDueBefore(soon)) {
    await queue.enqueue(
      { eventId: `remind:${draft.id}`, type: REMINDER, object: { dispute: draft.id }, created: 0 },
      ctx.now().toISOString(),
    );
  }
  let done = 0;
  for (const job of await queue.claimNext(batch, CASEWORK_LEASE_MS, ctx.now().toISOString())) {
    try {
      await handle(ctx, job.type, job.object, job.created, job.eventId);
      await queue.complete(job.eventId, ctx.now().toISOString());
      done++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = job.attempts + 1;
      const giveUp = attempts >= MAX_CASEWORK_ATTEMPTS;
      const next = giveUp ? null : new Date(ctx.now().getTime() + retryDelayMs(attempts)).toISOString();
      ctx.logger[giveUp ? 'error' : 'warn'](
        { eventId: job.eventId, type: job.type, attempts, err: message, nextAttemptAt: next },
        giveUp ? 'casework failed; giving up' : 'casework failed; will retry',
      );
      // The queue's retry and the case's failure are written together.
      const at = ctx.now().toISOString();
      await ctx.store.transaction(async (tx) => {
        await tx.casework.fail(job.eventId, message, next);
        if (job.type === 'charge.dispute.created') {
          await tx.disputes.recordFailure((job.object as { id: string }).id, message, at);
        }
      });
    }
  }
  return done;
}

/** The casework background job of one app (`createApp` makes one; `ctx.wake.casework()` wakes it). */
export function caseworkJob(ctx: AppContext, intervalMs: number): BackgroundJob {
  return backgroundJob(
    () => runCasework(ctx),
    intervalMs,
    (error) =>
      ctx.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'casework pass failed',
      ),
  );
}
