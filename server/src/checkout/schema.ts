import { z } from 'zod';
import { CAPTURE_METHODS, STATUSES } from '../payment-requests/schema.ts';

/** Schemas of the public checkout endpoints; they mirror the types in `contract.ts` the widget codes against. */

export const intentRequestSchema = z.strictObject({
  device_id: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only'),
  signals: z.strictObject({
    ready_to_submit_ms: z.int().min(0).max(86_400_000).nullable(),
    attempts: z.int().min(0).max(1000),
  }),
});

export const intentResponseSchema = z.object({
  payment_intent: z.string(),
  client_secret: z.string(),
  status: z.string(),
});

export const checkoutSummarySchema = z.object({
  id: z.string(),
  status: z.enum(STATUSES),
  reference: z.string(),
  description: z.string(),
  carrier: z.string().nullable(),
  amount: z.int(),
  currency: z.string(),
  merchant: z.object({ name: z.string() }),
  publishable_key: z.string(),
  stripe_js_url: z.string().nullable(),
  vat_unavailable_allows_payment: z.boolean(),
  expires_at: z.string().nullable(),
  capture: z
    .enum(CAPTURE_METHODS)
    .describe('`manual`: the card is held for `amount` now; the final price is charged after weighing.'),
  max_final_amount: z
    .int()
    .nullable()
    .describe('The merchant’s stated maximum for the final price (minor units), or null when none is set.'),
});

export const vatCheckRequestSchema = z.strictObject({
  vat_number: z
    .string()
    .min(3)
    .max(40)
    .describe('With its country prefix, e.g. DE123456788, EL094259216, XI123456782.'),
});

export const vatCheckResponseSchema = z.object({
  result: z.enum(['valid', 'invalid', 'unavailable']),
  country_code: z.string(),
  vat_number: z.string(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  request_date: z.string().nullable(),
});
