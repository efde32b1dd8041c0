import type { ApiOperation } from '../api-reference.ts';
import {
  accountIdParamsSchema,
  carrierSchema,
  createCarrierSchema,
  onboardingLinkResponseSchema,
  onboardingLinkSchema,
} from './schema.ts';

const merchant = ['unauthorized'] as const;

/** Carriers' connected accounts (Stripe Connect). */
export const carrierOperations: ApiOperation[] = [
  {
    method: 'POST',
    path: '/v1/carriers',
    summary:
      'Create a carrier’s connected account (Stripe Connect, Express); it takes charges once onboarded.',
    auth: 'merchant-key',
    body: createCarrierSchema,
    response: carrierSchema,
    problems: [...merchant, 'stripe-unavailable'],
  },
  {
    method: 'GET',
    path: '/v1/carriers/:account',
    summary: 'A carrier account’s state as account.updated last described it (charges and payouts enabled).',
    auth: 'merchant-key',
    params: accountIdParamsSchema,
    response: carrierSchema,
    problems: [...merchant, 'not-found'],
  },
  {
    method: 'POST',
    path: '/v1/carriers/:account/onboarding-link',
    summary: 'A single-use, Stripe-hosted onboarding link (Account Links; Stripe does the KYC).',
    auth: 'merchant-key',
    params: accountIdParamsSchema,
    body: onboardingLinkSchema,
    response: onboardingLinkResponseSchema,
    problems: [...merchant, 'not-found', 'stripe-unavailable'],
  },
];
