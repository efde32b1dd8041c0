import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Request, RequestHandler, Response } from 'express';
import { SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY } from '../keys.ts';
import { authenticationError, idempotencyError, invalidRequest, StripeApiError } from './errors.ts';
import { FormEncodingError, parseForm, type FormObject } from './form.ts';
import { newId } from './ids.ts';
import { rateLimitError } from './rate-limits.ts';
import type { RequestContext, SandboxState } from './state.ts';

/** Which kind of key authenticated a request. */
export type KeyKind = 'secret' | 'publishable';

/** Everything an API handler gets. */
export interface ApiContext {
  state: SandboxState;
  params: Record<string, string>;
  /** Form body of a POST (empty for GET/DELETE and multipart). */
  body: FormObject;
  /** Query string, parsed the same way. */
  query: FormObject;
  key: KeyKind;
  request: RequestContext;
  /** The raw body and its content type (multipart uploads read these). */
  raw: Buffer;
  contentType: string;
}

export type ApiHandler = (ctx: ApiContext) => unknown;

export interface ApiOptions {
  /**
   * `true`: the publishable key may make this call (creating a PaymentMethod). Otherwise a publishable key is
   * refused unless the handler checks a `client_secret` itself (`'client_secret'`).
   */
  publishable?: boolean | 'client_secret';
}

/** The first response to an idempotency key, as it was sent: later changes to the object do not reach it. */
export interface StoredResponse {
  method: string;
  path: string;
  params: unknown;
  status: number;
  /** The body as serialized when first sent (a snapshot, never a live object). */
  json: string;
  headers: Record<string, string>;
}

/** Idempotency keys of one sandbox, keyed by API key and `Idempotency-Key`, as Stripe scopes them. */
export class IdempotencyStore {
  private readonly responses = new Map<string, StoredResponse>();
  private readonly inFlight = new Set<string>();

  get(key: string): StoredResponse | undefined {
    return this.responses.get(key);
  }
  set(key: string, value: StoredResponse): void {
    this.responses.set(key, value);
  }
  begin(key: string): boolean {
    if (this.inFlight.has(key)) return false;
    this.inFlight.add(key);
    return true;
  }
  end(key: string): void {
    this.inFlight.delete(key);
  }
  clear(): void {
    this.responses.clear();
  }
  /** Every saved response, for the state file. */
  entries(): [string, StoredResponse][] {
    return [...this.responses];
  }
  /** Replaces the saved responses (loading the state file). */
  load(entries: Iterable<[string, StoredResponse]>): void {
    this.responses.clear();
    for (const [key, value] of entries) this.responses.set(key, value);
  }
}

/** A key as Stripe echoes it in errors: its kind (`sk_test_`) and last four characters, nothing else. */
function maskKey(key: string): string {
  const kind = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${kind}****${key.length > 12 ? key.slice(-4) : ''}`;
}

/** Reads the API key from `Authorization: Bearer …` (the SDK, Stripe.js) or HTTP Basic (`curl -u sk_…:`). */
export function authenticate(req: Request): KeyKind {
  const header = req.get('authorization');
  if (!header) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  let key = '';
  const [scheme, value = ''] = header.split(' ', 2) as [string, string?];
  if (scheme.toLowerCase() === 'bearer') key = value.trim();
  else if (scheme.toLowerCase() === 'basic')
    key = Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '';
  if (key === SANDBOX_SECRET_KEY) return 'secret';
  if (key === SANDBOX_PUBLISHABLE_KEY) return 'publishable';
  if (key === '') {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  throw authenticationError(`Invalid API Key provided: ${maskKey(key)}`, 'api_key_invalid');
}

/** A refusal for a publishable key on a call that needs the secret key (Stripe answers 403). */
export function secretKeyRequired(): StripeApiError {
  return new StripeApiError(403, {
    type: 'invalid_request_error',
    code: 'secret_key_required',
    message:
      'This API call cannot be made with a publishable API key. Please use a secret API key. (The offline sandbox: use SANDBOX_SECRET_KEY from server/sandbox/keys.ts.)',
  });
}

/** Turns anything a handler threw into a Stripe error (unexpected ones become a logged 500 `api_error`). */
function toApiError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  if (error instanceof FormEncodingError) return invalidRequest(error.message, { param: error.param });
  console.error('[sandbox] internal error', error instanceof Error ? error.stack : error);
  return new StripeApiError(500, {
    type: 'api_error',
    message: 'An unexpected error occurred in the offline Stripe sandbox.',
  });
}

interface Outcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** Refused by parameter validation before the endpoint began: Stripe saves no idempotent result for it. */
  validation?: boolean;
}

function errorOutcome(error: unknown, requestId: string): Outcome {
  const apiError = toApiError(error);
  return {
    status: apiError.status,
    body: { error: { ...apiError.body, request_log_url: `sandbox://requests/${requestId}` } },
    headers: apiError.headers,
    validation: apiError.validation || error instanceof FormEncodingError,
  };
}

async function run(handler: ApiHandler, ctx: ApiContext): Promise<Outcome> {
  try {
    return { status: 200, body: await handler(ctx), headers: {} };
  } catch (error) {
    return errorOutcome(error, ctx.request.requestId);
  }
}

function send(res: Response, outcome: Outcome): void {
  for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
  res.status(outcome.status).json(outcome.body);
}

const IDEMPOTENCY_MISMATCH = (key: string) =>
  `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;

/**
 * The parameters an idempotency key is bound to. A multipart upload is compared by its fields and a digest of
 * each file, not by its bytes: the SDK picks a new multipart boundary for every attempt of the same request.
 */
async function comparableParams(ctx: ApiContext): Promise<unknown> {
  if (!ctx.contentType.startsWith('multipart/')) return ctx.body;
  try {
    const form = await new Request('http://sandbox.invalid/', {
      method: 'POST',
      headers: { 'content-type': ctx.contentType },
      body: Uint8Array.from(ctx.raw),
    }).formData();
    const fields: [string, string][] = [];
    for (const [name, value] of form) {
      if (typeof value === 'string') {
        fields.push([name, value]);
      } else {
        const digest = createHash('sha256')
          .update(new Uint8Array(await value.arrayBuffer()))
          .digest('hex');
        fields.push([name, `file ${value.name} ${value.type} ${digest}`]);
      }
    }
    return fields.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  } catch {
    return { raw: ctx.raw.toString('base64') };
  }
}

/**
 * Wraps an API handler: authentication, form parsing, idempotency (POST), Stripe's response headers and
 * Stripe-shaped errors. Bad input never becomes a 500.
 */
export function api(
  state: SandboxState,
  idempotency: IdempotencyStore,
  handler: ApiHandler,
  options: ApiOptions = {},
): RequestHandler {
  return async (req, res) => {
    const requestId = newId('req');
    res.setHeader('Request-Id', requestId);
    res.setHeader('Stripe-Version', state.apiVersion);
    const fail = (error: unknown) => errorOutcome(error, requestId);
    let ctx: ApiContext;
    try {
      const key = authenticate(req);
      if (key === 'publishable' && !options.publishable) throw secretKeyRequired();
      // Stripe limits an account's requests before doing any work: a refused request leaves no idempotency
      // record, so its retry with the same key runs as if it were the first.
      const limited = state.rateLimiter.take(endpointOf(req));
      if (limited) throw rateLimitError(limited);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = req.get('content-type') ?? '';
      const queryIndex = req.originalUrl.indexOf('?');
      const query = queryIndex === -1 ? {} : parseForm(req.originalUrl.slice(queryIndex + 1));
      const multipart = contentType.startsWith('multipart/');
      const body = req.method === 'POST' && !multipart ? parseForm(raw.toString('utf8')) : {};
      const idemKey = req.method === 'POST' ? (req.get('idempotency-key') ?? null) : null;
      if (idemKey !== null && idemKey.length > 255) {
        throw invalidRequest('Idempotency-Key must be at most 255 characters long.', {
          param: 'Idempotency-Key',
        });
      }
      ctx = {
        state,
        params: req.params as Record<string, string>,
        body,
        query,
        key,
        request: { requestId, idempotencyKey: idemKey },
        raw,
        contentType,
      };
    } catch (error) {
      send(res, fail(error));
      return;
    }
    const idemKey = ctx.request.idempotencyKey;
    if (idemKey === null) {
      send(res, await run(handler, ctx));
      return;
    }
    res.setHeader('Idempotency-Key', idemKey);
    const scopedKey = `${ctx.key}:${idemKey}`;
    const comparable = await comparableParams(ctx);
    const stored = idempotency.get(scopedKey);
    if (stored) {
      if (
        stored.method !== req.method ||
        stored.path !== req.path ||
        !isDeepStrictEqual(stored.params, comparable)
      ) {
        send(res, fail(idempotencyError(IDEMPOTENCY_MISMATCH(idemKey))));
        return;
      }
      // Stripe answers the saved first response, not the object as it is now (a create replayed after the
      // payment succeeded still says `requires_payment_method`): callers must retrieve for current state.
      for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(stored.status).type('application/json').send(stored.json);
      return;
    }
    if (!idempotency.begin(scopedKey)) {
      const busy = new StripeApiError(
        409,
        {
          type: 'idempotency_error',
          message: `There is currently another in-progress request using this Idempotency-Key ('${idemKey}'); retry it later.`,
        },
        { 'Stripe-Should-Retry': 'true' },
      );
      send(res, fail(busy));
      return;
    }
    try {
      const outcome = await run(handler, ctx);
      // Stripe saves the result of every request that began executing, errors included (not 500s), and
      // nothing for one refused by parameter validation, whose key may then be used with corrected params.
      if (outcome.status < 500 && !outcome.validation) {
        idempotency.set(scopedKey, {
          method: req.method,
          path: req.path,
          params: comparable,
          status: outcome.status,
          json: JSON.stringify(outcome.body),
          headers: outcome.headers,
        });
      }
      send(res, outcome);
    } finally {
      idempotency.end(scopedKey);
    }
  };
}

/** The endpoint a request counts against, as Stripe counts them: method and route (`GET /v1/payment_intents/:id`). */
function endpointOf(req: Request): string {
  const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return `${req.method} ${typeof route === 'string' ? route : req.path}`;
}

/** Checks a PaymentIntent's `client_secret` for calls made with the publishable key. */
export function requireClientSecret(ctx: ApiContext, given: FormObject, actual: string | null): void {
  if (ctx.key !== 'publishable') return;
  const secret = given.client_secret;
  if (secret === undefined || secret === '') throw secretKeyRequired();
  if (typeof secret !== 'string' || secret !== actual) {
    throw invalidRequest(
      'The client_secret provided does not match any associated PaymentIntent on this account. Ensure the publishable key used belongs to the same account that created the PaymentIntent.',
      { param: 'client_secret', code: 'resource_missing' },
    );
  }
}
