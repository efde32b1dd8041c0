import { ConfigError, readConfigForEndpointSetup } from '../config.ts';
import { runWithStore } from '../store/cli-store.ts';
import { runWebhookCommand, type CommandOutput } from './commands.ts';

/** `npm run webhooks -- <command>`: see `commands.ts` and `endpoint-command.ts` for the commands. */
const out: CommandOutput = { info: (text) => console.info(text), error: (text) => console.error(text) };
const [command, ...rest] = process.argv.slice(2);

async function endpoint(): Promise<number> {
  let config;
  try {
    config = readConfigForEndpointSetup();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    out.error(error.message);
    return 1;
  }
  const [{ runEndpointCommand }, { stripeClient }] = await Promise.all([
    import('./endpoint-command.ts'),
    import('../stripe/link.ts'),
  ]);
  return runEndpointCommand(rest, {
    webhookUrl: `${config.publicUrl}/v1/webhooks/stripe`,
    client: config.stripe.mode === 'sandbox' ? null : stripeClient(config.stripe.secretKey),
    out,
  });
}

// `endpoint` talks to Stripe only; the other commands work on the stored webhook inbox.
process.exitCode =
  command === 'endpoint'
    ? await endpoint()
    : await runWithStore((store) => runWebhookCommand(process.argv.slice(2), store, out));
