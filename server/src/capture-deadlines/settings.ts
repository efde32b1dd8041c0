import { z } from 'zod';
import type { MerchantRepository } from '../store/ports/merchants.ts';
import type { CaptureSettings } from '../store/types.ts';

/**
 * A merchant's capture-deadline settings: what happens to an authorized (manual-capture) request whose card
 * hold reaches its `capture_before` uncaptured, and how long before that the merchant is warned. This module
 * is the one source of the defaults and limits; the job (`job.ts`) and the API reference read them here.
 */

/** The longest warning a merchant can ask for: a whole standard (7-day) hold. */
export const MAX_WARN_HOURS = 168;

/**
 * How long before `capture_before` the job applies the policy: Stripe's deadline is exact to the second and a
 * capture takes a few round trips, so acting at the deadline itself could meet a lapsed hold. Ten minutes leave
 * room for a retry or two of a job that runs every minute.
 */
export const DEADLINE_MARGIN_MS = 10 * 60_000;

export const captureSettingsSchema = z.strictObject({
  at_deadline: z
    .enum(['lapse', 'capture'], 'must be "lapse" or "capture"')
    .describe(
      'At the deadline (10 minutes before `capture_before`): `lapse` releases the hold and marks the request ' +
        '`expired` (no money moves, Stripe’s own behaviour); `capture` captures `amount_capturable`.',
    ),
  warn_hours_before: z
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1')
    .max(MAX_WARN_HOURS, `must be at most ${MAX_WARN_HOURS}`)
    .describe('Hours before `capture_before` at which `payment_request.capture_expiring` is sent (once).'),
});
export type CaptureSettingsJson = z.output<typeof captureSettingsSchema>;

/** A partial settings object, applied over the current settings. */
export const captureSettingsPatchSchema = captureSettingsSchema.partial();

/** Until a merchant chooses: let the hold lapse, as Stripe does (no money moves without the merchant). */
export const CAPTURE_DEFAULTS: CaptureSettings = { atDeadline: 'lapse', warnHoursBefore: 24 };

/** A merchant's settings: what they saved, else the defaults. */
export async function captureSettings(
  merchants: Pick<MerchantRepository, 'captureSettings'>,
  merchantId: string,
): Promise<CaptureSettings> {
  return (await merchants.captureSettings(merchantId)) ?? CAPTURE_DEFAULTS;
}

export const presentCaptureSettings = (s: CaptureSettings): CaptureSettingsJson => ({
  at_deadline: s.atDeadline,
  warn_hours_before: s.warnHoursBefore,
});
