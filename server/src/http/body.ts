import express, { type RequestHandler } from 'express';
import { containsCardNumber } from './card-guard.ts';
import { assertJsonShape } from './json-depth.ts';
import { ProblemError } from './problems.ts';

/** Raised before JSON parsing when the raw body looks like it carries a card number. Carries no body text. */
export class CardDataError extends ProblemError {
  constructor() {
    super('card-data-refused', {
      detail: 'Remove the card number. Card details go only into Stripe’s fields.',
    });
  }
}

/**
 * JSON body parsing with a size limit, after a card-number check on the raw bytes. The check runs on every
 * body this parser reads, whatever the route, so no handler ever sees a PAN. (Stripe's webhook bodies are the
 * one exception: they are read raw for signature verification, and Stripe never sends card numbers.)
 */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buf, charset) => {
      assertJsonShape(buf, charset);
      if (containsCardNumber(buf.toString('utf8'))) throw new CardDataError();
    },
  });
}

/** Form bodies (`application/x-www-form-urlencoded`, the example shop's quote form), with the same check. */
export function formBody(limitBytes: number): RequestHandler {
  return express.urlencoded({
    extended: false,
    limit: limitBytes,
    verify: (_req, _res, buf) => {
      const raw = buf.toString('utf8').replace(/\+/g, ' ');
      let text = raw;
      try {
        text = decodeURIComponent(raw);
      } catch {
        // malformed escapes: check the raw text
      }
      if (containsCardNumber(text)) throw new CardDataError();
    },
  });
}

/** Refuses URLs that carry a card number (in a path segment or the query string). */
export function cardFreeUrl(): RequestHandler {
  return (req, _res, next) => {
    let url = req.originalUrl;
    try {
      url = decodeURIComponent(url);
    } catch {
      // keep the raw form
    }
    if (containsCardNumber(url)) throw new CardDataError();
    next();
  };
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
