import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { parseSandboxConfig } from './config.ts';
import { SANDBOX_SECRET_KEY } from './keys.ts';
import { waitFor, WebhookReceiver } from './testing.ts';

describe('sandbox configuration', () => {
  it('defaults to 127.0.0.1:12111 without webhooks', () => {
    expect(parseSandboxConfig({})).toEqual({
      port: 12_111,
      host: '127.0.0.1',
      webhook: null,
      rateLimits: null,
      statePath: '.data/stripe-sandbox.json',
      realStripeKeysConfigured: false,
    });
  });

  it('keeps its state in SANDBOX_STATE_PATH, or in memory only with SANDBOX_STATE_PATH=memory', () => {
    expect(parseSandboxConfig({ SANDBOX_STATE_PATH: '/tmp/s.json' }).statePath).toBe('/tmp/s.json');
    expect(parseSandboxConfig({ SANDBOX_STATE_PATH: 'memory' }).statePath).toBeNull();
  });

  it('enforces Stripe rate limits only when SANDBOX_RATE_LIMITS names a mode', () => {
    expect(parseSandboxConfig({ SANDBOX_RATE_LIMITS: 'test' }).rateLimits).toBe('test');
    expect(parseSandboxConfig({ SANDBOX_RATE_LIMITS: 'live' }).rateLimits).toBe('live');
    expect(parseSandboxConfig({ SANDBOX_RATE_LIMITS: 'off' }).rateLimits).toBeNull();
    expect(() => parseSandboxConfig({ SANDBOX_RATE_LIMITS: 'yes' })).toThrow(/SANDBOX_RATE_LIMITS/);
  });

  it('reads SANDBOX_PORT and the webhook URL with its secret', () => {
    const config = parseSandboxConfig({
      SANDBOX_PORT: '4000',
      SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:3000/v1/webhooks/stripe',
      SANDBOX_WEBHOOK_SECRET: 'whsec_local_secret',
    });
    expect(config).toMatchObject({
      port: 4000,
      webhook: { url: 'http://127.0.0.1:3000/v1/webhooks/stripe', secret: 'whsec_local_secret' },
    });
  });

  it('refuses a bad port, a non-http URL, and a URL without a secret, without echoing the secret', () => {
    expect(() => parseSandboxConfig({ SANDBOX_PORT: 'eighty' })).toThrow(/SANDBOX_PORT/);
    expect(() => parseSandboxConfig({ SANDBOX_PORT: '70000' })).toThrow(/SANDBOX_PORT/);
    expect(() =>
      parseSandboxConfig({
        SANDBOX_WEBHOOK_URL: 'ftp://example.com/x',
        SANDBOX_WEBHOOK_SECRET: 'whsec_abcdefgh',
      }),
    ).toThrow(/SANDBOX_WEBHOOK_URL/);
    expect(() => parseSandboxConfig({ SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:3000/x' })).toThrow(
      /must be set together/,
    );
    let message = '';
    try {
      parseSandboxConfig({ SANDBOX_WEBHOOK_SECRET: 'whsec_super_secret_value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('whsec_super_secret_value');
  });

  it('notices real Stripe keys', () => {
    expect(parseSandboxConfig({ STRIPE_SECRET_KEY: 'sk_test_real' }).realStripeKeysConfigured).toBe(true);
  });
});

describe('npm run sandbox (server/sandbox/main.ts)', () => {
  const main = new URL('./main.ts', import.meta.url).pathname;

  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  }

  it('prints a loud banner with its URLs, serves the API, and exits cleanly on SIGTERM', async () => {
    const { child, output } = run({ SANDBOX_PORT: '0' });
    const deadline = Date.now() + 15_000;
    while (!/API \(stripe SDK[^\n]*http:\/\/127\.0\.0\.1:(\d+)\/v1/.test(output()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(output()).toContain('OFFLINE STRIPE SANDBOX: this is NOT Stripe');
    const port = /http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(output())?.[1];
    const response = await fetch(`http://127.0.0.1:${port}/v1/payment_intents`);
    expect(response.status).toBe(401);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('delivers signed webhooks to SANDBOX_WEBHOOK_URL with SANDBOX_WEBHOOK_SECRET', async () => {
    const receiver = await new WebhookReceiver().start();
    const secret = 'whsec_from_the_environment';
    const { child, output } = run({
      SANDBOX_PORT: '0',
      SANDBOX_WEBHOOK_URL: receiver.url,
      SANDBOX_WEBHOOK_SECRET: secret,
    });
    try {
      const port = await waitFor(
        () => /http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(output())?.[1],
        15_000,
        'the banner',
      );
      expect(output()).toContain(`Webhooks:`);
      expect(output()).not.toContain(secret);
      const stripe = new Stripe(SANDBOX_SECRET_KEY, {
        host: '127.0.0.1',
        port: Number(port),
        protocol: 'http',
      });
      await stripe.customers.create({ email: 'env@example.com' });
      const delivery = await waitFor(() => receiver.received[0], 5_000, 'a delivery');
      const event = stripe.webhooks.constructEvent(
        delivery.body,
        delivery.headers['stripe-signature'] as string,
        secret,
      );
      expect(event.type).toBe('customer.created');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      await receiver.close();
    }
  });

  it('refuses to start when real Stripe keys are configured', async () => {
    const { child, output } = run({ SANDBOX_PORT: '0', STRIPE_SECRET_KEY: 'sk_test_from_someone' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output()).toContain('does not start');
    expect(output()).not.toContain('sk_test_from_someone');
  });
});
