import type { ApiOperation } from '../api-reference.ts';
import { captureSettingsPatchSchema, captureSettingsSchema } from './settings.ts';

const merchant = ['unauthorized'] as const;

/** The merchant's capture-deadline settings. */
export const captureSettingsOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/settings/capture',
    summary:
      'What happens to an authorized request at its capture deadline (`lapse` by default) and when you are warned (24 hours before by default).',
    auth: 'merchant-key',
    response: captureSettingsSchema,
    problems: [...merchant],
  },
  {
    method: 'POST',
    path: '/v1/settings/capture',
    summary:
      'Change the capture-deadline policy or the warning’s lead: a partial object over the current settings.',
    auth: 'merchant-key',
    body: captureSettingsPatchSchema,
    response: captureSettingsSchema,
    problems: [...merchant],
  },
];
