import type { ServerProblemSlug } from '../contract/http.ts';

/**
 * body-parser's and raw-body's error `type`s, each with the problem it is for the client. Left out on purpose:
 * `entity.verify.failed` (our own `verify` hook threw something that is not a problem: our bug) and
 * `stream.encoding.set` / `stream.not.readable` (another middleware read the body first: our bug).
 */
const BODY_ERRORS: Record<string, ServerProblemSlug> = {
  'entity.too.large': 'payload-too-large',
  'entity.parse.failed': 'malformed-json',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
  'parameters.too.many': 'payload-too-large',
  'request.size.invalid': 'malformed-request',
  'request.aborted': 'malformed-request',
};

/** Statuses of other `http-errors` client errors (a corrupt gzip body, a static file's bad path). */
const BY_STATUS: Partial<Record<number, ServerProblemSlug>> = {
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/**
 * The problem for an error the client caused, or `null` for one it did not (then it is ours: a 500 with its
 * stack logged). Recognises the router's failure to percent-decode a path parameter (a `URIError` it marks
 * with status 400), body-parser's errors by `type`, and any other `http-errors` error that the library marks
 * safe to expose with a 4xx status. The error's message is never used: JSON parse messages quote the body.
 */
export function clientErrorSlug(error: unknown): ServerProblemSlug | null {
  if (error === null || typeof error !== 'object') return null;
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  if (error instanceof URIError && status === 400) return 'malformed-path';
  if (typeof type === 'string' && Object.hasOwn(BODY_ERRORS, type)) return BODY_ERRORS[type] ?? null;
  if (type === undefined && expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return BY_STATUS[status] ?? 'malformed-request';
  }
  return null;
}

/** A short, data-free name for a client error's kind, for the log line. */
export function clientErrorKind(error: unknown): string {
  const { type, name } = (error ?? {}) as { type?: unknown; name?: unknown };
  if (typeof type === 'string') return type;
  return typeof name === 'string' ? name : 'unknown';
}
