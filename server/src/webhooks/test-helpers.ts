import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { TestResponse, TestServer } from '../../test/harness.ts';

const signer = new Stripe('sk_test_signing_only');

/** A Stripe event body, as JSON text, with `fields` replacing the defaults (a fresh `evt_…` id, created now). */
export function eventJson(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'invoice.created',
    data: { object: { id: 'in_1', object: 'invoice' } },
    ...fields,
  });
}

/** A `payment_intent.succeeded` for a payment request found by its metadata (no PaymentIntent linked yet). */
export function succeededJson(paymentRequestId: string, fields: Record<string, unknown> = {}): string {
  return eventJson({
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: `pi_${randomBytes(8).toString('hex')}`,
        object: 'payment_intent',
        amount: 12_500,
        currency: 'eur',
        status: 'succeeded',
        metadata: { payment_request: paymentRequestId },
        last_payment_error: null,
      },
    },
    ...fields,
  });
}

/** POSTs `payload` to the Stripe webhook endpoint, signed as Stripe signs (at `timestamp`, default now). */
export function postSigned(
  t: TestServer,
  payload: string,
  options: { timestamp?: number; secret?: string } = {},
): Promise<TestResponse> {
  const header = signer.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? t.webhookSecret,
    timestamp: options.timestamp,
  });
  return t.request('POST', '/v1/webhooks/stripe', {
    rawBody: payload,
    headers: { 'stripe-signature': header, 'content-type': 'application/json' },
  });
}

/** One sample of a metric from the app's registry (read directly: no dependence on how /metrics is guarded). */
export async function metricValue(t: TestServer, name: string, labels: Record<string, string> = {}) {
  const metric = t.app.context.metrics.registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const sample = values.find((v) =>
    Object.entries(labels).every(([k, value]) => String((v.labels as Record<string, unknown>)[k]) === value),
  );
  return sample?.value ?? 0;
}
