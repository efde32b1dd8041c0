import express from 'express';
import type Stripe from 'stripe';
import { notificationFor } from '../server/src/payment-requests/notification.ts';
import { presentRefund } from '../server/src/refunds/present.ts';
import { PAYMENT_REQUEST_KEY, refundRecord } from '../server/src/refunds/record.ts';
import { refundedChange } from '../server/src/refunds/refunded.ts';
import type { PaymentRequest, Store } from '../server/src/store/types.ts';
import { UNSTAMPED } from '../server/src/stripe/event-order.ts';

/**
 * The baselines and floors of the freight hot paths (issue 16): capturing a held card and refunding a payment.
 * Each baseline is an Express app doing only the Stripe call CargoPay makes; each floor adds only the storage
 * the issue requires around it, through CargoPay's own store: the payment request read (the PaymentIntent comes
 * from there) and the one commit that records the outcome (the request's new state with the merchant's
 * notification, and for a refund its row). No middleware, no checks, no logging.
 */

type Body = { amount?: unknown; reason?: unknown };

const amountOf = (req: express.Request): number => Number((req.body as Body).amount);

/** Baseline for capture: `stripe.paymentIntents.capture` on a held PaymentIntent, as CargoPay calls it. */
export function bareCaptureApp(stripe: Stripe): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/capture/:pi', async (req, res) => {
    const amount = amountOf(req);
    const captured = await stripe.paymentIntents.capture(
      req.params.pi,
      { amount_to_capture: amount },
      { idempotencyKey: `bare:${req.params.pi}:capture:${amount}` },
    );
    res.json({ id: captured.id, status: captured.status, amount_received: captured.amount_received });
  });
  return app;
}

/**
 * The floor for capture: the request read, the baseline's capture, and the request's commit as paid (what the
 * capture took, nothing left held) with its `payment_request.paid` notification, in one transaction.
 */
export function floorCaptureApp(stripe: Stripe, store: Store): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/capture/:id', async (req, res) => {
    const pr = await store.paymentRequests.get(req.params.id);
    if (!pr?.paymentIntentId) {
      res.status(404).json({ error: 'unknown payment request' });
      return;
    }
    const amount = amountOf(req);
    const captured = await stripe.paymentIntents.capture(
      pr.paymentIntentId,
      { amount_to_capture: amount },
      { idempotencyKey: `floor:${pr.id}:capture:${amount}` },
    );
    const now = new Date();
    const patch = {
      status: 'paid' as const,
      amountCapturable: 0,
      lastError: null,
      amountReceived: captured.amount_received,
    };
    const after: PaymentRequest = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
    await store.commit(
      {
        paymentRequest: { id: pr.id, expectedVersion: pr.version, patch },
        notifications: [notificationFor(after, 'payment_request.paid', now)],
      },
      now.toISOString(),
    );
    res.json({ id: pr.id, status: after.status });
  });
  return app;
}

/** Baseline for refunds: `stripe.refunds.create` on a paid PaymentIntent, as CargoPay calls it. */
export function bareRefundApp(stripe: Stripe): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/refund/:pi', async (req, res) => {
    const refund = await stripe.refunds.create(
      {
        payment_intent: req.params.pi,
        amount: amountOf(req),
        reason: (req.body as Body).reason as Stripe.RefundCreateParams.Reason,
        metadata: { [PAYMENT_REQUEST_KEY]: req.params.pi },
      },
      { idempotencyKey: `bare:${req.params.pi}:refund` },
    );
    res.status(201).json({ id: refund.id, status: refund.status, amount: refund.amount });
  });
  return app;
}

/**
 * The floor for refunds: the request read, the baseline's refund, and one commit of the refund's row, the
 * request's refunded amount and status, and the merchant's notification.
 */
export function floorRefundApp(stripe: Stripe, store: Store): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/refund/:id', async (req, res) => {
    const pr = await store.paymentRequests.get(req.params.id);
    if (!pr?.paymentIntentId) {
      res.status(404).json({ error: 'unknown payment request' });
      return;
    }
    const refund = await stripe.refunds.create(
      {
        payment_intent: pr.paymentIntentId,
        amount: amountOf(req),
        reason: (req.body as Body).reason as Stripe.RefundCreateParams.Reason,
        metadata: { [PAYMENT_REQUEST_KEY]: pr.id },
      },
      { idempotencyKey: `floor:${pr.id}:refund` },
    );
    const now = new Date();
    const row = refundRecord(refund, pr, UNSTAMPED, now);
    const { patch, notify } = refundedChange(pr, pr.amountRefunded + row.amount);
    const after: PaymentRequest = { ...pr, ...patch, version: pr.version + 1, updatedAt: now.toISOString() };
    await store.commit(
      {
        paymentRequest: { id: pr.id, expectedVersion: pr.version, patch },
        refunds: [row],
        notifications: notify ? [notificationFor(after, notify, now, { refund: presentRefund(row) })] : [],
      },
      now.toISOString(),
    );
    res.status(201).json(presentRefund(row));
  });
  return app;
}
