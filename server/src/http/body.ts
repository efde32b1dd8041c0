import express, { type RequestHandler } from 'express';
import { refusingCardData } from './card-free.ts';
import { assertJsonShape } from './json-depth.ts';
import { ProblemError } from './problems.ts';

/**
 * JSON body parsing with a size limit, then a card-number check on every decoded value (`card-free.ts`). The
 * check runs on every body this parser reads, whatever the route, before any handler or the idempotency store
 * sees it. (Stripe's webhook bodies are the one exception: they are read raw for signature verification, and
 * Stripe never sends card numbers.)
 */
export function jsonBody(limitBytes: number): RequestHandler {
  return refusingCardData(
    express.json({
      limit: limitBytes,
      type: ['application/json', 'application/*+json'],
      // Depth and encoding are checked on the raw bytes, before JSON.parse recurses.
      verify: (_req, _res, buf, charset) => assertJsonShape(buf, charset),
    }),
  );
}

/** Form bodies (`application/x-www-form-urlencoded`, the example shop's quote form), with the same check. */
export function formBody(limitBytes: number): RequestHandler {
  return refusingCardData(express.urlencoded({ extended: false, limit: limitBytes }));
}

/** A POST with a body must be JSON; one without a body is fine (e.g. cancel). */
export function requireJsonWhenBodied(): RequestHandler {
  return (req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json']))
      throw new ProblemError('unsupported-media-type');
    next();
  };
}
