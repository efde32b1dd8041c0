import type { ApiOperation } from '../api-reference.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import {
  checkoutSummarySchema,
  intentRequestSchema,
  intentResponseSchema,
  vatCheckRequestSchema,
  vatCheckResponseSchema,
} from './schema.ts';

/** The widget's public operations, described by the schemas that validate them. */
export const checkoutOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/checkout/:id',
    summary:
      'What the widget shows before the buyer pays. CORS: the merchant’s allowed origins, and CargoPay’s own ' +
      'payment page for this request (`/pay/:id`), only.',
    auth: 'public-checkout',
    params: idParamsSchema,
    response: checkoutSummarySchema,
    // A request past its `expires_at` is marked expired on this read, a write that can meet a full disk.
    problems: ['payment-request-not-found', 'origin-not-allowed', 'storage-full'],
  },
  {
    method: 'POST',
    path: '/v1/checkout/:id/intent',
    summary: 'Create (once) or return the request’s PaymentIntent; amount and currency come from the server.',
    auth: 'public-checkout',
    params: idParamsSchema,
    body: intentRequestSchema,
    response: intentResponseSchema,
    problems: [
      'payment-request-not-found',
      'payment-request-paid',
      'payment-request-canceled',
      'payment-request-expired',
      'origin-not-allowed',
      'vat-invalid',
      'vat-unavailable',
      'stripe-unavailable',
      'stripe-busy',
      'stripe-error',
      'card-data-refused',
      'blocked-by-risk',
      'carrier-not-ready',
    ],
  },
  {
    method: 'POST',
    path: '/v1/checkout/:id/vat',
    summary: 'Check a buyer’s VAT number (check digits, then VIES); "unavailable" never means invalid.',
    auth: 'public-checkout',
    params: idParamsSchema,
    body: vatCheckRequestSchema,
    response: vatCheckResponseSchema,
    problems: [
      'payment-request-not-found',
      'payment-request-paid',
      'payment-request-canceled',
      'payment-request-expired',
      'origin-not-allowed',
    ],
  },
];
