import { z } from 'zod';
import { paymentRequestIdSchema } from '../payment-requests/schema.ts';

/** Schemas of `GET /v1/events`. */
export const eventsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z
    .string()
    .regex(/^evt_[0-9A-Za-z]{24}$/, 'must be an event id (evt_…)')
    .optional(),
  payment_request: paymentRequestIdSchema.optional(),
});

const attemptSchema = z.object({
  attempted_at: z.string(),
  status_code: z.int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.int(),
});

export const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
  payment_request: z.string().nullable(),
  delivery: z.object({
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(attemptSchema),
    next_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
  }),
  payload: z.record(z.string(), z.unknown()).describe('The exact JSON body POSTed to your webhook URL.'),
});

export const eventListSchema = z.object({
  object: z.literal('list'),
  data: z.array(eventSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});
