import type { RequestHandler, Response } from 'express';
import type { Merchant, Store } from '../store/types.ts';
import { ProblemError } from '../http/problems.ts';
import { byIp } from '../http/rate-limits.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import { merchantForKey } from './service.ts';

const BEARER = /^Bearer (cp_(?:test|live)_[A-Za-z0-9_-]{20,100})$/;
const TOKEN = /^Bearer\s+(\S{1,200})/i;

/** Why an authentication was refused: no `Authorization` header, not a CargoPay key's shape, or no such key. */
export type AuthFailureReason = 'missing' | 'malformed' | 'unknown';

/** The throttle of failed authentications shared by every route that authenticates a merchant, and its meters. */
export interface AuthGuard {
  throttle: AuthThrottle;
  onFailure(reason: AuthFailureReason): void;
  onThrottled(): void;
}

/**
 * Server-to-server authentication: `Authorization: Bearer cp_…`. First the failure throttle: a client address
 * or key prefix that has had too many failed authentications in the window gets `429 rate-limited` with
 * `Retry-After`, and its key is not even looked up. Then a missing, malformed or unknown key is a
 * `401 unauthorized` with `WWW-Authenticate`, counted as a failure; the merchant is put in
 * `res.locals.merchant`.
 */
export function requireMerchant(store: Store, guard: AuthGuard): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const attempt = { address: byIp(req), token: header ? (TOKEN.exec(header)?.[1] ?? null) : null };
    const wait = await guard.throttle.retryAfterSeconds(attempt);
    if (wait > 0) {
      guard.onThrottled();
      throw new ProblemError('rate-limited', {
        detail: 'Too many failed authentications from this address or for this key; try again later.',
        headers: { 'Retry-After': String(wait) },
      });
    }
    const match = BEARER.exec(header ?? '');
    const merchant = match?.[1] ? await merchantForKey(store, match[1]) : null;
    if (!merchant) {
      await guard.throttle.failed(attempt);
      guard.onFailure(header === undefined ? 'missing' : match ? 'unknown' : 'malformed');
      throw new ProblemError('unauthorized', {
        detail: 'Send your secret key as `Authorization: Bearer cp_…`.',
        headers: { 'WWW-Authenticate': 'Bearer realm="cargopay"' },
      });
    }
    res.locals.merchant = merchant;
    next();
  };
}

export function currentMerchant(res: Response): Merchant {
  return res.locals.merchant as Merchant;
}
