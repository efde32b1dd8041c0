import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logger.ts';
import { clientErrorKind, clientErrorSlug } from './client-errors.ts';
import { ProblemError, sendProblem } from './problems.ts';

/** 404 for anything no router answered. */
export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new ProblemError('not-found'));
}

/**
 * The one place an error becomes an answer: every error a client can cause (a problem thrown by a handler, a
 * malformed percent-encoding in the path, any body-parser error, see `client-errors.ts`) is a 4xx
 * problem+json; only what the client did not cause is a 5xx. Client errors are logged by kind only:
 * body-parser attaches the raw body to its errors and JSON parse messages quote it, and the router's decode
 * error quotes the path, so neither the error object nor its message is logged for them. Unexpected errors
 * are logged with their stack ("unhandled error").
 */
export function errorHandler(
  logger: Logger,
  /** What a store error means (`store/failures.ts`), given by the app so that `http/` never imports the store. */
  storeFailure: (error: unknown) => 'full' | 'unavailable' | null,
): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof ProblemError) {
      delete (error as unknown as { body?: unknown }).body;
      sendProblem(res, error.slug, {
        detail: error.detail,
        errors: error.errors,
        headers: error.headers,
        maximum: error.maximum,
      });
      return;
    }
    const slug = clientErrorSlug(error);
    if (slug) {
      logger.info({ requestId: res.locals.requestId, kind: clientErrorKind(error) }, 'client error');
      sendProblem(res, slug);
      return;
    }
    const failure = storeFailure(error);
    if (failure === 'full') {
      // The database rolled the transaction back, so the request changed nothing; the operator must act.
      logger.error({ requestId: res.locals.requestId, kind: 'storage-full' }, 'storage full: write refused');
      sendProblem(res, 'storage-full', { headers: { 'Retry-After': '60' } });
      return;
    }
    if (failure === 'unavailable') {
      // Not the client's doing and not a bug: the database is down, restarting or out of connections. What
      // the request wrote was in a transaction that did not commit; sending it again later is safe.
      const err = error as Error;
      logger.error(
        {
          requestId: res.locals.requestId,
          kind: 'store-unavailable',
          err: { name: err.name, message: err.message },
        },
        'store unavailable',
      );
      sendProblem(res, 'store-unavailable', { headers: { 'Retry-After': '5' } });
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
