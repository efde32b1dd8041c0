import type { AppContext } from '../context.ts';
import { enqueueCasework } from '../disputes/casework.ts';
import { backgroundJob, type BackgroundJob } from '../ops/background.ts';
import { planEvent } from './apply.ts';

/**
 * Applies stored Stripe events, oldest first. Each event is planned from the current state and committed in
 * one transaction that also marks it applied; a version conflict (the request changed meanwhile) replans it.
 * An event that fails stays in the inbox with its error and is retried on the next pass.
 */
export async function applyPendingEvents(ctx: AppContext, batch = 50): Promise<number> {
  const pending = await ctx.store.pendingInboxEvents(batch);
  let applied = 0;
  for (const inbox of pending) {
    try {
      // Disputes, risk and Connect work for this event is queued before the event is marked applied.
      await enqueueCasework(ctx, inbox);
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = ctx.now();
        const change = await planEvent(ctx.store, inbox, now);
        const result = await ctx.store.commit(change, now.toISOString());
        if (result === 'conflict') continue;
        if (result === 'applied') {
          applied++;
          ctx.metrics.webhookEvents.inc({ outcome: 'applied' });
          ctx.metrics.webhookLag.observe(Math.max(0, now.getTime() / 1000 - inbox.created));
          if (change.notifications?.length) ctx.wake.notifications();
        }
        break;
      }
    } catch (error) {
      ctx.metrics.webhookEvents.inc({ outcome: 'failed' });
      const message = error instanceof Error ? error.message : String(error);
      ctx.logger.error(
        { eventId: inbox.id, type: inbox.type, err: message },
        'webhook event could not be applied',
      );
      await ctx.store.recordInboxFailure(inbox.id, message.slice(0, 500));
    }
  }
  // Failed events stay pending; report only progress so a failing event does not spin the loop.
  return applied;
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
