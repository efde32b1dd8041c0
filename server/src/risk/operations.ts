import type { ApiOperation } from '../api-reference.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import { riskSettingsPatchSchema, riskSettingsSchema } from './settings.ts';

const merchant = ['unauthorized'] as const;

/** A payment request's risk record. */
export const requestRiskOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/payment-requests/:id/risk',
    summary:
      'Every checkout attempt’s decision (allow, review, block), score and reasons; Radar’s outcome; early fraud warning.',
    auth: 'merchant-key',
    params: idParamsSchema,
    problems: [...merchant, 'payment-request-not-found'],
  },
];

/** The merchant's fraud rules. */
export const riskSettingsOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/settings/risk',
    summary: 'Your fraud rules and thresholds (safe defaults until changed).',
    auth: 'merchant-key',
    response: riskSettingsSchema,
    problems: [...merchant],
  },
  {
    method: 'POST',
    path: '/v1/settings/risk',
    summary: 'Change fraud rules: a partial object merged over the current settings.',
    auth: 'merchant-key',
    body: riskSettingsPatchSchema,
    response: riskSettingsSchema,
    problems: [...merchant],
  },
];
