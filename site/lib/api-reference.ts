/**
 * The model of `/reference/api/`, generated at build time from the server's own zod schemas
 * (`apiOperations` in `server/src/api-reference.ts`) through zod 4's `z.toJSONSchema`, so the reference
 * cannot drift from the validation the server runs.
 */
import { z, type ZodType } from 'zod';
import * as apiModule from '../../server/src/api-reference.ts';
import type { ApiOperation } from '../../server/src/api-reference.ts';
import { MissingBuildInputError } from './build-inputs.ts';

const SOURCE = 'server/src/api-reference.ts';

/** One row of a schema table: a property at a dotted path. */
export interface SchemaRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
  /** Constraints in words: `min 1`, `max length 200`, `pattern …`, `one of a, b`. */
  constraints: string[];
}

export interface OperationModel {
  id: string;
  method: ApiOperation['method'];
  path: string;
  summary: string;
  auth: ApiOperation['auth'];
  params: SchemaRow[] | null;
  query: SchemaRow[] | null;
  body: SchemaRow[] | null;
  response: SchemaRow[] | null;
  problems: string[];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  additionalProperties?: boolean | JsonSchema;
};

/** The operations the server declares; the build stops when the server exports none. */
export function apiOperations(): ApiOperation[] {
  const operations = (apiModule as Record<string, unknown>).apiOperations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new MissingBuildInputError(
      `${SOURCE} (its \`apiOperations\` export)`,
      'the server engineer: export `apiOperations: ApiOperation[]` from server/src/api-reference.ts',
      Array.isArray(operations) ? 'exports an empty `apiOperations`' : 'does not export `apiOperations`',
    );
  }
  return operations as ApiOperation[];
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeOf).join(' | ');
  if (schema.allOf) return schema.allOf.map(typeOf).join(' & ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (type === 'array' && schema.items) return `${typeOf(schema.items)}[]`;
  return schema.format ? `${type} (${schema.format})` : type;
}

function constraintsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  // zod writes the safe-integer bounds of `.int()` and the regex behind `z.email()`; neither helps a reader.
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER)
    out.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
    out.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined) out.push(`length ≥ ${schema.minLength}`);
  if (schema.maxLength !== undefined) out.push(`length ≤ ${schema.maxLength}`);
  if (schema.minItems !== undefined) out.push(`items ≥ ${schema.minItems}`);
  if (schema.maxItems !== undefined) out.push(`items ≤ ${schema.maxItems}`);
  if (schema.pattern !== undefined && schema.format === undefined) out.push(`pattern /${schema.pattern}/`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** Flattens an object schema into rows, descending into nested objects and arrays of objects. */
export function rowsOf(schema: JsonSchema, prefix = ''): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const objectSchema = schema.type === 'array' && schema.items ? schema.items : schema;
  const properties = objectSchema.properties ?? {};
  const required = new Set(objectSchema.required ?? []);
  for (const [name, property] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({
      path,
      type: typeOf(property),
      required: required.has(name),
      description: property.description ?? '',
      constraints: constraintsOf(property),
    });
    const nested = property.type === 'array' && property.items ? property.items : property;
    if (nested.properties) rows.push(...rowsOf(nested, property.type === 'array' ? `${path}[]` : path));
  }
  return rows;
}

function tableOf(schema: ZodType | undefined, io: 'input' | 'output'): SchemaRow[] | null {
  if (!schema) return null;
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const rows = rowsOf(json);
  if (rows.length > 0) return rows;
  return [
    {
      path: '(body)',
      type: typeOf(json),
      required: true,
      description: json.description ?? '',
      constraints: constraintsOf(json),
    },
  ];
}

/** The anchor id of an operation, e.g. `post-v1-payment-requests-id`. */
export function operationId(operation: Pick<ApiOperation, 'method' | 'path'>): string {
  return `${operation.method}-${operation.path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Every operation, with its request and response schemas as tables. */
export function apiReference(): OperationModel[] {
  return apiOperations().map((operation) => ({
    id: operationId(operation),
    method: operation.method,
    path: operation.path,
    summary: operation.summary,
    auth: operation.auth,
    params: tableOf(operation.params, 'input'),
    query: tableOf(operation.query, 'input'),
    body: tableOf(operation.body, 'input'),
    response: tableOf(operation.response, 'output'),
    // Every POST writes and can meet a full disk (`storage-full`, 507); a GET that writes lists it itself.
    // Any operation can find PostgreSQL unreachable (`store-unavailable`, 503) when DATABASE_URL is set.
    problems: [
      'validation-failed',
      'rate-limited',
      'store-unavailable',
      ...(operation.method === 'GET' ? [] : (['storage-full'] as const)),
      // Malformed input (server/src/http/client-errors.ts, json-depth.ts, text-guard.ts), where it can occur.
      ...(operation.path.includes(':') ? (['malformed-path'] as const) : []),
      ...(operation.body ? (['malformed-json', 'json-too-deep'] as const) : []),
      ...(operation.body || operation.query || operation.params ? (['malformed-text'] as const) : []),
      ...operation.problems.filter((slug) => slug !== 'malformed-json' || !operation.body),
    ],
  }));
}
