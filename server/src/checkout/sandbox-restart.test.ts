import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, paymentRequestBody, startTestServer, type TestServer } from '../../test/harness.ts';
import { sandboxStatePathFor } from '../config.ts';

/**
 * `npm start` in sandbox mode, stopped and started again on the same directory: the server's database and the
 * sandbox's state file beside it (where `npm start` puts it) both survive, so a checkout opened before the
 * restart answers the same PaymentIntent after it and the buyer pays it.
 */

const dir = mkdtempSync(join(tmpdir(), 'cargopay-restart-'));
const statePath = sandboxStatePathFor(undefined, join(dir, 'cargopay.sqlite')) as string;
const SHOP = 'https://shop.example';
const webhookSecret = 'whsec_restart_test_secret';
const open: (TestServer | Sandbox)[] = [];

afterAll(async () => {
  for (const thing of open.reverse()) await thing.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startBoth(): Promise<TestServer> {
  const sandbox = await startSandbox({ port: 0, quiet: true, followUpDelayMs: 20, statePath });
  const server = await startTestServer({ dir, sandbox, webhookSecret });
  open.push(sandbox, server);
  return server;
}

async function stopBoth(server: TestServer): Promise<void> {
  await server.close({ keepDir: true });
  await server.sandbox.close();
  open.splice(0);
}

describe('a restart of server and sandbox', () => {
  it('a checkout opened before the restart answers the same PaymentIntent after it, and the buyer pays it', async () => {
    expect(statePath).toBe(join(dir, 'cargopay.stripe-sandbox.json'));
    const before = await startBoth();
    const { apiKey } = await before.merchant({ origins: [SHOP] });
    const created = await before.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    const id = String(created.json.id);
    const opened = await before.request('POST', `/v1/checkout/${id}/intent`, {
      body: intentBody,
      headers: { origin: SHOP },
    });
    expect(opened.status).toBe(200);
    await stopBoth(before);

    const stripeJsBefore = `${before.sandbox.url}/v3/`;
    const after = await startBoth();
    const summary = await after.request('GET', `/v1/checkout/${id}`, { headers: { origin: SHOP } });
    expect(summary.status).toBe(200);
    // The same Stripe.js and Payment Element origin: a buyer's page left open across the restart still works.
    expect(summary.json.stripe_js_url).toBe(stripeJsBefore);
    const reopened = await after.request('POST', `/v1/checkout/${id}/intent`, {
      body: intentBody,
      headers: { origin: SHOP },
    });
    expect(reopened.status).toBe(200);
    expect(reopened.json).toEqual(opened.json);
    expect(after.logs.join('\n')).not.toContain('no longer knows');
    // What Stripe.js does with the client secret in the buyer's browser still works on the restarted sandbox.
    const secret = String(opened.json.client_secret);
    const seen = await fetch(
      `${after.sandbox.url}/v1/payment_intents/${String(opened.json.payment_intent)}?client_secret=${secret}`,
      { headers: { authorization: `Bearer ${after.sandbox.publishableKey}` } },
    );
    expect(seen.status).toBe(200);

    await pay(after, String(opened.json.payment_intent));
    await waitFor(async () => (await after.store.paymentRequests.get(id))?.status === 'paid');
  });
});
