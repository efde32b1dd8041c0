import Stripe from 'stripe';
import { missingEvents, NEEDED_STRIPE_EVENTS, type StripeEventType } from './needed-events.ts';

/** What the Stripe account's webhook endpoints say about the one that should reach this server. */
export type EndpointFinding =
  | { kind: 'ok'; url: string; endpointId: string }
  | { kind: 'missing-events'; url: string; endpointId: string; missing: StripeEventType[] }
  | { kind: 'disabled'; url: string; endpointId: string }
  | { kind: 'no-endpoint'; url: string; others: number }
  | { kind: 'error'; url: string; message: string };

/**
 * Lists the account's webhook endpoints and judges the one whose URL is `webhookUrl`
 * (`${PUBLIC_URL}/v1/webhooks/stripe`): subscribed to every type in `NEEDED_STRIPE_EVENTS` (`*` counts as
 * all), missing some, disabled, or absent. Several endpoints at that URL are judged together (an enabled one
 * receives, the events of all enabled ones count). Never throws: a Stripe error (a restricted key without
 * webhook read access, no network) is a finding of its own, so a caller at start-up carries on.
 */
export async function checkWebhookEndpoint(
  client: Stripe,
  webhookUrl: string,
  timeoutMs = 5_000,
): Promise<EndpointFinding> {
  const url = webhookUrl;
  try {
    const endpoints: Stripe.WebhookEndpoint[] = [];
    const pages = client.webhookEndpoints.list({ limit: 100 }, { timeout: timeoutMs, maxNetworkRetries: 0 });
    for await (const endpoint of pages) endpoints.push(endpoint);
    const here = endpoints.filter((e) => e.url === url);
    const enabled = here.filter((e) => e.status === 'enabled');
    if (here.length === 0) return { kind: 'no-endpoint', url, others: endpoints.length };
    const first = enabled[0];
    if (!first) return { kind: 'disabled', url, endpointId: (here[0] as Stripe.WebhookEndpoint).id };
    const missing = missingEvents(enabled.flatMap((e) => e.enabled_events));
    return missing.length === 0
      ? { kind: 'ok', url, endpointId: first.id }
      : { kind: 'missing-events', url, endpointId: first.id, missing };
  } catch (error) {
    const message =
      error instanceof Stripe.errors.StripeError
        ? `${error.type}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    return { kind: 'error', url, message: message.slice(0, 300) };
  }
}

const CREATE = 'npm run webhooks -- endpoint --create';
const LIST = 'npm run webhooks -- endpoint';

/** One log line that says what is wrong (or that all is well) and what to do about it. */
export function describeFinding(finding: EndpointFinding): string {
  switch (finding.kind) {
    case 'ok':
      return `Stripe webhook endpoint ${finding.endpointId} (${finding.url}) is subscribed to all ${NEEDED_STRIPE_EVENTS.length} event types CargoPay needs.`;
    case 'missing-events':
      return `Stripe webhook endpoint ${finding.endpointId} (${finding.url}) is not subscribed to ${finding.missing.length} event type(s) CargoPay needs: ${finding.missing.join(', ')}. Add them to it in Stripe's dashboard (\`${LIST}\` prints the whole list).`;
    case 'disabled':
      return `Stripe webhook endpoint ${finding.endpointId} (${finding.url}) is disabled: Stripe sends this server no events, so no payment request here is ever marked paid. Enable it in Stripe's dashboard.`;
    case 'no-endpoint':
      return `No Stripe webhook endpoint points at ${finding.url} (the account has ${finding.others} other(s)): Stripe sends this server no events, so no payment request here is ever marked paid. Create it with \`${CREATE}\`, or in Stripe's dashboard with the types \`${LIST}\` prints.`;
    case 'error':
      return `Could not check the Stripe webhook endpoint for ${finding.url} (${finding.message}); starting anyway. Check it with \`${LIST}\` and Stripe's dashboard.`;
  }
}

/** The start-up listing's note after the Stripe webhooks URL. */
export function listingNote(finding: EndpointFinding): string {
  switch (finding.kind) {
    case 'ok':
      return '   (endpoint subscribed to every needed event)';
    case 'missing-events':
      return `   (!! endpoint misses ${finding.missing.length} needed event type(s): see the warning)`;
    case 'disabled':
      return '   (!! endpoint DISABLED in Stripe: see the warning)';
    case 'no-endpoint':
      return '   (!! NO Stripe endpoint points here: see the warning)';
    case 'error':
      return '   (endpoint not checked: see the warning)';
  }
}
