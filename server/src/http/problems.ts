import type { Response } from 'express';
import type { Problem, ServerProblemSlug } from '../contract/http.ts';

/**
 * RFC 9457 problem details. Each slug has one status and one title; `type` is `urn:cargopay:problem:<slug>`.
 * Titles never contain request data; `detail` may, but never secrets, card data or personal data.
 */
export const PROBLEMS: Record<ServerProblemSlug, { status: number; title: string }> = {
  'validation-failed': { status: 422, title: 'The request is not valid' },
  'payment-request-not-found': { status: 404, title: 'No such payment request' },
  'payment-request-paid': { status: 409, title: 'This payment request is already paid' },
  'payment-request-canceled': { status: 409, title: 'This payment request was canceled' },
  'payment-request-expired': { status: 410, title: 'This payment request has expired' },
  'payment-request-not-cancelable': { status: 409, title: 'This payment request can no longer be canceled' },
  'payment-request-not-authorized': {
    status: 409,
    title: 'This payment request is not authorized: there is no card hold to capture',
  },
  'payment-request-already-captured': { status: 409, title: 'This payment request was already captured' },
  'capture-amount-too-large': {
    status: 422,
    title:
      'The amount is more than can be captured (the card authorization or the stated max_final_amount); see maximum',
  },
  'refund-amount-too-large': {
    status: 422,
    title: 'The amount is more than can still be refunded; see maximum',
  },
  'payment-request-disputed': {
    status: 409,
    title:
      'This payment is disputed: a disputed payment is settled through the dispute; Stripe refuses refunds on charged-back charges',
  },
  'payment-request-not-refundable': { status: 409, title: 'This payment request has no payment to refund' },
  'payment-request-not-captured': {
    status: 409,
    title: 'This payment request is authorized but not captured: only the whole hold can be voided',
  },
  'origin-not-allowed': { status: 403, title: 'This origin may not use this payment request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'stripe-unavailable': { status: 503, title: 'The payment processor is unavailable; try again shortly' },
  'stripe-busy': {
    status: 503,
    title: 'The payment processor is busy; try again in a few seconds',
  },
  // Stripe refused a call for a reason neither a retry nor the buyer can fix (keys, account, parameters).
  'stripe-error': { status: 502, title: 'The payment processor refused to set up this payment' },
  'blocked-by-risk': { status: 403, title: 'This payment was blocked' },
  'vat-invalid': { status: 422, title: 'The VAT number is not valid' },
  'vat-unavailable': { status: 503, title: 'The VAT number could not be checked right now' },
  unauthorized: { status: 401, title: 'A valid merchant API key is required' },
  'metrics-unauthorized': { status: 401, title: 'A valid metrics token is required' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'json-too-deep': { status: 400, title: 'The JSON body nests too deeply' },
  'malformed-path': { status: 400, title: 'The URL path has a malformed percent-encoding' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  'malformed-text': { status: 400, title: 'A text field holds characters that are not allowed' },
  'unsupported-media-type': { status: 415, title: 'The body must be application/json' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'card-data-refused': {
    status: 422,
    title: 'The request contains what looks like a card number; card data is never accepted here',
  },
  'idempotency-key-invalid': { status: 400, title: 'The Idempotency-Key header is not valid' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'idempotency-key-in-progress': {
    status: 409,
    title: 'A request with this Idempotency-Key is still in progress',
  },
  'webhook-signature-invalid': { status: 400, title: 'The webhook signature could not be verified' },
  'webhook-event-invalid': { status: 400, title: 'The webhook event is not a well-formed Stripe event' },
  'https-required': { status: 403, title: 'HTTPS is required' },
  'internal-error': { status: 500, title: 'Something went wrong on our side' },
  'storage-full': { status: 507, title: 'The server’s storage is full; nothing was saved' },
  'store-unavailable': { status: 503, title: 'The server’s database is unavailable; nothing was saved' },
  'dispute-not-found': { status: 404, title: 'No such dispute' },
  'dispute-not-open': { status: 409, title: 'This dispute no longer accepts evidence' },
  'dispute-past-due': { status: 409, title: 'The due date for evidence on this dispute has passed' },
  'evidence-file-invalid': { status: 422, title: 'The evidence file must be a PDF, PNG or JPEG' },
  'carrier-not-ready': { status: 409, title: 'This carrier cannot take payments yet' },
};

export const problemType = (slug: ServerProblemSlug): string => `urn:cargopay:problem:${slug}`;

/** What a problem answer may carry besides its type: `headers` are sent as HTTP headers, the rest in the body. */
export interface ProblemOptions {
  detail?: string;
  errors?: Problem['errors'];
  headers?: Record<string, string>;
  /** The largest accepted value, where the problem is a value above it (`capture-amount-too-large`, `refund-amount-too-large`). */
  maximum?: number;
}

/** Throw from any handler; the error handler turns it into a problem response. */
export class ProblemError extends Error {
  readonly slug: ServerProblemSlug;
  readonly detail: string | undefined;
  readonly errors: Problem['errors'];
  readonly headers: Record<string, string>;
  readonly maximum: number | undefined;
  constructor(slug: ServerProblemSlug, options: ProblemOptions = {}) {
    super(PROBLEMS[slug].title);
    this.name = 'ProblemError';
    this.slug = slug;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.maximum = options.maximum;
  }
}

export function problemBody(
  slug: ServerProblemSlug,
  requestId: string | undefined,
  detail?: string,
  errors?: Problem['errors'],
  maximum?: number,
): Problem {
  const { status, title } = PROBLEMS[slug];
  const body: Problem = { type: problemType(slug), title, status };
  if (detail !== undefined) body.detail = detail;
  if (errors !== undefined) body.errors = errors;
  if (maximum !== undefined) body.maximum = maximum;
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

export function sendProblem(res: Response, slug: ServerProblemSlug, options: ProblemOptions = {}): void {
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res
    .status(PROBLEMS[slug].status)
    .type('application/problem+json')
    .send(
      JSON.stringify(
        problemBody(
          slug,
          res.locals.requestId as string | undefined,
          options.detail,
          options.errors,
          options.maximum,
        ),
      ),
    );
}
