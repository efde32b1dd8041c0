import { readSandboxConfig, type SandboxConfig } from './config.ts';
import { startSandbox } from './sandbox.ts';

/**
 * `npm run sandbox`: the offline Stripe sandbox alone, on port 12111 (`SANDBOX_PORT`; 0 picks a free one). Its
 * URL, printed first, is what `STRIPE_SANDBOX_URL` gives several `npm start` instances to share it.
 */

function banner(url: string, config: SandboxConfig, publishableKey: string): string {
  const line = '='.repeat(78);
  return [
    line,
    '  OFFLINE STRIPE SANDBOX: this is NOT Stripe. No money moves, no card network is reached.',
    '  A local stand-in for development and tests only. Never point real customers at it.',
    line,
    `  Sandbox URL:                         ${url}   (STRIPE_SANDBOX_URL=${url} npm start)`,
    `  API (stripe SDK host/port/protocol): ${url}/v1`,
    `  Stripe.js stand-in:                  ${url}/v3/`,
    `  Payment Element frame:               ${url}/_sandbox/elements/payment`,
    `  Control API:                         ${url}/_sandbox/...`,
    `  Publishable key:                     ${publishableKey}`,
    '  Secret key:                          SANDBOX_SECRET_KEY in server/sandbox/keys.ts',
    `  State kept in:                       ${config.statePath ?? 'memory only (lost on restart; SANDBOX_STATE_PATH=<file> keeps it)'}`,
    `  Stripe rate limits:                  ${config.rateLimits ? `enforced (${config.rateLimits} mode)` : 'off (SANDBOX_RATE_LIMITS=test|live)'}`,
    `  Webhooks:                            ${config.webhook ? config.webhook.url : 'none yet (SANDBOX_WEBHOOK_URL, POST /_sandbox/webhook_endpoints, or a server started with STRIPE_SANDBOX_URL)'}`,
    line,
  ].join('\n');
}

async function main(): Promise<void> {
  let config: SandboxConfig;
  try {
    config = readSandboxConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
    return;
  }
  if (config.realStripeKeysConfigured) {
    console.error(
      'STRIPE_SECRET_KEY / STRIPE_PUBLISHABLE_KEY are set: real Stripe is configured, so the offline sandbox does not start. Unset them to use the sandbox.',
    );
    process.exitCode = 1;
    return;
  }
  const sandbox = await startSandbox({
    port: config.port,
    host: config.host,
    webhookEndpoints: config.webhook ? [config.webhook] : [],
    ...(config.rateLimits ? { rateLimits: config.rateLimits } : {}),
    ...(config.statePath ? { statePath: config.statePath } : {}),
  });
  console.info(banner(sandbox.url, config, sandbox.publishableKey));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`[sandbox] ${signal}: shutting down`);
    sandbox.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('[sandbox] error while shutting down', error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main();
