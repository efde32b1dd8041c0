import type { AppContext } from '../context.ts';
import { dbOf } from '../disputes/sqlite.ts';
import { RiskRepository } from './repository.ts';

const repositories = new WeakMap<object, RiskRepository>();

/** The risk repository of one app (keyed by its store). */
export function riskFor(ctx: Pick<AppContext, 'store' | 'config'>): RiskRepository {
  let repo = repositories.get(ctx.store);
  if (!repo) {
    repo = new RiskRepository(dbOf(ctx.store, ctx.config));
    repositories.set(ctx.store, repo);
  }
  return repo;
}
