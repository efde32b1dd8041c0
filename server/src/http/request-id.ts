import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { containsCardNumber } from './card-guard.ts';

const SAFE = /^[A-Za-z0-9_.:-]{8,100}$/;

/** Safe to echo and log: a plain shape, at least one letter (never digits only), and no card number. */
const usable = (id: string): boolean => SAFE.test(id) && /[A-Za-z]/.test(id) && !containsCardNumber(id);

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is safe to echo and log (8–100 letters, digits
 * and `_.:-`, at least one letter, no card number in any spelling), otherwise `req_<random>`.
 * It is answered in `X-Request-Id`, put in problem bodies and on every log line.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && usable(incoming) ? incoming : `req_${randomBytes(12).toString('base64url')}`;
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}
