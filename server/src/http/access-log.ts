import type { RequestHandler } from 'express';
import type { Logger } from './logger.ts';

/**
 * One log line per request: method, matched route pattern (never the concrete URL, which could carry a
 * refused card number or a customer's reference), status, duration and request id. Never headers or bodies.
 */
export function accessLog(
  logger: Logger,
  observe?: (route: string, method: string, status: number, ms: number) => void,
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route = routeOf(req.baseUrl, req.route as { path?: unknown } | undefined);
      observe?.(route, req.method, res.statusCode, ms);
      logger.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(ms),
        },
        'request',
      );
    });
    next();
  };
}

function routeOf(baseUrl: string, route: { path?: unknown } | undefined): string {
  if (route && typeof route.path === 'string') return `${baseUrl}${route.path}`;
  return 'unmatched';
}
