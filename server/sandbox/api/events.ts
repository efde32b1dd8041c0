import { invalidRequest, noSuch } from './errors.ts';
import type { ApiContext } from './http.ts';
import { matchesCreated, paginate } from './lists.ts';
import { allowOnly, readString, readStringList } from './params.ts';

/** `GET /v1/events/:id`. */
export function retrieveEventRoute(ctx: ApiContext): unknown {
  const id = ctx.params.id as string;
  const event = ctx.state.eventsById.get(id);
  if (!event) throw noSuch('event', id);
  return event;
}

function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (type) => type === pattern;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^]*')}$`,
  );
  return (type) => regex.test(type);
}

/** `GET /v1/events` (filters: type with `*` wildcards, types[], created), newest first. */
export function listEventsRoute(ctx: ApiContext): unknown {
  allowOnly(ctx.query, [
    'limit',
    'starting_after',
    'ending_before',
    'created',
    'type',
    'types',
    'delivery_success',
  ]);
  const type = readString(ctx.query, 'type');
  const types = readStringList(ctx.query, 'types');
  if (type && types) {
    throw invalidRequest('You may only specify one of these parameters: type, types.', { param: 'types' });
  }
  const matchers = (types ?? (type ? [type] : [])).map(typeMatcher);
  const items = ctx.state.events.filter(
    (e) => (matchers.length === 0 || matchers.some((m) => m(e.type))) && matchesCreated(ctx.query, e.created),
  );
  return paginate(ctx.state, items, ctx.query, '/v1/events');
}
