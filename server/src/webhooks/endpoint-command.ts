import { parseArgs } from 'node:util';
import type Stripe from 'stripe';
import type { CommandOutput } from './commands.ts';
import { checkWebhookEndpoint, describeFinding } from './endpoint-check.ts';
import { NEEDED_STRIPE_EVENTS } from './needed-events.ts';

export const ENDPOINT_USAGE = `usage: npm run webhooks -- endpoint            (prints the URL and event types to subscribe in Stripe)
       npm run webhooks -- endpoint --create   (creates the endpoint through Stripe's API, prints its secret once)`;

export interface EndpointCommandContext {
  /** `${PUBLIC_URL}/v1/webhooks/stripe`. */
  webhookUrl: string;
  /** A client for the configured Stripe account; `null` in sandbox mode (no Stripe keys). */
  client: Stripe | null;
  out: CommandOutput;
}

/**
 * `npm run webhooks -- endpoint`: the Stripe webhook endpoint this server needs. Without flags it prints the URL
 * and `NEEDED_STRIPE_EVENTS`, one per line, to paste into Stripe's dashboard. With `--create` it creates the
 * endpoint through the API (unless one already points at the URL: it then says what that one lacks, and
 * creates nothing, since two endpoints would sign each event twice with different secrets) and prints the
 * signing secret, which Stripe's API shows only in that answer. Returns the exit code.
 */
export async function runEndpointCommand(argv: string[], ctx: EndpointCommandContext): Promise<number> {
  let create: boolean;
  try {
    // Strict: an unknown flag or a stray argument is refused, not ignored.
    const { values } = parseArgs({ args: argv, options: { create: { type: 'boolean' } } });
    create = values.create === true;
  } catch (error) {
    ctx.out.error(`${error instanceof Error ? error.message : String(error)}\n${ENDPOINT_USAGE}`);
    return 2;
  }
  const { webhookUrl, client, out } = ctx;
  if (!create) {
    out.info(
      [
        `Stripe webhook endpoint for this server (Stripe dashboard: Developers > Webhooks > Add endpoint)`,
        `  URL: ${webhookUrl}`,
        `  Events (select exactly these ${NEEDED_STRIPE_EVENTS.length}, or all events):`,
        ...NEEDED_STRIPE_EVENTS.map((type) => `    ${type}`),
        `Then set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…) and restart the server.`,
        `Or let this command create it: npm run webhooks -- endpoint --create`,
      ].join('\n'),
    );
    return 0;
  }
  if (!client) {
    out.error(
      'No Stripe keys are set (sandbox mode): `npm start` registers its endpoint with the sandbox itself. Set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY to create the endpoint in your Stripe account.',
    );
    return 1;
  }
  const finding = await checkWebhookEndpoint(client, webhookUrl);
  if (finding.kind !== 'no-endpoint') {
    out[finding.kind === 'ok' ? 'info' : 'error'](describeFinding(finding));
    if (finding.kind !== 'error') out.info('An endpoint already points at this server: nothing created.');
    return finding.kind === 'ok' ? 0 : 1;
  }
  let endpoint: Stripe.WebhookEndpoint;
  try {
    endpoint = await client.webhookEndpoints.create({
      url: webhookUrl,
      enabled_events: [...NEEDED_STRIPE_EVENTS],
      description: 'CargoPay',
    });
  } catch (error) {
    out.error(
      `Stripe did not create the endpoint for ${webhookUrl}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  out.info(
    [
      `Created Stripe webhook endpoint ${endpoint.id} for ${webhookUrl}, subscribed to ${endpoint.enabled_events.length} event types.`,
      `Its signing secret (Stripe's API shows it only now; the dashboard can reveal it later):`,
      endpoint.secret ?? '(Stripe sent no secret: reveal it in the dashboard)',
      `Set STRIPE_WEBHOOK_SECRET to it and restart the server.`,
    ].join('\n'),
  );
  return 0;
}
