import type Stripe from 'stripe';
import type { WebhookDispatcher, WebhookEndpoint } from '../webhooks/dispatcher.ts';
import { invalidRequest, noSuch } from './errors.ts';
import type { ApiContext, ApiHandler } from './http.ts';
import { paginate } from './lists.ts';
import { allowOnly, applyMetadata, readBoolean, readString, readStringList } from './params.ts';

/** Stripe's event type syntax, or `*` for every type. */
const ENABLED_EVENT = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,5})$/;

/** The endpoint as Stripe's API shows it (`Stripe.WebhookEndpoint`), with its secret only when given. */
function present(endpoint: Omit<WebhookEndpoint, 'secret'>, secret?: string): Stripe.WebhookEndpoint {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    api_version: null,
    application: null,
    created: endpoint.created,
    description: endpoint.description,
    enabled_events: endpoint.enabled_events,
    livemode: false,
    metadata: endpoint.metadata,
    ...(secret !== undefined ? { secret } : {}),
    status: endpoint.status,
    url: endpoint.url,
  };
}

function readEnabledEvents(ctx: ApiContext, required: boolean): string[] | undefined {
  const events = readStringList(ctx.body, 'enabled_events');
  if (events === undefined || events.length === 0) {
    if (!required) return undefined;
    throw invalidRequest('Missing required param: enabled_events.', {
      code: 'parameter_missing',
      param: 'enabled_events',
    });
  }
  events.forEach((type, i) => {
    if (!ENABLED_EVENT.test(type))
      throw invalidRequest(`Invalid enabled_events[${i}]: must be an event type or *`, {
        code: 'parameter_invalid_string',
        param: `enabled_events[${i}]`,
      });
  });
  return events;
}

function readUrl(ctx: ApiContext): string {
  const url = readString(ctx.body, 'url', { required: true, max: 5000 }) as string;
  if (!/^https?:\/\/\S+$/.test(url))
    throw invalidRequest(`Invalid URL: ${url.slice(0, 80)}`, { code: 'url_invalid', param: 'url' });
  return url;
}

/**
 * `/v1/webhook_endpoints` over the sandbox's webhook dispatcher, as Stripe's API has it: create (`url`,
 * `enabled_events`, `description`, `metadata`; the answer is the only one that carries the signing
 * `secret`), list (newest first, `limit` / `starting_after` / `ending_before`), retrieve, and update
 * (`enabled_events`, `disabled`, `description`, `metadata`). Creating a URL that has an endpoint already
 * adds a second one, as Stripe does.
 */
export function webhookEndpointRoutes(dispatcher: WebhookDispatcher): {
  create: ApiHandler;
  list: ApiHandler;
  retrieve: ApiHandler;
  update: ApiHandler;
} {
  const find = (id: string) => {
    const endpoint = dispatcher.list().find((e) => e.id === id);
    if (!endpoint) throw noSuch('webhook_endpoint', id);
    return endpoint;
  };
  return {
    create(ctx) {
      allowOnly(ctx.body, ['url', 'enabled_events', 'description', 'metadata', 'expand']);
      const url = readUrl(ctx);
      const enabled = readEnabledEvents(ctx, true) as string[];
      const { secret, ...endpoint } = dispatcher.create({
        url,
        enabled_events: enabled,
        description: readString(ctx.body, 'description', { max: 5000 }) || null,
        metadata: applyMetadata(ctx.body),
      });
      return present(endpoint, secret);
    },
    list(ctx) {
      allowOnly(ctx.query, ['limit', 'starting_after', 'ending_before', 'expand']);
      const endpoints = dispatcher.list();
      const order = { order: (id: string) => endpoints.findIndex((e) => e.id === id) };
      const page = paginate(order, endpoints, ctx.query, '/v1/webhook_endpoints');
      return { ...page, data: page.data.map((e) => present(e)) };
    },
    retrieve(ctx) {
      return present(find(ctx.params.id as string));
    },
    update(ctx) {
      allowOnly(ctx.body, ['enabled_events', 'disabled', 'description', 'metadata', 'expand']);
      const id = ctx.params.id as string;
      const current = find(id);
      const enabled = readEnabledEvents(ctx, false);
      const disabled = readBoolean(ctx.body, 'disabled');
      const description = readString(ctx.body, 'description', { max: 5000 });
      const updated = dispatcher.update(id, {
        ...(enabled ? { enabled_events: enabled } : {}),
        ...(disabled === undefined ? {} : { status: disabled ? 'disabled' : 'enabled' }),
        ...(description === undefined ? {} : { description: description || null }),
        metadata: applyMetadata(ctx.body, current.metadata),
      });
      return present(updated ?? current);
    },
  };
}
