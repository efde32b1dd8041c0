import { invalidParam, missingParam } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';

/**
 * Readers for request parameters that fail the way Stripe fails: a Stripe-shaped 400 naming the parameter
 * (`parameter_missing`, `parameter_invalid_integer`, `parameter_unknown`, …), never an exception that would
 * become a 500.
 */

const describe = (value: FormValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Refuses parameters the endpoint does not know, as Stripe does ("Received unknown parameter: foo"). */
export function allowOnly(body: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw invalidParam(`Received unknown parameter: ${key}`, { code: 'parameter_unknown', param: key });
    }
  }
}

/** Refuses unknown keys inside a nested hash (`transfer_data[foo]`). */
export function allowOnlyIn(value: FormObject, prefix: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const param = `${prefix}[${key}]`;
      throw invalidParam(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
    }
  }
}

export function readString(
  body: FormObject,
  key: string,
  options: { required?: boolean; max?: number; param?: string } = {},
): string | undefined {
  const param = options.param ?? key;
  const value = body[key];
  if (value === undefined) {
    if (options.required) throw missingParam(param);
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalidParam(`Invalid string: ${describe(value)}`, { code: 'parameter_invalid_string', param });
  }
  if (options.required && value === '') throw missingParam(param);
  if (options.max !== undefined && value.length > options.max) {
    throw invalidParam(
      `Invalid string: ${value.slice(0, 40)}...; must be at most ${options.max} characters`,
      {
        code: 'parameter_invalid_string',
        param,
      },
    );
  }
  return value;
}

/** An integer parameter; `12.5`, `abc` and `1e3` are refused as Stripe refuses them. */
export function readInteger(
  body: FormObject,
  key: string,
  options: { required?: boolean; min?: number; param?: string } = {},
): number | undefined {
  const param = options.param ?? key;
  const value = body[key];
  if (value === undefined || value === '') {
    if (options.required) throw missingParam(param);
    return undefined;
  }
  if (typeof value !== 'string' || !/^-?\d{1,15}$/.test(value)) {
    throw invalidParam(`Invalid integer: ${describe(value)}`, { code: 'parameter_invalid_integer', param });
  }
  const n = Number(value);
  if (options.min !== undefined && n < options.min) {
    throw invalidParam(`This value must be greater than or equal to ${options.min}.`, {
      code: 'parameter_invalid_integer',
      param,
    });
  }
  return n;
}

export function readBoolean(body: FormObject, key: string, param = key): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParam(`Invalid boolean: ${describe(value)}`, { code: 'parameter_invalid_boolean', param });
}

export function readEnum<T extends string>(
  body: FormObject,
  key: string,
  allowed: readonly T[],
  param = key,
): T | undefined {
  const value = readString(body, key, { param });
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    const list =
      allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')}, or ${allowed.at(-1) as string}` : allowed[0];
    throw invalidParam(`Invalid ${param}: must be one of ${list}`, {
      code: 'parameter_invalid_string',
      param,
    });
  }
  return value as T;
}

export function readObject(body: FormObject, key: string, param = key): FormObject | undefined {
  const value = body[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParam(`Invalid object`, { code: 'parameter_invalid_object', param });
  }
  return value;
}

export function readStringList(body: FormObject, key: string, param = key): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
  if (list === null || list.some((v) => typeof v !== 'string')) {
    throw invalidParam(`Invalid array`, { code: 'parameter_invalid_array', param });
  }
  return list as string[];
}

/** The `expand[]` list of a request. */
export function readExpand(body: FormObject): string[] {
  return readStringList(body, 'expand') ?? [];
}

/**
 * Applies a `metadata` parameter to existing metadata as Stripe does: keys are merged, an empty value unsets
 * a key, `metadata=` (empty) clears everything; at most 50 keys, keys up to 40 and values up to 500 characters.
 */
export function applyMetadata(
  body: FormObject,
  current: Record<string, string> = {},
): Record<string, string> {
  const value = body.metadata;
  if (value === undefined) return current;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParam('Invalid object', { code: 'parameter_invalid_object', param: 'metadata' });
  }
  const next: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(value)) {
    const param = `metadata[${k}]`;
    if (typeof v !== 'string')
      throw invalidParam('Invalid string', { code: 'parameter_invalid_string', param });
    if (k.length > 40) throw invalidParam('Metadata keys can have at most 40 characters.', { param });
    if (v.length > 500) throw invalidParam('Metadata values can have at most 500 characters.', { param });
    next[k] = v;
  }
  for (const [k, v] of Object.entries(next)) if (v === '') Reflect.deleteProperty(next, k);
  if (Object.keys(next).length > 50) {
    throw invalidParam('Metadata can have at most 50 keys.', { param: 'metadata' });
  }
  return next;
}

/** Rough email check (Stripe's is similar in spirit: something@something.tld). */
export function readEmail(body: FormObject, key: string): string | null | undefined {
  const value = readString(body, key, { max: 800 });
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw invalidParam(`Invalid email address: ${value}`, { code: 'email_invalid', param: key });
  }
  return value;
}
