import type { RequestHandler } from 'express';
import { containsCardNumber } from './card-guard.ts';
import { ProblemError } from './problems.ts';

/**
 * Refused: a value looks like a card number. The problem names the field (its path, or the header) so the
 * caller can find it, never the value; nothing about it is logged.
 */
export class CardDataError extends ProblemError {
  constructor(field?: string, message = 'looks like a card number') {
    super('card-data-refused', {
      detail: 'Remove the card number. Card details go only into Stripe’s fields.',
      errors: field === undefined ? undefined : [{ path: field, message }],
    });
  }
}

/** Fields whose values are shipment identifiers, by name: there, a logistics check digit tells them from cards. */
const SHIPMENT_FIELD =
  /^(?:reference|tracking_numbers?|tracking|sscc|awb|waybill|consignment(?:_number)?|parcel_number)$/i;

/** Whether a field (body key or query parameter) holds shipment identifiers. */
export const isShipmentField = (name: string): boolean => SHIPMENT_FIELD.test(name);

/**
 * Throws `CardDataError` when a decoded value holds a card number: every string and integer at any depth, and
 * every object key. Walks with its own stack, so no nesting depth can exhaust the call stack.
 */
export function refuseCardData(value: unknown): void {
  const stack: [value: unknown, path: string, shipment: boolean][] = [[value, '', false]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, path, shipment] = item;
    // Integers beyond 2^53 lost their digits in parsing; no schema takes one, so validation refuses them.
    if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))) {
      if (containsCardNumber(String(v), { shipment })) throw new CardDataError(path);
    } else if (Array.isArray(v)) {
      v.forEach((child, i) => stack.push([child, `${path}.${i}`.replace(/^\./, ''), shipment]));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (containsCardNumber(key))
          throw new CardDataError(path, 'a field name here looks like a card number');
        stack.push([child, path ? `${path}.${key}` : key, isShipmentField(key)]);
      }
    }
  }
}

/**
 * Wraps a body parser so that the decoded body is checked before anything else sees it: a refused body never
 * reaches a handler, the idempotency store or a log line.
 */
export function refusingCardData(parser: RequestHandler): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      try {
        refuseCardData(req.body);
      } catch (refused) {
        return next(refused);
      }
      next();
    });
}

const decoded = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // malformed escapes: the rest of the app answers them; check what can be read
  }
};

/** Refuses URLs that carry a card number: in the path (decoded, across segments) or in any query value or name. */
export function cardFreeUrl(): RequestHandler {
  return (req, _res, next) => {
    const url = req.originalUrl;
    const q = url.indexOf('?');
    const path = (q < 0 ? url : url.slice(0, q)).split('/').map(decoded).join('/');
    if (containsCardNumber(path)) throw new CardDataError();
    if (q >= 0) {
      for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
        if (containsCardNumber(name)) throw new CardDataError();
        if (containsCardNumber(value, { shipment: isShipmentField(name) })) throw new CardDataError(name);
      }
    }
    next();
  };
}
