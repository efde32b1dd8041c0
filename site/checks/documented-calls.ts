/**
 * The API calls that the guides show as curl commands (`site/data/freight-snippets.ts`), held against the API
 * reference without a server: each must be an operation of the reference, send a body its schema accepts, and
 * its example answer may name only fields of the documented response. A field or path renamed in the server
 * then fails here instead of reaching a reader.
 */
import { z } from 'zod';
import type { ApiOperation } from '../../server/src/api-reference.ts';
import type { DocumentedCall } from '../data/freight-snippets.ts';
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
