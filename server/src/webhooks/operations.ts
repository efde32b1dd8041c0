import type { ApiOperation } from '../api-reference.ts';

/** The Stripe webhook endpoint. */
export const webhookOperations: ApiOperation[] = [
  {
    method: 'POST',
    path: '/v1/webhooks/stripe',
    summary:
      'Stripe webhook endpoint: verified with the raw body, envelope checked, stored by event id, applied once.',
    auth: 'stripe-signature',
    problems: ['webhook-signature-invalid', 'webhook-event-invalid', 'payload-too-large', 'malformed-json'],
  },
];
