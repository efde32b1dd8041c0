/**
 * The step of an exponential retry schedule after `attempts` failures (1-based): `baseMs`, doubling with each
 * further failure, never more than `maxMs`. The queues of background work (webhook inbox, casework, merchant
 * notifications) each set their own base, ceiling and jitter on top of it.
 */
export function backoffStepMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
