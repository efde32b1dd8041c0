import type Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { CASEWORK_EVENT_TYPES, enqueueCasework } from '../casework/worker.ts';
import { backgroundJob, type BackgroundJob } from '../ops/background.ts';
import type { InboxEvent, StoredInboxEvent } from '../store/types.ts';
import { orderingKey, planEvent } from './apply.ts';
import { readEnvelope } from './envelope.ts';
import { MAX_WEBHOOK_ATTEMPTS, webhookRetryDelayMs } from './retry.ts';

/**
 * How long a claimed event is held for this pass: applying one is local work, so a lease that runs out means
 * its holder died, and the event is claimed again.
 */
export const INBOX_LEASE_MS = 60_000;

/**
 * Applies stored Stripe events, oldest first for each payment. Each event is planned from the current state and
 * committed in one transaction that also marks it applied; a version conflict (the request changed meanwhile)
 * replans it. Events about different payments are applied side by side, so their commits share one group
 * commit (see `store/group-commit.ts`); events about the same payment keep their order.
 *
 * Each row stands alone: one whose payload does not open, does not parse, or fails to apply records the
 * failure against itself (an attempt, a retry time, at the last attempt a dead letter) and the others go on.
 * Returns the rows dealt with (applied, or failed and rescheduled), so a pass after a batch of failures goes
 * on to the rows behind them while the failed ones wait for their retry time.
 */
export async function applyPendingEvents(ctx: AppContext, batch = 50): Promise<number> {
  const pending = await ctx.store.inbox.claim(batch, INBOX_LEASE_MS, ctx.now().toISOString());
  const lanes = new Map<string, { inbox: InboxEvent; event: Stripe.Event }[]>();
  let failed = 0;
  for (const inbox of pending) {
    if (inbox.payload === null) {
      await recordFailure(ctx, inbox, inbox.unreadable);
      failed++;
      continue;
    }
    const read = readEnvelope(inbox.payload);
    if ('error' in read) {
      await recordFailure(ctx, inbox, read.error);
      failed++;
      continue;
    }
    const key = orderingKey(read.event);
    const lane = lanes.get(key);
    if (lane) lane.push({ inbox, event: read.event });
    else lanes.set(key, [{ inbox, event: read.event }]);
  }
  const counts = await Promise.all(
    [...lanes.values()].map(async (lane) => {
      let dealtWith = 0;
      for (const { inbox, event } of lane) if ((await applyOne(ctx, inbox, event)) !== 'later') dealtWith++;
      return dealtWith;
    }),
  );
  return counts.reduce((sum, n) => sum + n, failed);
}

async function applyOne(
  ctx: AppContext,
  inbox: InboxEvent,
  event: Stripe.Event,
): Promise<'applied' | 'failed' | 'later'> {
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = ctx.now();
      const change = await planEvent(ctx.store, inbox, event, now);
      // Disputes, risk and Connect work for this event is queued in the transaction that marks it applied; an
      // event with no casework is one plain commit.
      const result = CASEWORK_EVENT_TYPES.has(inbox.type)
        ? await ctx.store.transaction(async (tx) => {
            await enqueueCasework(ctx, inbox, tx.casework);
            return tx.commit(change, now.toISOString());
          })
        : await ctx.store.commit(change, now.toISOString());
      if (result === 'conflict') continue;
      // `duplicate`: the row was already marked applied; nothing is left to do for it.
      if (result === 'applied') {
        ctx.metrics.webhookEvents.inc({ outcome: 'applied' });
        ctx.metrics.webhookLag.observe(Math.max(0, now.getTime() / 1000 - inbox.created));
        if (change.notifications?.length) ctx.wake.notifications();
      }
      return 'applied';
    }
    // Five conflicts in a row: the request is busy; the row is given back and the next pass plans it afresh.
    await ctx.store.inbox.release(inbox.id);
    return 'later';
  } catch (error) {
    await recordFailure(ctx, inbox, error instanceof Error ? error.message : String(error));
    return 'failed';
  }
}

/** Counts one failed attempt: retried later, or parked as a dead letter after the last one. */
async function recordFailure(ctx: AppContext, row: StoredInboxEvent, message: string): Promise<void> {
  const now = ctx.now();
  const attempts = row.attempts + 1;
  const dead = attempts >= MAX_WEBHOOK_ATTEMPTS;
  const retryAt = dead ? null : new Date(now.getTime() + webhookRetryDelayMs(attempts)).toISOString();
  const error = message.slice(0, 500);
  ctx.metrics.webhookEvents.inc({ outcome: dead ? 'dead_lettered' : 'failed' });
  ctx.logger[dead ? 'error' : 'warn'](
    { eventId: row.id, type: row.type, attempts, err: error, nextAttemptAt: retryAt },
    dead
      ? 'webhook event failed its last attempt; parked as a dead letter (npm run webhooks -- dead-letters)'
      : 'webhook event could not be applied; will retry',
  );
  await ctx.store.inbox.fail(row.id, { error, at: now.toISOString(), retryAt });
}

export function webhookWorker(ctx: AppContext, intervalMs = 5_000): BackgroundJob {
  return backgroundJob(
    () => applyPendingEvents(ctx),
    intervalMs,
    (error) =>
      ctx.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'webhook worker pass failed',
      ),
  );
}
