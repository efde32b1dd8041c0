import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Request, RequestHandler } from 'express';
import type { RateLimit } from '../config.ts';
import type { RateLimitCounters } from '../store/ports/rate-limits.ts';
import { CounterStore } from './counter-store.ts';
import type { Logger } from './logger.ts';
import { sendProblem } from './problems.ts';

/** Route groups with a request limit, and `auth`: the failed-authentication throttle (`merchants/auth.ts`). */
export type RateLimitName = 'checkout' | 'api' | 'webhooks' | 'example-shop' | 'pay-page' | 'auth';

/**
 * A rate limiter for one group of routes, counting in `counters` (`store.rateLimits`: shared by every
 * instance on the same PostgreSQL) under keys `<name>:<client>`. Over the limit it answers `429` as a
 * `rate-limited` problem with `Retry-After` (seconds until the window resets) and calls `onRefused`. One
 * limiter may guard several mounts (the merchant API is one budget across its routers); a request that passes
 * through two of them is counted once.
 *
 * Fail-open: when the counters cannot be reached (the database is down or slow to answer), the request is let
 * through uncounted and the error is logged. A payment server whose database is down cannot serve much
 * anyway, and what it can still serve (health checks, the widget's files, answers already in flight) should not
 * fail because a counter could not be written; the failed-authentication throttle, which guards against key
 * guessing, fails closed instead (`merchants/auth-throttle.ts`).
 */
export function rateLimiter(
  name: RateLimitName,
  limit: RateLimit,
  keyOf: (req: Request) => string,
  onRefused: (name: RateLimitName) => void,
  shared: { counters: RateLimitCounters; logger: Logger },
): RequestHandler {
  const counted = new WeakSet<Request>();
  const limiter = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit,
    store: new CounterStore(shared.counters, `${name}:`),
    passOnStoreError: true,
    logger: {
      error: (error, message) => shared.logger.error({ err: String(error), limit: name }, message),
      warn: (error, message) => shared.logger.warn({ err: String(error), limit: name }, message),
    },
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: keyOf,
    handler: (req, res) => {
      onRefused(name);
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset
        ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))
        : Math.ceil(limit.windowMs / 1000);
      sendProblem(res, 'rate-limited', {
        detail: `Limit of ${limit.limit} requests per ${limit.windowMs / 1000} s reached.`,
        headers: { 'Retry-After': String(seconds) },
      });
    },
  });
  return (req, res, next) => {
    if (counted.has(req)) return next();
    counted.add(req);
    // Express 5 passes a rejection of the returned promise to the error handler.
    return limiter(req, res, next);
  };
}

/** Client address key, with IPv6 addresses grouped by /56 as express-rate-limit recommends. */
export const byIp = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');
