import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from './logger.ts';
import type { Store } from '../store/types.ts';
import { CardDataError } from './card-free.ts';
import { containsCardNumber } from './card-guard.ts';
import { ProblemError } from './problems.ts';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` for POSTs, scoped per caller (`scopeOf`). The first request with a key runs and its answer
 * (any status below 500) is stored, sealed; a retry with the same key and the same request gets the stored
 * answer again with `Idempotent-Replayed: true`; the same key with a different request is refused
 * (`idempotency-key-reused`), as is a retry while the first is still running (`idempotency-key-in-progress`).
 * 5xx answers are not stored, so the request can be retried with the same key. A key holding a card number is
 * refused (`card-data-refused`) and never stored.
 */
export function idempotency(
  store: Store,
  scopeOf: (req: Request, res: Response) => string,
  logger: Logger,
): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined || req.method !== 'POST') return next();
    if (!VALID_KEY.test(key))
      throw new ProblemError('idempotency-key-invalid', { detail: '1 to 255 printable ASCII characters.' });
    // The key is stored as given, so one holding a card number is refused before anything is stored.
    if (containsCardNumber(key)) throw new CardDataError('Idempotency-Key');
    const scope = scopeOf(req, res);
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const begun = await store.idempotency.begin(scope, key, fingerprint, new Date().toISOString());
    if (begun.state === 'mismatch') throw new ProblemError('idempotency-key-reused');
    if (begun.state === 'in-progress') throw new ProblemError('idempotency-key-in-progress');
    if (begun.state === 'replay') {
      res.setHeader('Idempotent-Replayed', 'true');
      res
        .status(begun.status)
        .type(begun.status >= 400 ? 'application/problem+json' : 'application/json')
        .send(begun.body);
      return;
    }
    const send = res.send.bind(res);
    let settled = false;
    res.send = (body?: unknown) => {
      if (!settled) {
        settled = true;
        const text =
          typeof body === 'string'
            ? body
            : Buffer.isBuffer(body)
              ? body.toString('utf8')
              : JSON.stringify(body);
        const done =
          res.statusCode < 500
            ? store.idempotency.finish(scope, key, res.statusCode, text)
            : store.idempotency.release(scope, key);
        // The answer leaves only once it is recorded: a client that got it and sends the key again, to this
        // instance or another, is answered with the replay, never "in progress". A record that failed is
        // logged and the answer still sent (what it reports happened); the key is then taken over later.
        void done
          .catch((error: unknown) => logger.error({ err: String(error) }, 'idempotency record failed'))
          .then(() => send(body));
        return res;
      }
      return send(body);
    };
    res.on('close', () => {
      if (!settled) store.idempotency.release(scope, key).catch(() => undefined);
    });
    next();
  };
}
