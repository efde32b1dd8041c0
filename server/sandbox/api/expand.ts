import { invalidRequest } from './errors.ts';
import type { SandboxState } from './state.ts';

/**
 * Applies `expand[]` to a response: each dotted path whose last field holds an object id is replaced by a copy
 * of that object (`latest_charge`, `payment_method`, `latest_charge.payment_intent`, `data.charge` on lists).
 * A path that names no expandable field is refused, as Stripe refuses it.
 */
export function expand<T>(state: SandboxState, value: T, paths: readonly string[]): T {
  if (paths.length === 0) return value;
  const copy = structuredClone(value) as unknown;
  for (const path of paths) {
    if (path.split('.').length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, {
        param: 'expand',
      });
    }
    if (!expandPath(state, copy, path.split('.'))) {
      throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    }
  }
  return copy as T;
}

function expandPath(state: SandboxState, node: unknown, segments: string[]): boolean {
  if (node === null || typeof node !== 'object') return false;
  const [head, ...rest] = segments as [string, ...string[]];
  const record = node as Record<string, unknown>;
  if (Array.isArray(record[head]) && rest.length > 0) {
    return (record[head] as unknown[]).every((item) => expandPath(state, item, rest)) || true;
  }
  if (!(head in record)) return false;
  let field = record[head];
  if (typeof field === 'string') {
    const found = state.find(field);
    if (found === undefined) return false;
    field = structuredClone(found);
    record[head] = field;
  } else if (field === null) {
    return rest.length === 0;
  }
  return rest.length === 0 ? true : expandPath(state, field, rest);
}
