import express, { Router } from 'express';
import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { checkEnvelope } from './envelope.ts';
import { signedInTime } from './signed-at.ts';

/** Stripe's own default: a signature older than 300 s is a replay; one more than 300 s ahead is refused too. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * `POST /v1/webhooks/stripe`: reads the raw body, verifies `Stripe-Signature` against it (constructEvent,
 * 300 s tolerance on age, and the same ahead of now) before anything is parsed, checks the event's envelope
 * (`envelope.ts`), writes the event to the inbox keyed by its id, and only then answers 200. A duplicate
 * delivery is acknowledged without a second write. Applying happens in the worker.
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
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          ctx.metrics.webhookEvents.inc({ outcome: 'rejected' });
          throw new ProblemError('webhook-signature-invalid', {
            detail: 'No signature matched the body, or the timestamp is outside the 300 s tolerance.',
          });
        }
        // The signature matched but the body is not JSON: Stripe's bytes, not a forgery (kept out of the
        // signature-failure alert's count).
        ctx.metrics.webhookEvents.inc({ outcome: 'invalid' });
        ctx.metrics.webhookInvalidFields.inc({ field: 'event' });
        throw new ProblemError('malformed-json');
      }
      if (!signedInTime(signature, WEBHOOK_TOLERANCE_SECONDS)) {
        ctx.metrics.webhookEvents.inc({ outcome: 'rejected' });
        throw new ProblemError('webhook-signature-invalid', {
          detail: 'The signature’s timestamp is more than 300 s in the future.',
        });
      }
      const checked = checkEnvelope(event);
      if (!checked.ok) {
        ctx.metrics.webhookEvents.inc({ outcome: 'invalid' });
        for (const e of checked.errors) ctx.metrics.webhookInvalidFields.inc({ field: e.path });
        ctx.logger.warn(
          { fields: checked.errors.map((e) => e.path) },
          'signed Stripe event refused: envelope not valid',
        );
        throw new ProblemError('webhook-event-invalid', {
          detail: `The event has ${checked.errors.length} problem(s); nothing was stored.`,
          errors: checked.errors,
        });
      }
      const stored = await ctx.store.inbox.insert({
        id: checked.event.id,
        type: checked.event.type,
        payload: raw.toString('utf8'),
        created: checked.event.created,
        receivedAt: ctx.now().toISOString(),
      });
      ctx.metrics.webhookEvents.inc({ outcome: stored ? 'stored' : 'duplicate' });
      if (stored) ctx.wake.webhooks();
      res.json({ received: true, duplicate: !stored });
    },
  );
  return router;
}
