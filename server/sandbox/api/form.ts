/**
 * Stripe's form encoding, parsed without `qs`: the SDK sends `application/x-www-form-urlencoded` bodies (and
 * query strings) whose keys carry brackets, `metadata[order]=1`, `expand[]=latest_charge`,
 * `payment_method_types[0]=card`, `payment_method_options[card][request_three_d_secure]=any`.
 * Indexed and empty brackets become arrays, named brackets become objects; values stay strings.
 */

/** A parsed form value: a string, a list of values, or a map of named values. */
export type FormValue = string | FormValue[] | FormObject;
/** A parsed form object. It never has `__proto__`, `constructor` or `prototype` keys. */
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 8;
const MAX_PAIRS = 2000;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Thrown for keys the encoding cannot express (unbalanced brackets, a key used both as a value and an object). */
export class FormEncodingError extends Error {
  readonly param: string;
  constructor(message: string, param: string) {
    super(message);
    this.name = 'FormEncodingError';
    this.param = param;
  }
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^[\]]*)\]/.exec(rest);
    if (!match) throw new FormEncodingError(`Invalid parameter name: ${key}`, key);
    segments.push(match[1] ?? '');
    rest = rest.slice(match[0].length);
  }
  if (segments.length > MAX_DEPTH) throw new FormEncodingError(`Parameter nested too deeply: ${key}`, key);
  return segments;
}

type Node = { kind: 'value'; value: string } | { kind: 'map'; entries: Map<string, Node>; pushed: number };

function newMap(): Node {
  return { kind: 'map', entries: new Map(), pushed: 0 };
}

function toValue(node: Node): FormValue {
  if (node.kind === 'value') return node.value;
  const keys = [...node.entries.keys()];
  const isList = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (isList) {
    return keys
      .map((k) => [Number(k), node.entries.get(k) as Node] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, child]) => toValue(child));
  }
  const out: FormObject = {};
  for (const [k, child] of node.entries) out[k] = toValue(child);
  return out;
}

/** Parses a form-encoded string (a body or a query string without its `?`) into nested values. */
export function parseForm(input: string): FormObject {
  const root = newMap();
  let count = 0;
  for (const [rawKey, value] of new URLSearchParams(input)) {
    if (++count > MAX_PAIRS) throw new FormEncodingError('Too many parameters.', rawKey);
    const segments = splitKey(rawKey);
    if (segments.some((s) => FORBIDDEN.has(s))) continue;
    let node = root;
    for (let i = 0; i < segments.length; i++) {
      if (node.kind !== 'map') throw new FormEncodingError(`Invalid parameter: ${rawKey}`, rawKey);
      let segment = segments[i] as string;
      if (segment === '' && i > 0) segment = String(node.pushed++);
      const last = i === segments.length - 1;
      const existing = node.entries.get(segment);
      if (last) {
        if (existing?.kind === 'map') throw new FormEncodingError(`Invalid parameter: ${rawKey}`, rawKey);
        node.entries.set(segment, { kind: 'value', value });
      } else {
        if (existing === undefined) {
          const child = newMap();
          node.entries.set(segment, child);
          node = child;
        } else if (existing.kind === 'value') {
          // Stripe accepts `metadata=` (empty) to clear a hash and then keys under it; a later nested key wins.
          const child = newMap();
          node.entries.set(segment, child);
          node = child;
        } else {
          node = existing;
        }
      }
    }
  }
  const out: FormObject = {};
  if (root.kind === 'map') for (const [k, child] of root.entries) out[k] = toValue(child);
  return out;
}
