import type { AppContext } from '../context.ts';
import { CaseworkQueue } from './queue.ts';
import { DisputeRepository } from './repository.ts';
import { dbOf } from './sqlite.ts';

const repositories = new WeakMap<object, DisputeRepository>();

/** The dispute repository of one app (keyed by its store). */
export function disputesFor(ctx: Pick<AppContext, 'store' | 'config'>): DisputeRepository {
  let repo = repositories.get(ctx.store);
  if (!repo) {
    repo = new DisputeRepository(dbOf(ctx.store, ctx.config));
    repositories.set(ctx.store, repo);
  }
  return repo;
}

const queues = new WeakMap<object, CaseworkQueue>();

/** The casework queue of one app (keyed by its store). */
export function caseworkQueueFor(ctx: Pick<AppContext, 'store' | 'config'>): CaseworkQueue {
  let queue = queues.get(ctx.store);
  if (!queue) {
    queue = new CaseworkQueue(dbOf(ctx.store, ctx.config));
    queues.set(ctx.store, queue);
  }
  return queue;
}
