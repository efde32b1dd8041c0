import type Stripe from 'stripe';

/** Stripe's error `type` values that the sandbox produces. */
export type StripeErrorType = 'card_error' | 'invalid_request_error' | 'idempotency_error' | 'api_error';

/** The body of a Stripe error response, `{"error": {...}}`. */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  advice_code?: string;
  request_log_url?: string;
}

/**
 * An error the API answers with, in Stripe's shape and with Stripe's HTTP status, so that the `stripe` SDK
 * raises its own class for it (400/404 → StripeInvalidRequestError or StripeIdempotencyError,
 * 401 → StripeAuthenticationError, 402 → StripeCardError, 403 → StripePermissionError).
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /** Headers to add to the response (e.g. `Stripe-Should-Retry`). */
  readonly headers: Record<string, string>;
  /**
   * The request's parameters failed validation, before the endpoint began its work. Stripe saves no
   * idempotent result for such a request, so the same key may be sent again with corrected parameters.
   * Every `parameter_*` error is one; `invalidParam()` marks others (metadata limits, an email's shape).
   */
  validation: boolean;

  constructor(status: number, body: StripeErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.validation = body.code?.startsWith('parameter_') ?? false;
  }
}

const docUrl = (code: string): string => `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`;

/** 400 invalid_request_error. */
export function invalidRequest(
  message: string,
  options: { code?: string; param?: string } = {},
): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (options.code !== undefined) {
    body.code = options.code;
    body.doc_url = docUrl(options.code);
  }
  if (options.param !== undefined) body.param = options.param;
  return new StripeApiError(400, body);
}

/** A 400 for a parameter that fails validation (no idempotent result is saved for it; see `validation`). */
export function invalidParam(
  message: string,
  options: { code?: string; param?: string } = {},
): StripeApiError {
  const error = invalidRequest(message, options);
  error.validation = true;
  return error;
}

/** 400 `parameter_missing`, worded as Stripe words it. */
export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

/** 404 `resource_missing`: "No such payment_intent: 'pi_…'". */
export function noSuch(objectName: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: docUrl('resource_missing'),
    message: `No such ${objectName}: '${id}'`,
    param,
  });
}

/** 404 for a path the sandbox does not serve, worded as Stripe's "Unrecognized request URL". */
export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). The offline Stripe sandbox does not implement this endpoint; see server/sandbox/README.md.`,
  });
}

/** 401 for a missing, unknown or wrong kind of API key. The key is never echoed beyond its last four characters. */
export function authenticationError(message: string, code?: string): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (code !== undefined) body.code = code;
  return new StripeApiError(401, body);
}

/** 400 idempotency_error. */
export function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

/** The decline details the sandbox attaches to a failed payment, before it becomes an error or a `last_payment_error`. */
export interface CardDecline {
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
}

/** 402 card_error carrying the failed PaymentIntent (as Stripe does: `error.payment_intent`). */
export function cardError(
  decline: CardDecline,
  extra: { charge?: string; paymentIntent?: Stripe.PaymentIntent; paymentMethod?: Stripe.PaymentMethod } = {},
): StripeApiError {
  const body: StripeErrorBody = {
    type: 'card_error',
    code: decline.code,
    message: decline.message,
    doc_url: docUrl(decline.code),
  };
  if (decline.decline_code !== undefined) body.decline_code = decline.decline_code;
  if (decline.param !== undefined) body.param = decline.param;
  if (extra.charge !== undefined) body.charge = extra.charge;
  if (extra.paymentIntent !== undefined) body.payment_intent = extra.paymentIntent;
  if (extra.paymentMethod !== undefined) body.payment_method = extra.paymentMethod;
  return new StripeApiError(402, body);
}

/** 400 for a call that the object's current state does not allow (e.g. confirming a canceled PaymentIntent). */
export function unexpectedState(
  code: string,
  message: string,
  extra: { paymentIntent?: unknown } = {},
): StripeApiError {
  const error = invalidRequest(message, { code });
  if (extra.paymentIntent !== undefined) error.body.payment_intent = extra.paymentIntent;
  return error;
}
