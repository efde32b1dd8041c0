import express, { Router } from 'express';
import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';

/** Stripe's own default: a signature older than 300 s is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * `POST /v1/webhooks/stripe`: reads the raw body, verifies `Stripe-Signature` against it (constructEvent,
 * 300 s tolerance) before anything is parsed, writes the event to the inbox keyed by its id, and only then
 * answers 200. A duplicate delivery is acknowledged without a second write. Applying happens in the worker.
 */
export function stripeWebhookRouter(ctx: AppContext): Router {
  const router = Router();
  router.post(
    '/',
    express.raw({ type: () => true, limit: ctx.config.webhookBodyLimitBytes }),
    async (req, res) => {
      const secret = ctx.stripe.webhookSecret;
      const signature = req.get('stripe-signature');
      const raw: unknown = req.body;
      if (!secret || !signature || !Buffer.isBuffer(raw)) {
        ctx.metrics.webhookEvents.inc({ outcome: 'rejected' });
        throw new ProblemError('webhook-signature-invalid', {
          detail: 'Missing Stripe-Signature header or body.',
        });
      }
      let event: Stripe.Event;
      try {
        event = ctx.stripe.client.webhooks.constructEvent(raw, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
      } catch (error) {
        ctx.metrics.webhookEvents.inc({ outcome: 'rejected' });
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw new ProblemError('webhook-signature-invalid', {
            detail: 'No signature matched the body, or the timestamp is outside the 300 s tolerance.',
          });
        }
        throw new ProblemError('malformed-json');
      }
      const stored = await ctx.store.insertInboxEvent({
        id: event.id,
        type: event.type,
        payload: raw.toString('utf8'),
        created: event.created,
        receivedAt: ctx.now().toISOString(),
      });
      ctx.metrics.webhookEvents.inc({ outcome: stored ? 'stored' : 'duplicate' });
      if (stored) ctx.wake.webhooks();
      res.json({ received: true, duplicate: !stored });
    },
  );
  return router;
}
