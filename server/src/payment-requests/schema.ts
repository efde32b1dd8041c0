import { z } from 'zod';

/**
 * Schemas of the payment-request API. They validate requests and, through `api-reference.ts`, describe the
 * API in the docs (`z.toJSONSchema`), so they stay convertible: no transforms.
 */

export const STATUSES = [
  'open',
  'processing',
  'authorized',
  'paid',
  'canceled',
  'expired',
  'refunded',
  'partially_refunded',
  'disputed',
] as const;

/** Currencies Stripe settles that CargoPay's merchants use; lower case as Stripe writes them. */
export const CURRENCIES = [
  'eur',
  'usd',
  'gbp',
  'chf',
  'sek',
  'nok',
  'dkk',
  'isk',
  'pln',
  'czk',
  'huf',
  'ron',
  'bgn',
  'try',
  'cad',
  'aud',
  'nzd',
  'jpy',
  'cny',
  'hkd',
  'sgd',
  'inr',
  'aed',
  'zar',
  'mxn',
  'brl',
] as const;

/** How the card payment is taken: at once, or authorized now and captured by the merchant later. */
export const CAPTURE_METHODS = ['automatic', 'manual'] as const;

/** Stripe's largest amount for a PaymentIntent (eight digits of minor units). */
export const MAX_AMOUNT = 99_999_999;

export const paymentRequestIdSchema = z
  .string()
  .regex(/^pr_[0-9A-Za-z]{24}$/, 'must be a payment request id (pr_ followed by 24 letters or digits)');

export const idParamsSchema = z.strictObject({ id: paymentRequestIdSchema });

/** The merchant's metadata on a request (and on a refund). */
export const metadataSchema = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys')
  .describe('Up to 20 string pairs for your own use, returned as given.');

export const createPaymentRequestSchema = z
  .strictObject({
    amount: z
      .int('must be an integer number of minor units (cents)')
      .min(1, 'must be at least 1 minor unit')
      .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`)
      .describe('Integer minor units of `currency` (e.g. 12500 for EUR 125.00).'),
    currency: z.enum(CURRENCIES, 'unknown currency: use a lower-case ISO 4217 code such as "eur"'),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Your shipment reference, e.g. an air waybill number.'),
    description: z.string().trim().min(1).max(500),
    customer: z.strictObject({
      email: z.email().max(254),
      name: z.string().trim().min(1).max(200),
    }),
    carrier: z
      .strictObject({
        name: z.string().trim().min(1).max(100).describe('Shown to the buyer.'),
        stripe_account: z
          .string()
          .regex(/^acct_[0-9A-Za-z]{6,}$/, 'must be a Stripe account id (acct_…)')
          .optional()
          .describe('Connected account that receives the funds (a destination charge).'),
        platform_fee: z
          .int()
          .min(0)
          .max(MAX_AMOUNT)
          .optional()
          .describe('Minor units kept by the platform; needs `stripe_account`.'),
      })
      .optional(),
    expires_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the request stops accepting payment (ISO 8601, within 90 days).'),
    metadata: metadataSchema.optional(),
    capture: z
      .enum(CAPTURE_METHODS, 'must be "automatic" or "manual"')
      .default('automatic')
      .describe(
        '`automatic` charges the card when the buyer pays. `manual` only authorizes it: the request becomes ' +
          '`authorized` and you capture the final amount later (extended and incremental authorization are ' +
          'asked for where the card allows them).',
      ),
    max_final_amount: z
      .int('must be an integer number of minor units (cents)')
      .min(1, 'must be at least 1 minor unit')
      .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`)
      .optional()
      .describe(
        'With `capture: "manual"` only: the most the final amount may come to (minor units, at least `amount`), ' +
          'shown to the buyer. A capture above it is refused.',
      ),
    receipt_email: z
      .boolean()
      .default(false)
      .describe(
        '`true`: Stripe e-mails the buyer a receipt once the payment succeeds, to `customer.email` (the ' +
          "PaymentIntent's `receipt_email`). Default `false`: you send your own.",
      ),
  })
  .superRefine((v, ctx) => {
    if (v.max_final_amount !== undefined) {
      if (v.capture !== 'manual') {
        ctx.addIssue({
          code: 'custom',
          path: ['max_final_amount'],
          message: 'needs capture "manual": an automatic payment is charged at `amount` and never changes',
        });
      } else if (v.max_final_amount < v.amount) {
        ctx.addIssue({
          code: 'custom',
          path: ['max_final_amount'],
          message: 'must be at least amount',
        });
      }
    }
    if (v.carrier?.platform_fee !== undefined) {
      if (v.carrier.stripe_account === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['carrier', 'platform_fee'],
          message: 'needs carrier.stripe_account',
        });
      } else if (v.carrier.platform_fee >= v.amount) {
        ctx.addIssue({
          code: 'custom',
          path: ['carrier', 'platform_fee'],
          message: 'must be less than amount',
        });
      }
    }
  });

export const captureBodySchema = z.strictObject({
  amount: z
    .int('must be an integer number of minor units (cents)')
    .min(1, 'must be at least 1 minor unit')
    .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`)
    .describe(
      'The final amount to charge, in minor units: up to `amount_capturable` (the rest of the hold is released), ' +
        'or more when `incremental_authorization` is true and the issuer agrees; never above `max_final_amount`.',
    ),
});

export type CreatePaymentRequestInput = z.output<typeof createPaymentRequestSchema>;

export const listQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  reference: z.string().min(1).max(100).optional(),
  created_gte: z.iso.datetime({ offset: true }).optional(),
  created_lte: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: paymentRequestIdSchema
    .optional()
    .describe('Cursor: the `next_cursor` of the previous page.'),
});

const lastErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  decline_code: z.string().nullable().optional(),
});

export const vatCheckSchema = z.object({
  result: z.enum(['valid', 'invalid', 'unavailable']),
  country_code: z.string(),
  vat_number: z.string(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  request_date: z.string().nullable(),
  request_identifier: z.string().nullable(),
  checked_at: z.string(),
});

export const paymentRequestSchema = z.object({
  id: paymentRequestIdSchema,
  object: z.literal('payment_request'),
  status: z.enum(STATUSES),
  amount: z.int(),
  currency: z.string(),
  reference: z.string(),
  description: z.string(),
  customer: z.object({ email: z.string(), name: z.string() }).optional(),
  carrier: z
    .object({ name: z.string(), stripe_account: z.string().nullable(), platform_fee: z.int().nullable() })
    .nullable(),
  expires_at: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  payment_intent: z.string().nullable(),
  last_error: lastErrorSchema.nullable(),
  amount_refunded: z
    .int()
    .describe(
      'What refunds pending or succeeded hold back of `amount_received`; a failed refund gives it back.',
    ),
  amount_received: z
    .int()
    .describe(
      'What the payment took: `amount`, or the captured amount of a capture "manual" request; 0 until paid. ' +
        'Refunds are counted against it.',
    ),
  vat_check: vatCheckSchema.nullable(),
  capture: z.enum(CAPTURE_METHODS),
  amount_capturable: z.int().describe('What can still be captured of an `authorized` request; 0 otherwise.'),
  capture_before: z
    .string()
    .nullable()
    .describe(
      'When the card’s hold lapses (ISO 8601): capture before then. Null until the card is authorized.',
    ),
  extended_authorization: z
    .boolean()
    .nullable()
    .describe('Whether the card granted extended authorization (a hold of up to 30 days).'),
  incremental_authorization: z
    .boolean()
    .nullable()
    .describe('Whether the card granted incremental authorization: a capture may then exceed the hold.'),
  max_final_amount: z
    .int()
    .nullable()
    .describe('The stated maximum for the final amount of a manual-capture request; null when none.'),
  receipt_email: z.boolean().describe('Whether Stripe e-mails the buyer a receipt (to `customer.email`).'),
  url: z
    .string()
    .optional()
    .describe(
      'The hosted payment page, `<PUBLIC_URL>/pay/<id>`: send this link to the buyer (it shows the state ' +
        'once the request is paid, canceled or expired). In every API answer; not in notifications.',
    ),
  livemode: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export type PaymentRequestJson = z.infer<typeof paymentRequestSchema>;

export const paymentRequestListSchema = z.object({
  object: z.literal('list'),
  data: z.array(paymentRequestSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});
