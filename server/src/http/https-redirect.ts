import type { RequestHandler } from 'express';
import { ProblemError } from './problems.ts';

/**
 * Behind the trusted proxy, plain-HTTP requests are redirected (GET/HEAD, 308) or refused (anything else, so a
 * body sent over HTTP is never processed). Health probes are exempt.
 */
export function httpsOnly(publicUrl: string): RequestHandler {
  const base = new URL(publicUrl);
  return (req, res, next) => {
    if (req.secure || req.path === '/healthz') return next();
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.redirect(308, new URL(req.originalUrl, base).toString());
      return;
    }
    throw new ProblemError('https-required');
  };
}
