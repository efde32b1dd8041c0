import type { ApiOperation } from '../api-reference.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import { createRefundSchema, refundListQuerySchema, refundListSchema, refundSchema } from './schema.ts';

/** The merchant API's refund operations, described by the schemas that validate them. */
export const refundOperations: ApiOperation[] = [
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/refunds',
    summary:
      'Refund all or part of a paid request (201, the refund; several partial refunds up to `amount_received`). ' +
      'On an `authorized` request (capture "manual", not captured yet) the whole hold is voided instead: the ' +
      'answer is then 200 with the payment request (as `GET /v1/payment-requests/:id`), `canceled`, and no ' +
      'refund. A request fully refunded answers refund-amount-too-large with maximum 0. ' +
      'Honours Idempotency-Key.',
    auth: 'merchant-key',
    params: idParamsSchema,
    body: createRefundSchema,
    // The 201 answer; the void's 200 is the payment request, described with it.
    response: refundSchema,
    problems: [
      'unauthorized',
      'payment-request-not-found',
      'refund-amount-too-large',
      'payment-request-disputed',
      'payment-request-not-refundable',
      'payment-request-not-captured',
      'payment-request-not-cancelable',
      'idempotency-key-reused',
      'idempotency-key-in-progress',
      'stripe-unavailable',
    ],
  },
  {
    method: 'GET',
    path: '/v1/payment-requests/:id/refunds',
    summary:
      'List the refunds of one of your payment requests, newest first (by Stripe’s `created`, to the second; ' +
      'refunds of one second by id), with their Stripe states.',
    auth: 'merchant-key',
    params: idParamsSchema,
    query: refundListQuerySchema,
    response: refundListSchema,
    problems: ['unauthorized', 'payment-request-not-found'],
  },
];
