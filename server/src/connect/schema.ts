import { z } from 'zod';

export const accountIdParamsSchema = z.strictObject({
  account: z.string().regex(/^acct_[0-9A-Za-z]{6,}$/, 'must be a Stripe account id (acct_…)'),
});

export const createCarrierSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('The carrier’s business name.'),
  email: z.email().max(254).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "ES"')
    .describe('Where the carrier is established.'),
});

export const onboardingLinkSchema = z.strictObject({
  return_url: z.url({ protocol: /^https?$/ }).describe('Where Stripe sends the carrier after onboarding.'),
  refresh_url: z
    .url({ protocol: /^https?$/ })
    .describe(
      'Where Stripe sends the carrier when the link has expired or was used; create a new link there.',
    ),
});

export const carrierSchema = z.object({
  object: z.literal('carrier_account'),
  account: z.string(),
  charges_enabled: z.boolean(),
  payouts_enabled: z.boolean(),
  details_submitted: z.boolean(),
  disabled_reason: z.string().nullable(),
  updated_at: z.string(),
});

export const onboardingLinkResponseSchema = z.object({
  object: z.literal('onboarding_link'),
  account: z.string(),
  url: z.string().describe('Single-use Stripe-hosted onboarding page (KYC); send the carrier there.'),
  expires_at: z.string(),
});
