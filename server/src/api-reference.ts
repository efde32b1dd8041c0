import type { ZodType } from 'zod';
import type { ServerProblemSlug } from './contract/http.ts';

/**
 * One HTTP operation of the public API, described by the same zod schemas that validate it, so that the
 * docs' `/reference/api/` (generated at build time with `z.toJSONSchema`) cannot drift from the code.
 */
export interface ApiOperation {
  method: 'GET' | 'POST' | 'DELETE';
  /** Express-style path, e.g. `/v1/payment-requests/:id`. */
  path: string;
  summary: string;
  auth: 'merchant-key' | 'public-checkout' | 'stripe-signature' | 'metrics-token' | 'none';
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  /** Problem types this operation can answer with, besides `validation-failed` and `rate-limited`. */
  problems: ServerProblemSlug[];
}

import { captureSettingsOperations } from './capture-deadlines/operations.ts';
import { checkoutOperations } from './checkout/operations.ts';
import { carrierOperations } from './connect/operations.ts';
import { disputeOperations, evidenceOperations } from './disputes/operations.ts';
import { eventOperations } from './notifications/operations.ts';
import { opsOperations } from './ops/operations.ts';
import { paymentRequestOperations } from './payment-requests/operations.ts';
import { refundOperations } from './refunds/operations.ts';
import { requestRiskOperations, riskSettingsOperations } from './risk/operations.ts';
import { webhookOperations } from './webhooks/operations.ts';

/**
 * Every operation of the server, assembled from each area's schemas. Importing this module loads only
 * schemas (zod), never the app, so the docs build can read it cheaply.
 */
export const apiOperations: ApiOperation[] = [
  ...paymentRequestOperations,
  ...refundOperations,
  ...evidenceOperations,
  ...requestRiskOperations,
  ...disputeOperations,
  ...riskSettingsOperations,
  ...captureSettingsOperations,
  ...carrierOperations,
  ...eventOperations,
  ...checkoutOperations,
  ...webhookOperations,
  ...opsOperations,
];
