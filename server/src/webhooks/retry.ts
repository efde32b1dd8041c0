/**
 * Retry schedule of a stored Stripe event that failed (its payload did not open or parse, or applying it
 * threw): 5 s, doubling, at most an hour apart, for 25 attempts in all (about 15 hours). Then it is parked as
 * a dead letter, counted in `cargopay_webhook_dead_letters`, alerted on (`webhook_dead_letters`), and replayed
 * by an operator once the cause is fixed (`npm run webhooks -- replay`).
 */
import { backoffStepMs } from '../ops/backoff.ts';

export const MAX_WEBHOOK_ATTEMPTS = 25;

/** How long to wait before the next try of an event that has failed `attempts` times. */
export function webhookRetryDelayMs(attempts: number): number {
  return backoffStepMs(attempts, 5_000, 3_600_000);
}
