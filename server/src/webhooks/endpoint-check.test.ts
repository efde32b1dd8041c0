import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import { startTestSandbox } from '../../sandbox/testing.ts';
import { checkWebhookEndpoint, describeFinding, listingNote } from './endpoint-check.ts';
import { NEEDED_STRIPE_EVENTS } from './needed-events.ts';

const URL_HERE = 'https://pay.cargo.example/v1/webhooks/stripe';
let sandbox: Sandbox;
let stripe: Stripe;
beforeEach(async () => {
  sandbox = await startTestSandbox();
  stripe = sandbox.stripeClient();
});
afterEach(() => sandbox.close());

describe('start-up check of the Stripe webhook endpoint (real SDK against the sandbox)', () => {
  it('all needed types subscribed: says so', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: URL_HERE,
      enabled_events: [...NEEDED_STRIPE_EVENTS],
    });
    const finding = await checkWebhookEndpoint(stripe, URL_HERE);
    expect(finding).toEqual({ kind: 'ok', url: URL_HERE, endpointId: endpoint.id });
    expect(describeFinding(finding)).toContain(`all ${NEEDED_STRIPE_EVENTS.length} event types`);
  });

  it('`*` counts as every type', async () => {
    await stripe.webhookEndpoints.create({ url: URL_HERE, enabled_events: ['*'] });
    expect((await checkWebhookEndpoint(stripe, URL_HERE)).kind).toBe('ok');
  });

  it('names, in one line, each needed type the endpoint misses', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: URL_HERE,
      enabled_events: ['payment_intent.succeeded', 'payment_intent.payment_failed', 'customer.created'],
    });
    const finding = await checkWebhookEndpoint(stripe, URL_HERE);
    const missing = NEEDED_STRIPE_EVENTS.filter(
      (t) => t !== 'payment_intent.succeeded' && t !== 'payment_intent.payment_failed',
    );
    expect(finding).toEqual({ kind: 'missing-events', url: URL_HERE, endpointId: endpoint.id, missing });
    const line = describeFinding(finding);
    expect(line).not.toContain('\n');
    expect(line).toContain(
      `not subscribed to ${missing.length} event type(s) CargoPay needs: ${missing.join(', ')}.`,
    );
    expect(line).toContain('npm run webhooks -- endpoint');
    expect(listingNote(finding)).toContain(`misses ${missing.length}`);
  });

  it('an endpoint for another URL only: says none points at this server, and how to create it', async () => {
    await stripe.webhookEndpoints.create({ url: 'https://other.example/hooks', enabled_events: ['*'] });
    const finding = await checkWebhookEndpoint(stripe, URL_HERE);
    expect(finding).toEqual({ kind: 'no-endpoint', url: URL_HERE, others: 1 });
    expect(describeFinding(finding)).toContain(`No Stripe webhook endpoint points at ${URL_HERE}`);
    expect(describeFinding(finding)).toContain('npm run webhooks -- endpoint --create');
  });

  it('a disabled endpoint: says it is disabled', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: URL_HERE, enabled_events: ['*'] });
    await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    const finding = await checkWebhookEndpoint(stripe, URL_HERE);
    expect(finding).toEqual({ kind: 'disabled', url: URL_HERE, endpointId: endpoint.id });
    expect(describeFinding(finding)).toContain('is disabled');
  });

  it('a Stripe error (a key Stripe refuses, nothing listening) is a finding, never a throw, and never shows the key', async () => {
    const origin = new URL(sandbox.url);
    const wrongKey = new Stripe('sk_live_notthekey0000secretpart1234', {
      host: origin.hostname,
      port: Number(origin.port),
      protocol: 'http',
    });
    const refused = await checkWebhookEndpoint(wrongKey, URL_HERE);
    expect(refused.kind).toBe('error');
    expect(describeFinding(refused)).toContain('Could not check the Stripe webhook endpoint');
    expect(describeFinding(refused)).not.toContain('secretpart');
    await sandbox.close();
    const gone = await checkWebhookEndpoint(stripe, URL_HERE, 2_000);
    expect(gone.kind).toBe('error');
    expect(listingNote(gone)).toContain('not checked');
  });
});
