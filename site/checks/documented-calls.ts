/**
 * The API calls that the guides show as curl commands (`site/data/freight-snippets.ts`), held against the API
 * reference without a server: each must be an operation of the reference, send a body its schema accepts, and
 * its example answer may name only fields of the documented response; each problem type a guide names must be
 * one the operation answers with, and a problem shown as JSON must carry that type's status and title. A field,
 * path or problem renamed in the server then fails here instead of reaching a reader.
 */
import { z } from 'zod';
import type { ApiOperation } from '../../server/src/api-reference.ts';
import type { DocumentedCall, DocumentedProblem } from '../data/freight-snippets.ts';
import { operationFor } from './live-snippets.ts';
import { result, type CheckResult } from './report.ts';

/** Top-level field names of an object schema, or null when the schema is not a plain object. */
function fieldsOf(schema: z.ZodType): Set<string> | null {
  return schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : null;
}

export function checkDocumentedCalls(operations: ApiOperation[], calls: DocumentedCall[]): CheckResult {
  const check = result('curl examples of the guides against the API reference');
  for (const { name, call, answer } of calls) {
    const label = `${name}: ${call.method} ${call.path}`;
    const operation = operationFor(operations, call.method, call.path);
    if (!operation) {
      check.failures.push(`${label} is not an operation of the API reference`);
      continue;
    }
    if (call.body !== undefined) {
      const parsed = operation.body?.safeParse(call.body);
      if (!parsed) check.failures.push(`${label} sends a body, but the operation takes none`);
      else if (!parsed.success) {
        check.failures.push(
          `${label}: the body does not match the operation's schema (${parsed.error.issues
            .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
            .join('; ')})`,
        );
      }
    }
    if (answer !== undefined) {
      const fields = operation.response ? fieldsOf(operation.response) : null;
      const shown = Object.keys(JSON.parse(answer) as Record<string, unknown>);
      const unknown = fields ? shown.filter((field) => !fields.has(field)) : [];
      if (!fields) check.failures.push(`${label}: its example answer has no documented response to match`);
      else if (unknown.length > 0)
        check.failures.push(
          `${label}: the example answer shows fields the response lacks: ${unknown.join(', ')}`,
        );
    }
    check.found.push(`${label}${answer !== undefined ? ' (with its example answer)' : ''}`);
  }
  return check;
}

/** Problem types the server answers with whatever the operation (its own list leaves them out). */
const ANY_OPERATION = new Set(['validation-failed', 'rate-limited']);

export function checkDocumentedProblems(
  operations: ApiOperation[],
  problems: Record<string, { status: number; title: string }>,
  documented: DocumentedProblem[],
): CheckResult {
  const check = result('problem types named by the guides');
  for (const { name, call, slug, example } of documented) {
    const label = `${name}: ${slug}`;
    const known = problems[slug];
    const operation = operationFor(operations, call.method, call.path);
    if (!known) check.failures.push(`${label} is not a problem type of the server`);
    else if (!operation) check.failures.push(`${label}: ${call.method} ${call.path} is not an operation`);
    else if (!ANY_OPERATION.has(slug) && !(operation.problems as string[]).includes(slug))
      check.failures.push(`${label} is not among the problems of ${operation.method} ${operation.path}`);
    if (known && example !== undefined) {
      const shown = JSON.parse(example) as { type?: unknown; status?: unknown; title?: unknown };
      if (shown.type !== `urn:cargopay:problem:${slug}`)
        check.failures.push(`${label}: the example's type is ${String(shown.type)}`);
      if (shown.status !== known.status)
        check.failures.push(`${label}: the example's status is ${String(shown.status)}, not ${known.status}`);
      if (shown.title !== known.title)
        check.failures.push(`${label}: the example's title is not the server's ("${known.title}")`);
    }
    check.found.push(label);
  }
  return check;
}
