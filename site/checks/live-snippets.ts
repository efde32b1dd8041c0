/**
 * The integration guide's `fetch` snippets, run against a live CargoPay server: each snippet exactly as a
 * merchant copies it, compiled from TypeScript, with only the server's base URL replaced by the live one,
 * `CARGOPAY_SECRET_KEY` set to a real merchant key, and the example payment request id replaced by the one
 * the guide's own create snippet returned. Every request a snippet makes must be an operation of the API
 * reference, be answered 2xx, and, where the reference documents a response, match it.
 */
import ts from 'typescript';
import type { ApiOperation } from '../../server/src/api-reference.ts';

export interface SnippetRun {
  name: string;
  code: string;
}

/** One request a snippet made, with what the server answered. */
export interface Call {
  method: string;
  path: string;
  status: number;
  body: string;
}

export interface LiveTarget {
  /** The live server's base URL, put where the snippet has the documented one. */
  url: string;
  /** A real merchant key, given to the snippet as `process.env.CARGOPAY_SECRET_KEY`. */
  apiKey: string;
}

/** Whether a snippet calls the CargoPay API (and so is run here). */
export function callsApi(code: string, apiBaseUrl: string): boolean {
  return code.includes('fetch(') && code.includes(apiBaseUrl);
}

/** Express-style path (`/v1/payment-requests/:id`) as a pattern matching one concrete path. */
function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
}

/** The operation of the API reference that a call is, if any. */
export function operationFor(operations: ApiOperation[], method: string, path: string) {
  return operations.find((op) => op.method === method && pathPattern(op.path).test(path));
}

type AsyncRunner = (fetch: typeof globalThis.fetch, process: unknown, console: unknown) => Promise<void>;
// The constructor of `async function` bodies: the compiled snippet uses top-level await.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => AsyncRunner;

/** Compiles a TypeScript snippet and runs it, recording every request it makes. */
async function runOne(code: string, target: LiveTarget): Promise<{ calls: Call[]; error?: string }> {
  const js = ts
    .transpileModule(code, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    })
    .outputText.replace(/^export \{\};\s*$/m, '');
  const calls: Call[] = [];
  const recordingFetch: typeof globalThis.fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      status: response.status,
      body: await response.clone().text(),
    });
    return response;
  };
  const quiet = { info: () => {}, log: () => {}, warn: () => {}, error: () => {} };
  try {
    await new AsyncFunction('fetch', 'process', 'console', js)(
      recordingFetch,
      { env: { CARGOPAY_SECRET_KEY: target.apiKey } },
      quiet,
    );
    return { calls };
  } catch (error) {
    return { calls, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs the snippets in order (the create snippet first gives the id the later ones use) and returns what
 * went wrong, one line per problem, and what ran.
 */
export async function runFetchSnippets(
  snippets: SnippetRun[],
  target: LiveTarget,
  documented: { apiBaseUrl: string; paymentRequestId: string; operations: ApiOperation[] },
): Promise<{ failures: string[]; found: string[] }> {
  const failures: string[] = [];
  const found: string[] = [];
  let createdId: string | null = null;
  const ordered = [...snippets].sort(
    (a, b) =>
      Number(a.code.includes(documented.paymentRequestId)) -
      Number(b.code.includes(documented.paymentRequestId)),
  );
  for (const snippet of ordered) {
    if (snippet.code.includes(documented.paymentRequestId) && !createdId) {
      failures.push(`${snippet.name}: no snippet created the payment request it uses`);
      continue;
    }
    const code = snippet.code
      .replaceAll(documented.apiBaseUrl, target.url)
      .replaceAll(documented.paymentRequestId, createdId ?? documented.paymentRequestId);
    const { calls, error } = await runOne(code, target);
    if (error) failures.push(`${snippet.name}: threw ${error}`);
    if (calls.length === 0) failures.push(`${snippet.name}: made no request`);
    for (const call of calls) {
      const label = `${snippet.name}: ${call.method} ${call.path}`;
      const operation = operationFor(documented.operations, call.method, call.path);
      if (!operation) {
        failures.push(`${label} is not an operation of the API reference`);
        continue;
      }
      if (call.status < 200 || call.status > 299) {
        failures.push(`${label} answered ${call.status}: ${call.body.slice(0, 200)}`);
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(call.body);
      } catch {
        failures.push(`${label} answered ${call.status} with a body that is not JSON`);
        continue;
      }
      if (operation.response) {
        const parsed = operation.response.safeParse(json);
        if (!parsed.success) {
          failures.push(
            `${label}: the answer does not match the documented response (${parsed.error.issues
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; ')})`,
          );
          continue;
        }
      }
      const id = (json as { id?: unknown }).id;
      if (call.method === 'POST' && operation.path === '/v1/payment-requests' && typeof id === 'string')
        createdId = id;
      found.push(`${label} → ${call.status}${operation.response ? ', matches the documented response' : ''}`);
    }
  }
  return { failures, found };
}
