import type { ApiOperation } from '../api-reference.ts';
import {
  captureBodySchema,
  createPaymentRequestSchema,
  idParamsSchema,
  listQuerySchema,
  paymentRequestListSchema,
  paymentRequestSchema,
} from './schema.ts';

/** The merchant API's payment-request operations, described by the schemas that validate them. */
export const paymentRequestOperations: ApiOperation[] = [
  {
    method: 'POST',
    path: '/v1/payment-requests',
    summary:
      'Create a payment request. Honours Idempotency-Key. Its `url` is CargoPay’s hosted payment page for it ' +
      '(`/pay/:id`, in the buyer’s language): send that link to the buyer, or embed the widget on your own page.',
    auth: 'merchant-key',
    body: createPaymentRequestSchema,
    response: paymentRequestSchema,
    problems: [
      'unauthorized',
      'card-data-refused',
      'payload-too-large',
      'malformed-json',
      'idempotency-key-reused',
      'idempotency-key-in-progress',
      'carrier-not-ready',
      'stripe-busy',
    ],
  },
  {
    method: 'GET',
    path: '/v1/payment-requests',
    summary: 'List your payment requests, newest first, with filters and cursor pagination.',
    auth: 'merchant-key',
    query: listQuerySchema,
    response: paymentRequestListSchema,
    problems: ['unauthorized'],
  },
  {
    method: 'GET',
    path: '/v1/payment-requests/:id',
    summary: 'Retrieve one of your payment requests.',
    auth: 'merchant-key',
    params: idParamsSchema,
    response: paymentRequestSchema,
    problems: ['unauthorized', 'payment-request-not-found'],
  },
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/cancel',
    summary:
      'Cancel an open payment request (and its PaymentIntent), or void the card hold of an authorized one. ' +
      'Honours Idempotency-Key.',
    auth: 'merchant-key',
    params: idParamsSchema,
    response: paymentRequestSchema,
    problems: [
      'unauthorized',
      'payment-request-not-found',
      'payment-request-not-cancelable',
      'stripe-unavailable',
    ],
  },
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/capture',
    summary:
      'Capture the final amount of an authorized (capture "manual") request: up to `amount_capturable`, the ' +
      'rest released, or more when the card granted incremental authorization; never above a stated ' +
      '`max_final_amount`. Honours Idempotency-Key.',
    auth: 'merchant-key',
    params: idParamsSchema,
    body: captureBodySchema,
    response: paymentRequestSchema,
    problems: [
      'unauthorized',
      'payment-request-not-found',
      'payment-request-not-authorized',
      'payment-request-already-captured',
      'capture-amount-too-large',
      'idempotency-key-reused',
      'idempotency-key-in-progress',
      'stripe-unavailable',
    ],
  },
];
