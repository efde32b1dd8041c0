/**
 * The curl commands and JSON on `/final-amounts/` and `/pay-by-link/`, shared by both locales so that what a
 * reader copies is the same in each. Every command is built from a request kept here as data (method, path,
 * body), so that a check can hold each one against the API reference and the server's schemas.
 */
import { apiBaseUrl, examplePaymentRequestId } from './snippets.ts';

/** One call to the merchant API, as the guides show it. */
export interface ApiCall {
  method: 'GET' | 'POST';
  /** The path under the API base URL, with the example payment request id where one is needed. */
  path: string;
  body?: Record<string, unknown>;
  idempotencyKey?: string;
}

/** A call as a curl command, with the secret key read from the shell's environment. */
export function curl(call: ApiCall): string {
  const parts = [
    `curl${call.method === 'POST' ? ' -X POST' : ''} ${apiBaseUrl}${call.path}`,
    '-H "Authorization: Bearer $CARGOPAY_SECRET_KEY"',
  ];
  if (call.idempotencyKey) parts.push(`-H "Idempotency-Key: ${call.idempotencyKey}"`);
  if (call.body) {
    parts.push('-H "Content-Type: application/json"');
    parts.push(`-d '${JSON.stringify(call.body, null, 2).replaceAll('\n', '\n  ')}'`);
  }
  return parts.join(' \\\n  ');
}

const pr = `/v1/payment-requests/${examplePaymentRequestId}`;

/** The quote of the final-amounts guide: EUR 120.00 held, at most EUR 150.00 after reweighing. */
export const createManualCapture: ApiCall = {
  method: 'POST',
  path: '/v1/payment-requests',
  idempotencyKey: 'quote-4712',
  body: {
    amount: 12000,
    currency: 'eur',
    reference: 'PRO 4712-0093',
    description: 'LTL Madrid → Lyon, 2 pallets, class 70',
    customer: { email: 'buyer@example.com', name: 'Ana García' },
    capture: 'manual',
    max_final_amount: 15000,
  },
};

/** What the request says once the buyer's card is held (fields of the API reference; values illustrative). */
export const authorizedRequest = `{
  "id": "${examplePaymentRequestId}",
  "object": "payment_request",
  "status": "authorized",
  "amount": 12000,
  "currency": "eur",
  "capture": "manual",
  "max_final_amount": 15000,
  "amount_capturable": 12000,
  "capture_before": "2026-12-13T09:12:44.000Z",
  "extended_authorization": false,
  "incremental_authorization": true,
  "url": "${apiBaseUrl}/pay/${examplePaymentRequestId}"
}`;

/** Reweighed: the final price is above the hold, within the stated maximum. */
export const captureMore: ApiCall = {
  method: 'POST',
  path: `${pr}/capture`,
  idempotencyKey: 'final-4712',
  body: { amount: 13450 },
};

/** Lighter than quoted: capture less, and the rest of the hold is released. */
export const captureLess: ApiCall = {
  method: 'POST',
  path: `${pr}/capture`,
  idempotencyKey: 'final-4712',
  body: { amount: 11000 },
};

/** The shipment is off: release the whole hold. */
export const cancelHold: ApiCall = {
  method: 'POST',
  path: `${pr}/cancel`,
  idempotencyKey: 'cancel-4712',
};

/** The answer to a capture above what the card or the stated maximum allows. */
export const captureTooLarge = `{
  "type": "urn:cargopay:problem:capture-amount-too-large",
  "title": "The amount is more than can be captured (the card authorization or the stated max_final_amount); see maximum",
  "status": 422,
  "detail": "At most 12000 minor units can be captured. The card issuer did not allow a higher authorization.",
  "maximum": 12000
}`;

export const readCaptureSettings: ApiCall = { method: 'GET', path: '/v1/settings/capture' };

/** The merchant's deadline policy: capture what is held rather than let it lapse. */
export const changeCaptureSettings: ApiCall = {
  method: 'POST',
  path: '/v1/settings/capture',
  body: { at_deadline: 'capture', warn_hours_before: 24 },
};

/** A partial refund: one pallet was not delivered. */
export const refundPartial: ApiCall = {
  method: 'POST',
  path: `${pr}/refunds`,
  idempotencyKey: 'refund-4712-1',
  body: {
    amount: 5000,
    reason: 'requested_by_customer',
    metadata: { claim: 'CLM-2291' },
  },
};

/** The rest of what is still refundable (no amount). */
export const refundRest: ApiCall = {
  method: 'POST',
  path: `${pr}/refunds`,
  idempotencyKey: 'refund-4712-2',
  body: { reason: 'requested_by_customer' },
};

export const listRefunds: ApiCall = { method: 'GET', path: `${pr}/refunds` };

/** A refund as the API answers it, before Stripe has settled it. */
export const refundObject = `{
  "id": "re_3QkZ8t2eZvKYlo2C1fN0aB7x",
  "object": "refund",
  "payment_request": "${examplePaymentRequestId}",
  "amount": 5000,
  "currency": "eur",
  "reason": "requested_by_customer",
  "status": "pending",
  "failure_reason": null,
  "metadata": { "claim": "CLM-2291" },
  "created_at": "2026-12-09T15:02:10.000Z"
}`;

/** Pay by link: a request whose receipt Stripe e-mails to the buyer once paid. */
export const createPayByLink: ApiCall = {
  method: 'POST',
  path: '/v1/payment-requests',
  idempotencyKey: 'quote-4713',
  body: {
    amount: 8900,
    currency: 'eur',
    reference: 'AWB 020-77341256',
    description: 'Door-to-door Valencia → Bilbao, 1 pallet',
    customer: { email: 'buyer@example.com', name: 'Ana García' },
    receipt_email: true,
  },
};

/** The part of the answer that pay by link uses. */
export const payByLinkAnswer = `{
  "id": "${examplePaymentRequestId}",
  "object": "payment_request",
  "status": "open",
  "amount": 8900,
  "currency": "eur",
  "url": "${apiBaseUrl}/pay/${examplePaymentRequestId}"
}`;

/** A call a guide shows, with the JSON it shows as the answer, if any. */
export interface DocumentedCall {
  /** Where the reader sees it. */
  name: string;
  call: ApiCall;
  answer?: string;
}

/** Every call on `/final-amounts/` and `/pay-by-link/`, for `site/checks/documented-calls.ts`. */
export const documentedCalls: DocumentedCall[] = [
  { name: 'final-amounts: create', call: createManualCapture, answer: authorizedRequest },
  { name: 'final-amounts: capture more', call: captureMore },
  { name: 'final-amounts: capture less', call: captureLess },
  { name: 'final-amounts: cancel', call: cancelHold },
  { name: 'final-amounts: read settings', call: readCaptureSettings },
  { name: 'final-amounts: change settings', call: changeCaptureSettings },
  { name: 'final-amounts: partial refund', call: refundPartial, answer: refundObject },
  { name: 'final-amounts: refund the rest', call: refundRest },
  { name: 'final-amounts: list refunds', call: listRefunds },
  { name: 'pay-by-link: create', call: createPayByLink, answer: payByLinkAnswer },
];

/** A problem type a guide names as the answer to a call, with the JSON it shows, if any. */
export interface DocumentedProblem {
  name: string;
  call: ApiCall;
  slug: string;
  example?: string;
}

/** Every refusal that `/final-amounts/` names (its capture rules and its table of refund refusals). */
export const documentedProblems: DocumentedProblem[] = [
  {
    name: 'capture above the maximum',
    call: captureMore,
    slug: 'capture-amount-too-large',
    example: captureTooLarge,
  },
  { name: 'second capture', call: captureMore, slug: 'payment-request-already-captured' },
  {
    name: 'capture of a request that holds nothing',
    call: captureMore,
    slug: 'payment-request-not-authorized',
  },
  { name: 'refund above the refundable amount', call: refundPartial, slug: 'refund-amount-too-large' },
  { name: 'refund of a disputed request', call: refundPartial, slug: 'payment-request-disputed' },
  { name: 'refund of a request never paid', call: refundPartial, slug: 'payment-request-not-refundable' },
  { name: 'partial refund before capture', call: refundPartial, slug: 'payment-request-not-captured' },
];
