import { z } from 'zod';
import { MAX_AMOUNT, metadataSchema, paymentRequestIdSchema } from '../payment-requests/schema.ts';

/**
 * Schemas of the refund API. They validate requests and, through `api-reference.ts`, describe the API in the
 * docs (`z.toJSONSchema`), so they stay convertible: no transforms.
 */

/** The reasons Stripe takes for a refund (`RefundCreateParams.Reason`). */
export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;

/** Stripe's refund states. */
export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;

export const refundIdSchema = z
  .string()
  .regex(/^re_[0-9A-Za-z_]{1,250}$/, 'must be a Stripe refund id (re_…)');

export const createRefundSchema = z.strictObject({
  amount: z
    .int('must be an integer number of minor units (cents)')
    .min(1, 'must be at least 1 minor unit')
    .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`)
    .optional()
    .describe(
      'Minor units to refund; by default all that can still be refunded (`amount_received` less the refunds ' +
        'pending or succeeded). On an `authorized` request leave it out (or give the whole hold) to void the ' +
        'authorization instead.',
    ),
  reason: z
    .enum(REFUND_REASONS, 'must be "requested_by_customer", "duplicate" or "fraudulent"')
    .describe('Why the money goes back, as Stripe records it.'),
  metadata: metadataSchema.optional(),
});

export type CreateRefundInput = z.output<typeof createRefundSchema>;

export const refundListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: refundIdSchema.optional().describe('Cursor: the `next_cursor` of the previous page.'),
});

export const refundSchema = z.object({
  id: refundIdSchema,
  object: z.literal('refund'),
  payment_request: paymentRequestIdSchema,
  amount: z.int(),
  currency: z.string(),
  reason: z.string().nullable(),
  status: z
    .enum(REFUND_STATUSES)
    .describe('Stripe’s state of the refund; `failed` and `canceled` ones gave nothing back.'),
  failure_reason: z.string().nullable().describe('Stripe’s reason, for a `failed` refund.'),
  metadata: z.record(z.string(), z.string()),
  created_at: z.string(),
});

export type RefundJson = z.infer<typeof refundSchema>;

export const refundListSchema = z.object({
  object: z.literal('list'),
  data: z.array(refundSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});
