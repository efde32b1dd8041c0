import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE = /^[A-Za-z0-9_.:-]{8,100}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is safe to echo, otherwise `req_<random>`.
 * It is answered in `X-Request-Id`, put in problem bodies and on every log line.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && SAFE.test(incoming) ? incoming : `req_${randomBytes(12).toString('base64url')}`;
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}
