import type { ZodType } from 'zod';
import type { ProblemSlug } from './checkout/contract.ts';

/**
 * One HTTP operation of the public API, described by the same zod schemas that validate it, so that the
 * docs' `/reference/api/` (generated at build time with `z.toJSONSchema`) cannot drift from the code.
 */
export interface ApiOperation {
  method: 'GET' | 'POST' | 'DELETE';
  /** Express-style path, e.g. `/v1/payment-requests/:id`. */
  path: string;
  summary: string;
  auth: 'merchant-key' | 'public-checkout' | 'stripe-signature' | 'none';
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  /** Problem types this operation can answer with, besides `validation-failed` and `rate-limited`. */
  problems: ProblemSlug[];
}
