import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import { startTestSandbox, waitFor, WebhookReceiver } from '../../sandbox/testing.ts';
import { runEndpointCommand } from './endpoint-command.ts';
import { NEEDED_STRIPE_EVENTS } from './needed-events.ts';

let sandbox: Sandbox;
let stripe: Stripe;
let receiver: WebhookReceiver;
beforeEach(async () => {
  sandbox = await startTestSandbox();
  stripe = sandbox.stripeClient();
  receiver = await new WebhookReceiver().start();
});
afterEach(async () => {
  await receiver.close();
  await sandbox.close();
});

async function run(argv: string[], client: Stripe | null = stripe) {
  const info: string[] = [];
  const error: string[] = [];
  const code = await runEndpointCommand(argv, {
    webhookUrl: receiver.url,
    client,
    out: { info: (t) => info.push(t), error: (t) => error.push(t) },
  });
  return { code, info: info.join('\n'), error: error.join('\n') };
}

describe('npm run webhooks -- endpoint', () => {
  it('prints the URL and every event type to subscribe, one per line, without calling Stripe', async () => {
    const { code, info } = await run([], null);
    expect(code).toBe(0);
    expect(info).toContain(`URL: ${receiver.url}`);
    const listed = info.split('\n').filter((l) => /^ {4}\S+$/.test(l));
    expect(listed.map((l) => l.trim())).toEqual([...NEEDED_STRIPE_EVENTS]);
    expect(info).toContain('STRIPE_WEBHOOK_SECRET');
  });

  it('--create: creates the endpoint with exactly the needed types and prints the secret that signs its deliveries', async () => {
    const { code, info } = await run(['--create']);
    expect(code).toBe(0);
    const [endpoint] = (await stripe.webhookEndpoints.list()).data;
    expect(endpoint).toMatchObject({ url: receiver.url, enabled_events: [...NEEDED_STRIPE_EVENTS] });
    expect(info).toContain(`Created Stripe webhook endpoint ${endpoint?.id}`);
    const secret = /^whsec_\S+$/m.exec(info)?.[0] as string;
    expect(secret).toBeDefined();
    await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    const delivery = await waitFor(() => receiver.received[0], 5_000, 'a delivery');
    const event = stripe.webhooks.constructEvent(
      delivery.body,
      delivery.headers['stripe-signature'] as string,
      secret,
    );
    expect(NEEDED_STRIPE_EVENTS).toContain(event.type);
  });

  it('--create with an endpoint already at the URL creates nothing and says what it lacks', async () => {
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['payment_intent.succeeded'] });
    const lacking = await run(['--create']);
    expect(lacking.code).toBe(1);
    expect(lacking.error).toContain('is not subscribed to');
    expect(lacking.info).toContain('nothing created');
    expect((await stripe.webhookEndpoints.list()).data).toHaveLength(1);
    expect(lacking.info + lacking.error).not.toMatch(/whsec_/);
  });

  it('--create twice: the second run finds the first endpoint complete and creates nothing', async () => {
    expect((await run(['--create'])).code).toBe(0);
    const again = await run(['--create']);
    expect(again.code).toBe(0);
    expect(again.info).toContain(`subscribed to all ${NEEDED_STRIPE_EVENTS.length} event types`);
    expect((await stripe.webhookEndpoints.list()).data).toHaveLength(1);
  });

  it('--create without Stripe keys (sandbox mode) refuses, saying why; unknown arguments print the usage', async () => {
    const sandboxMode = await run(['--create'], null);
    expect(sandboxMode.code).toBe(1);
    expect(sandboxMode.error).toContain('STRIPE_SECRET_KEY');
    const bad = await run(['--crate']);
    expect(bad.code).toBe(2);
    expect(bad.error).toContain('usage: npm run webhooks -- endpoint');
  });

  it('runs from the command line with the configured PUBLIC_URL', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['server/src/webhooks/cli.ts', 'endpoint'],
      {
        env: { PATH: process.env.PATH ?? '', PUBLIC_URL: 'https://pay.cargo.example' },
        encoding: 'utf8',
      },
    );
    expect(stdout).toContain('URL: https://pay.cargo.example/v1/webhooks/stripe');
    expect(stdout).toContain('    charge.dispute.created');
  });
});
