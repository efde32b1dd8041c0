import { invalidRequest } from './errors.ts';
import { expand } from './expand.ts';
import type { FormObject } from './form.ts';
import type { ApiContext } from './http.ts';
import { allowOnly, readExpand, readInteger, readObject, readString } from './params.ts';
import type { SandboxState } from './state.ts';

/** A Stripe list object. */
export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Applies Stripe's `created` filter: an integer, or a hash of gt/gte/lt/lte. */
export function matchesCreated(query: FormObject, created: number): boolean {
  const value = query.created;
  if (value === undefined) return true;
  if (typeof value === 'string') {
    const exact = readInteger(query, 'created');
    return exact === undefined || created === exact;
  }
  const range = readObject(query, 'created') ?? {};
  for (const key of Object.keys(range)) {
    if (!['gt', 'gte', 'lt', 'lte'].includes(key)) {
      throw invalidRequest(`Received unknown parameter: created[${key}]`, {
        code: 'parameter_unknown',
        param: `created[${key}]`,
      });
    }
  }
  const bound = (key: string) => readInteger(range, key, { param: `created[${key}]` });
  const gt = bound('gt');
  const gte = bound('gte');
  const lt = bound('lt');
  const lte = bound('lte');
  return (
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte)
  );
}

/**
 * Pages `items` as Stripe does: newest first, `limit` 1–100 (default 10), `starting_after` / `ending_before`
 * cursors that must name an object in the list.
 */
export function paginate<T extends { id: string }>(
  state: Pick<SandboxState, 'order'>,
  items: Iterable<T>,
  query: FormObject,
  url: string,
): ListObject<T> {
  const limit = readInteger(query, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be between 1 and 100 (inclusive).', {
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  const sorted = [...items].sort((a, b) => state.order(b.id) - state.order(a.id));
  const startingAfter = readString(query, 'starting_after');
  const endingBefore = readString(query, 'ending_before');
  if (startingAfter) {
    const index = sorted.findIndex((item) => item.id === startingAfter);
    if (index === -1) throw invalidRequest(`No such object: '${startingAfter}'`, { param: 'starting_after' });
    const rest = sorted.slice(index + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore) {
    const index = sorted.findIndex((item) => item.id === endingBefore);
    if (index === -1) throw invalidRequest(`No such object: '${endingBefore}'`, { param: 'ending_before' });
    const before = sorted.slice(0, index);
    return { object: 'list', data: before.slice(-limit), has_more: before.length > limit, url };
  }
  return { object: 'list', data: sorted.slice(0, limit), has_more: sorted.length > limit, url };
}

/**
 * A list route filtered as Stripe filters refunds, disputes and early fraud warnings: by `charge`,
 * `payment_intent` and `created`, then paged and expanded. Any other parameter is refused.
 */
export function listByChargeOrIntent<
  T extends { id: string; charge: unknown; payment_intent?: unknown; created: number },
>(ctx: ApiContext, items: Iterable<T>, url: string): unknown {
  allowOnly(ctx.query, [
    'limit',
    'starting_after',
    'ending_before',
    'created',
    'charge',
    'payment_intent',
    'expand',
  ]);
  const charge = readString(ctx.query, 'charge');
  const pi = readString(ctx.query, 'payment_intent');
  const matching = [...items].filter(
    (item) =>
      (!charge || item.charge === charge) &&
      (!pi || item.payment_intent === pi) &&
      matchesCreated(ctx.query, item.created),
  );
  return expand(ctx.state, paginate(ctx.state, matching, ctx.query, url), readExpand(ctx.query));
}
