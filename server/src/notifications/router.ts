import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { eventsQuerySchema } from './schema.ts';

/** `GET /v1/events`: the merchant's notifications, newest first, each with its delivery attempts. */
export function eventsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = parse(eventsQuerySchema, req.query, 'query');
    const page = await ctx.store.outbox.list(currentMerchant(res).id, {
      limit: q.limit,
      startingAfter: q.starting_after,
      paymentRequestId: q.payment_request,
    });
    const attempts = await ctx.store.outbox.attempts(page.data.map((n) => n.id));
    const last = page.data.at(-1);
    res.json({
      object: 'list',
      data: page.data.map((n) => ({
        id: n.id,
        type: n.type,
        created_at: n.createdAt,
        payment_request: n.paymentRequestId,
        delivery: {
          status: n.status,
          attempts: attempts
            .filter((a) => a.notificationId === n.id)
            .map((a) => ({
              attempted_at: a.attemptedAt,
              status_code: a.statusCode,
              error: a.error,
              duration_ms: a.durationMs,
            })),
          next_attempt_at: n.status === 'pending' ? n.nextAttemptAt : null,
          delivered_at: n.deliveredAt,
        },
        payload: JSON.parse(n.body) as Record<string, unknown>,
      })),
      has_more: page.hasMore,
      next_cursor: page.hasMore && last ? last.id : null,
    });
  });
  return router;
}
