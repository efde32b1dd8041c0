import type { AppContext } from '../context.ts';
import { backgroundJob, type BackgroundJob } from '../ops/background.ts';
import type { Notification } from '../store/types.ts';
import { nextAttemptAt } from './backoff.ts';
import { signatureHeader } from '../contract/signature.ts';

const TIMEOUT_MS = 10_000;
/** A claimed notification is held this long: well past one attempt's timeout, so only a dead holder loses it. */
const LEASE_MS = 60_000;

/**
 * Delivers due notifications: POSTs each body as JSON to the merchant's webhook URL with
 * `CargoPay-Signature`, a 10 s timeout, and records every attempt. A 2xx is delivered; anything else is
 * retried per `backoff.ts`. A merchant without a webhook URL has its notifications kept for `GET /v1/events`.
 */
export async function deliverDue(ctx: AppContext, batch = 20): Promise<number> {
  const now = ctx.now();
  const due = await ctx.store.outbox.claim(batch, LEASE_MS, now.toISOString());
  await Promise.all(due.map((n) => deliverOne(ctx, n)));
  return due.length;
}

async function deliverOne(ctx: AppContext, n: Notification): Promise<void> {
  const merchant = await ctx.store.merchants.get(n.merchantId);
  const secret = merchant?.webhookUrl ? await ctx.store.merchants.signingSecret(n.merchantId) : null;
  const started = ctx.now();
  if (!merchant?.webhookUrl || !secret) {
    await ctx.store.outbox.recordDelivery(
      {
        notificationId: n.id,
        attemptedAt: started.toISOString(),
        statusCode: null,
        error: 'no webhook URL configured',
        durationMs: 0,
      },
      { status: 'failed', nextAttemptAt: null },
    );
    return;
  }
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(merchant.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'CargoPay-Notifications/1',
        'cargopay-signature': signatureHeader(secret, n.body, Math.floor(started.getTime() / 1000)),
        'cargopay-event-id': n.id,
      },
      body: n.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (e) {
    error = e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'connection failed';
  }
  const finished = ctx.now();
  const attempt = n.attempts + 1;
  const retryAt =
    error === null
      ? null
      : nextAttemptAt(new Date(n.createdAt), finished, attempt, ctx.config.notificationMaxAgeMs);
  const status = error === null ? 'delivered' : retryAt ? 'pending' : 'failed';
  ctx.metrics.notificationDeliveries.inc({ outcome: status === 'pending' ? 'retry' : status });
  await ctx.store.outbox.recordDelivery(
    {
      notificationId: n.id,
      attemptedAt: started.toISOString(),
      statusCode,
      error,
      durationMs: finished.getTime() - started.getTime(),
    },
    { status, nextAttemptAt: retryAt?.toISOString() ?? null },
  );
}

export function notificationWorker(ctx: AppContext, intervalMs = 5_000): BackgroundJob {
  return backgroundJob(
    async () => {
      const n = await deliverDue(ctx);
      return n;
    },
    intervalMs,
    (error) =>
      ctx.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'notification pass failed',
      ),
  );
}
