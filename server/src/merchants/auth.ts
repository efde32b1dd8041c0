import type { RequestHandler, Response } from 'express';
import type { Merchant, Store } from '../store/types.ts';
import { ProblemError } from '../http/problems.ts';
import { merchantForKey } from './service.ts';

const BEARER = /^Bearer (cp_(?:test|live)_[A-Za-z0-9_-]{20,100})$/;

/**
 * Server-to-server authentication: `Authorization: Bearer cp_…`. A missing, malformed or unknown key is a
 * `401 unauthorized` with `WWW-Authenticate`; the merchant is put in `res.locals.merchant`.
 */
export function requireMerchant(store: Store): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const merchant = match?.[1] ? await merchantForKey(store, match[1]) : null;
    if (!merchant) {
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
