import type Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { enqueueCasework } from '../disputes/casework.ts';
import { backgroundJob, type BackgroundJob } from '../ops/background.ts';
import type { InboxEvent } from '../store/types.ts';
import { orderingKey, planEvent } from './apply.ts';

/**
 * Applies stored Stripe events, oldest first for each payment. Each event is planned from the current state and
 * committed in one transaction that also marks it applied; a version conflict (the request changed meanwhile)
 * replans it. Events about different payments are applied side by side, so their commits share one group
 * commit (see `store/group-commit.ts`); events about the same payment keep their order. An event that fails
 * stays in the inbox with its error and is retried on the next pass.
 */
export async function applyPendingEvents(ctx: AppContext, batch = 50): Promise<number> {
  const pending = await ctx.store.pendingInboxEvents(batch);
  const lanes = new Map<string, { inbox: InboxEvent; event: Stripe.Event | null }[]>();
  for (const inbox of pending) {
    // Parsed once here for the lane and the plan; a payload that does not parse fails in `applyOne`.
    let event: Stripe.Event | null = null;
    try {
      event = JSON.parse(inbox.payload) as Stripe.Event;
    } catch {
      // recorded as the event's failure by applyOne
    }
    const key = event ? orderingKey(event) : inbox.id;
    const lane = lanes.get(key);
    if (lane) lane.push({ inbox, event });
    else lanes.set(key, [{ inbox, event }]);
  }
  const counts = await Promise.all(
    [...lanes.values()].map(async (lane) => {
      let applied = 0;
      for (const { inbox, event } of lane) if (await applyOne(ctx, inbox, event)) applied++;
      return applied;
    }),
  );
  // Failed events stay pending; report only progress so a failing event does not spin the loop.
  return counts.reduce((sum, n) => sum + n, 0);
}

async function applyOne(ctx: AppContext, inbox: InboxEvent, parsed: Stripe.Event | null): Promise<boolean> {
  try {
    // Parsing again only for a payload that did not parse: it throws the error recorded below.
    const event = parsed ?? (JSON.parse(inbox.payload) as Stripe.Event);
    // Disputes, risk and Connect work for this event is queued before the event is marked applied.
    await enqueueCasework(ctx, inbox);
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = ctx.now();
      const change = await planEvent(ctx.store, inbox, event, now);
      const result = await ctx.store.commit(change, now.toISOString());
      if (result === 'conflict') continue;
      if (result !== 'applied') return false;
      ctx.metrics.webhookEvents.inc({ outcome: 'applied' });
      ctx.metrics.webhookLag.observe(Math.max(0, now.getTime() / 1000 - inbox.created));
      if (change.notifications?.length) ctx.wake.notifications();
      return true;
    }
    return false;
  } catch (error) {
    ctx.metrics.webhookEvents.inc({ outcome: 'failed' });
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.error(
      { eventId: inbox.id, type: inbox.type, err: message },
      'webhook event could not be applied',
    );
    await ctx.store.recordInboxFailure(inbox.id, message.slice(0, 500));
    return false;
  }
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
