import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { captureSettings, captureSettingsPatchSchema, presentCaptureSettings } from './settings.ts';

/**
 * `GET|POST /v1/settings/capture`: what happens to an authorized request at its capture deadline, and when the
 * merchant is warned (a POST applies a partial object over the current settings, as `/v1/settings/risk` does).
 * A change applies to every authorized request from the job's next pass, including those already warned.
 */
export function captureSettingsRouter(ctx: AppContext): Router {
  const router = Router();
  const merchants = ctx.store.merchants;
  router.get('/', async (_req, res) => {
    const settings = await captureSettings(merchants, currentMerchant(res).id);
    res.json({ object: 'capture_settings', ...presentCaptureSettings(settings) });
  });
  router.post('/', async (req, res) => {
    const merchant = currentMerchant(res);
    const patch = parse(captureSettingsPatchSchema, req.body);
    const current = await captureSettings(merchants, merchant.id);
    const next = {
      atDeadline: patch.at_deadline ?? current.atDeadline,
      warnHoursBefore: patch.warn_hours_before ?? current.warnHoursBefore,
    };
    await merchants.saveCaptureSettings(merchant.id, next, ctx.now().toISOString());
    res.json({ object: 'capture_settings', ...presentCaptureSettings(next) });
  });
  return router;
}
