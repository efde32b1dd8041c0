import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logger.ts';
import { ProblemError, sendProblem } from './problems.ts';

const BODY_PARSER_ERRORS: Record<string, ProblemError['slug']> = {
  'entity.too.large': 'payload-too-large',
  'entity.parse.failed': 'malformed-json',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
  'request.size.invalid': 'malformed-json',
};

/** 404 for anything no router answered. */
export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new ProblemError('not-found'));
}

/**
 * Turns every error into a problem response. Client errors are logged by kind only: body-parser attaches the
 * raw body to its errors and JSON parse messages quote it, so neither the error object nor its message is
 * logged for them. Unexpected errors are logged with their stack.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof ProblemError) {
      delete (error as unknown as { body?: unknown }).body;
      sendProblem(res, error.slug, { detail: error.detail, errors: error.errors, headers: error.headers });
      return;
    }
    const type = (error as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && BODY_PARSER_ERRORS[type]) {
      logger.info({ requestId: res.locals.requestId, kind: type }, 'client error');
      sendProblem(res, BODY_PARSER_ERRORS[type]);
      return;
    }
    if (isStorageFull(error)) {
      // SQLite rolled the transaction back, so the request changed nothing; the operator must act.
      logger.error({ requestId: res.locals.requestId, kind: 'storage-full' }, 'storage full: write refused');
      sendProblem(res, 'storage-full', { headers: { 'Retry-After': '60' } });
      return;
    }
    const err = error instanceof Error ? error : new Error('non-error thrown');
    logger.error(
      { requestId: res.locals.requestId, err: { name: err.name, message: err.message, stack: err.stack } },
      'unhandled error',
    );
    sendProblem(res, 'internal-error');
  };
}

/** SQLite's SQLITE_FULL (13): the disk, or the database's page limit, has no room for the write. */
function isStorageFull(error: unknown): boolean {
  return (error as { errcode?: unknown } | null)?.errcode === 13;
}
