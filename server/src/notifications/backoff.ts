import { backoffStepMs } from '../ops/backoff.ts';

/**
 * Retry schedule for merchant notifications: exponential (30 s × 2^(attempt−1), capped at 6 h) with full
 * jitter in the upper half of each step, until the notification is `maxAgeMs` old (3 days by default); then
 * it is marked failed and stays listed in `GET /v1/events` with every attempt.
 */
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 6 * 3_600_000;

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const step = backoffStepMs(attempt, BASE_DELAY_MS, MAX_DELAY_MS);
  return Math.round(step / 2 + random() * (step / 2));
}

/** When to try again after failed attempt number `attempt` (1-based), or `null` to give up. */
export function nextAttemptAt(
  createdAt: Date,
  now: Date,
  attempt: number,
  maxAgeMs: number,
  random?: () => number,
): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempt, random));
  return next.getTime() - createdAt.getTime() > maxAgeMs ? null : next;
}
