import type { DisputeRepository } from '../store/ports/disputes.ts';
import { z } from 'zod';

/** Schemas of the delivery-evidence and disputes API; they validate requests and describe the API in the docs. */

export const SUBMISSION_POLICIES = ['automatic', 'draft'] as const;

/** Defaults of a merchant's dispute settings (what applies until the merchant changes them). */
export const DISPUTE_SETTING_DEFAULTS = {
  submission: 'automatic',
  prefer_smart_disputes: false,
  service_description: null,
  terms: null,
  refund_policy: null,
} as const satisfies DisputeSettings;

const policyText = z.string().trim().min(1).max(20_000);

export const disputeSettingsSchema = z.strictObject({
  submission: z
    .enum(SUBMISSION_POLICIES)
    .describe('`automatic`: evidence is submitted at once; `draft`: it is staged at Stripe for your review.'),
  prefer_smart_disputes: z
    .boolean()
    .describe('Leave the submission to Stripe’s Smart Disputes whenever Stripe says it is available.'),
  service_description: policyText.nullable().describe('What you sell: the service, how it is delivered.'),
  terms: policyText.nullable().describe('Your terms of carriage / service.'),
  refund_policy: policyText.nullable().describe('Your refund and cancellation policy.'),
});
export type DisputeSettings = z.output<typeof disputeSettingsSchema>;

/** A merchant's dispute settings: what they saved, over the defaults. */
export async function disputeSettings(
  repo: Pick<DisputeRepository, 'settings'>,
  merchantId: string,
): Promise<DisputeSettings> {
  return { ...DISPUTE_SETTING_DEFAULTS, ...(await repo.settings(merchantId)) };
}

export const disputeSettingsPatchSchema = disputeSettingsSchema.partial();

export const requestPoliciesSchema = z.strictObject({
  service_description: policyText.nullable().optional(),
  terms: policyText.nullable().optional(),
  refund_policy: policyText.nullable().optional(),
});
export type RequestPolicies = z.output<typeof requestPoliciesSchema>;

const isoTime = z.iso.datetime({ offset: true });

export const addressSchema = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postal_code: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  state: z.string().trim().max(100).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "ES"')
    .describe('ISO 3166-1 alpha-2.'),
});
export type Address = z.output<typeof addressSchema>;

export const shipmentSchema = z
  .strictObject({
    carrier: z.string().trim().min(1).max(100),
    tracking_number: z.string().trim().min(1).max(100),
    shipped_at: isoTime,
    delivered_at: isoTime.nullable().optional(),
    delivery_address: addressSchema,
    recipient: z
      .strictObject({
        name: z.string().trim().min(1).max(200),
        signed_by: z.string().trim().min(1).max(200).optional(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.delivered_at && new Date(v.delivered_at).getTime() < new Date(v.shipped_at).getTime()) {
      ctx.addIssue({ code: 'custom', path: ['delivered_at'], message: 'must not be before shipped_at' });
    }
  });
export type Shipment = z.output<typeof shipmentSchema>;

export const MESSAGE_CHANNELS = ['email', 'phone', 'chat', 'sms', 'portal', 'other'] as const;

export const messageSchema = z.strictObject({
  channel: z.enum(MESSAGE_CHANNELS),
  direction: z.enum(['inbound', 'outbound']).describe('`inbound`: from the buyer; `outbound`: to the buyer.'),
  at: isoTime,
  text: z.string().trim().min(1).max(5_000),
});
export type Message = z.output<typeof messageSchema>;

export const disputeIdParamsSchema = z.strictObject({
  id: z.string().regex(/^(dp|du)_[0-9A-Za-z]+$/, 'must be a dispute id (dp_…)'),
});

export const disputeListQuerySchema = z.strictObject({
  status: z.string().min(1).max(40).optional(),
  payment_request: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().min(1).max(60).optional(),
});

/** Text evidence a merchant may add or override on a dispute before submitting it. */
export const MERCHANT_TEXT_FIELDS = [
  'product_description',
  'uncategorized_text',
  'refund_refusal_explanation',
  'refund_policy_disclosure',
  'cancellation_rebuttal',
  'cancellation_policy_disclosure',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'access_activity_log',
  'billing_address',
  'service_date',
] as const;

export const addEvidenceSchema = z.strictObject({
  text: z
    .partialRecord(z.enum(MERCHANT_TEXT_FIELDS), z.string().trim().min(1).max(20_000))
    .optional()
    .describe('Text evidence fields to add or override; the rest is compiled from the payment request.'),
  submit: z.boolean().default(false).describe('Submit now (before the due date) instead of staging.'),
});

const evidenceFileSchema = z.object({
  field: z.string(),
  file: z.string(),
  source: z.string(),
  pages: z.int(),
  bytes: z.int(),
});

export const disputeSchema = z.object({
  id: z.string(),
  object: z.literal('dispute'),
  payment_request: z.string().nullable(),
  charge: z.string(),
  reason: z.string(),
  status: z.string(),
  inquiry: z.boolean(),
  amount: z.int(),
  currency: z.string(),
  due_by: z.string().nullable(),
  response: z.enum(['pending', 'submitted', 'draft', 'smart_disputes', 'failed', 'not_ours', 'closed']),
  evidence: z
    .object({
      fields: z
        .record(z.string(), z.string())
        .describe('What was sent: text values, and file ids for files.'),
      files: z.array(evidenceFileSchema),
      missing: z.array(z.object({ item: z.string(), fields: z.array(z.string()) })),
      left_out: z.array(z.object({ field: z.string(), item: z.string(), reason: z.string() })),
      complete: z.boolean(),
    })
    .nullable(),
  compiled_at: z.string().nullable(),
  submitted_at: z.string().nullable(),
  outcome: z.enum(['won', 'lost', 'warning_closed']).nullable(),
  closed_at: z.string().nullable(),
  last_error: z.string().nullable(),
  opened_at: z.string(),
});

export const disputeListSchema = z.object({
  object: z.literal('list'),
  data: z.array(disputeSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});

export const disputeStatsSchema = z.object({
  disputes: z.int(),
  open: z.int(),
  closed: z.int(),
  won: z.int(),
  lost: z.int(),
  win_rate: z.number().nullable(),
  with_complete_evidence: z.object({ closed: z.int(), won: z.int(), win_rate: z.number().nullable() }),
  without_complete_evidence: z.object({ closed: z.int(), won: z.int(), win_rate: z.number().nullable() }),
  average_response_seconds: z.number().nullable(),
  responded: z.int(),
});
