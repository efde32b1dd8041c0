import type { ApiOperation } from '../api-reference.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import {
  addEvidenceSchema,
  disputeIdParamsSchema,
  disputeListQuerySchema,
  disputeListSchema,
  disputeSchema,
  disputeSettingsPatchSchema,
  disputeSettingsSchema,
  disputeStatsSchema,
  messageSchema,
  requestPoliciesSchema,
  shipmentSchema,
} from './schema.ts';

const merchant = ['unauthorized'] as const;

/** Delivery evidence recorded on a payment request, for disputes. */
export const evidenceOperations: ApiOperation[] = [
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/shipment',
    summary:
      'Record (or replace) the shipment: carrier, tracking number, shipped and delivered times, address, recipient.',
    auth: 'merchant-key',
    params: idParamsSchema,
    body: shipmentSchema,
    problems: [...merchant, 'payment-request-not-found', 'malformed-json', 'unsupported-media-type'],
  },
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/proof-of-delivery',
    summary:
      'Upload a signed proof of delivery as the raw request body: PDF, PNG or JPEG (recognised from its bytes), at most 5 MB; stored sealed.',
    auth: 'merchant-key',
    params: idParamsSchema,
    problems: [...merchant, 'payment-request-not-found', 'evidence-file-invalid', 'payload-too-large'],
  },
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/messages',
    summary: 'Add one message to the communication log with the buyer (channel, direction, time, text).',
    auth: 'merchant-key',
    params: idParamsSchema,
    body: messageSchema,
    problems: [...merchant, 'payment-request-not-found', 'malformed-json', 'unsupported-media-type'],
  },
  {
    method: 'POST',
    path: '/v1/payment-requests/:id/policies',
    summary:
      'Override the merchant’s service description, terms or refund policy for this request (null clears).',
    auth: 'merchant-key',
    params: idParamsSchema,
    body: requestPoliciesSchema,
    problems: [...merchant, 'payment-request-not-found'],
  },
  {
    method: 'GET',
    path: '/v1/payment-requests/:id/evidence',
    summary:
      'What is on file for disputes: shipment, proofs of delivery (no bytes), messages, policy overrides.',
    auth: 'merchant-key',
    params: idParamsSchema,
    problems: [...merchant, 'payment-request-not-found'],
  },
];

/** Disputes and the merchant's dispute settings. */
export const disputeOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/disputes',
    summary: 'Your disputes, newest first, with the evidence sent, what was missing and the due date.',
    auth: 'merchant-key',
    query: disputeListQuerySchema,
    response: disputeListSchema,
    problems: [...merchant],
  },
  {
    method: 'GET',
    path: '/v1/disputes/stats',
    summary:
      'Win rate overall and with/without complete evidence; average time from dispute to submitted evidence.',
    auth: 'merchant-key',
    response: disputeStatsSchema,
    problems: [...merchant],
  },
  {
    method: 'GET',
    path: '/v1/disputes/:id',
    summary: 'One dispute: status, due date, evidence sent, missing and left out, outcome.',
    auth: 'merchant-key',
    params: disputeIdParamsSchema,
    response: disputeSchema,
    problems: [...merchant, 'dispute-not-found'],
  },
  {
    method: 'POST',
    path: '/v1/disputes/:id/evidence',
    summary:
      'Add or override text evidence and recompile; stage it, or submit it with `submit: true`, before the due date.',
    auth: 'merchant-key',
    params: disputeIdParamsSchema,
    body: addEvidenceSchema,
    response: disputeSchema,
    problems: [
      ...merchant,
      'dispute-not-found',
      'dispute-not-open',
      'dispute-past-due',
      'stripe-unavailable',
    ],
  },
  {
    method: 'POST',
    path: '/v1/disputes/:id/submit',
    summary: 'Recompile and submit the evidence to the card network (once, before the due date).',
    auth: 'merchant-key',
    params: disputeIdParamsSchema,
    response: disputeSchema,
    problems: [
      ...merchant,
      'dispute-not-found',
      'dispute-not-open',
      'dispute-past-due',
      'stripe-unavailable',
    ],
  },
  {
    method: 'GET',
    path: '/v1/settings/disputes',
    summary:
      'Your dispute settings: automatic submission or draft, Smart Disputes preference, default policies.',
    auth: 'merchant-key',
    response: disputeSettingsSchema,
    problems: [...merchant],
  },
  {
    method: 'POST',
    path: '/v1/settings/disputes',
    summary: 'Change your dispute settings (fields you leave out keep their value).',
    auth: 'merchant-key',
    body: disputeSettingsPatchSchema,
    response: disputeSettingsSchema,
    problems: [...merchant],
  },
];
