import type { z } from 'zod';
import type { Problem } from '../contract/http.ts';
import { ProblemError } from './problems.ts';
import { textErrors } from './text-guard.ts';

/** Zod issues as per-field problem errors with dotted paths; unknown keys are reported under their own name. */
export function fieldErrors(issues: z.core.$ZodIssue[]): NonNullable<Problem['errors']> {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: 'unknown field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

/**
 * Parses `value` with `schema` or throws a `validation-failed` problem listing every field error. First, every
 * string and key in `value` is checked for what no text may hold (`text-guard.ts`: lone surrogates, control
 * characters, `__proto__`), whatever the schema, so no route can forget it: those are `400 malformed-text`
 * naming each field, as the text is broken rather than merely invalid.
 */
export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path' = 'body',
): z.output<S> {
  const broken = textErrors(value);
  if (broken.length > 0) {
    throw new ProblemError('malformed-text', {
      detail: `The request ${where} has ${broken.length} field(s) with characters that are not allowed.`,
      errors: broken,
    });
  }
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw new ProblemError('validation-failed', {
    detail: `The request ${where} has ${result.error.issues.length} problem(s).`,
    errors: fieldErrors(result.error.issues),
  });
}
