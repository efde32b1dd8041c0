import Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';

/**
 * How long a buyer-facing Stripe call keeps retrying Stripe's `429`s (https://docs.stripe.com/rate-limits:
 * 25 requests/s in test mode, 100/s live, 25/s per endpoint). The `stripe` SDK does not retry a rate limit
 * itself (it retries a 429 only with `Stripe-Should-Retry: true`, as on a lock timeout), so CargoPay does:
 * exponential backoff with full jitter, the delay before retry n drawn uniformly from
 * `[0, min(capMs, baseMs · 2ⁿ))`, while the time spent stays within `budgetMs`, which a buyer can wait for.
 */
export interface RateLimitRetryPolicy {
  baseMs: number;
  capMs: number;
  /** No retry starts later than this after the first attempt began. */
  budgetMs: number;
}

/** For calls a buyer waits on: about 8 s at most, then the buyer is told to retry (`stripe-busy`). */
export const BUYER_WAIT: RateLimitRetryPolicy = { baseMs: 200, capMs: 2_000, budgetMs: 8_000 };

/** Seconds a buyer is asked to wait (`Retry-After`) once the budget is spent: past Stripe's one-second window. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

export interface RateLimitRetryOptions {
  policy?: RateLimitRetryPolicy;
  /** Called for every 429 Stripe answered (the metric). */
  onRateLimited: () => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it does not end in a `StripeRateLimitError`, backing off between attempts; rethrows the
 * last rate-limit error once the budget would be exceeded. `call` must be safe to repeat: every Stripe write
 * in it carries the same idempotency key on every attempt (a refused request never ran, so its retry creates
 * the object once).
 */
export async function retryRateLimited<T>(
  call: () => Promise<T>,
  options: RateLimitRetryOptions,
): Promise<T> {
  const policy = options.policy ?? BUYER_WAIT;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeRateLimitError)) throw error;
      options.onRateLimited();
      const delay = Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
      if (now() + delay - started > policy.budgetMs) throw error;
      await sleep(delay);
    }
  }
}

/**
 * A Stripe call a buyer (or a merchant's request) waits on; `operation` names it in
 * `cargopay_stripe_rate_limited_total`. Stripe's 429s are retried within `BUYER_WAIT`, then answered
 * `503 stripe-busy` with `Retry-After`, which the widget shows as "busy, retrying". Other errors pass through.
 */
export async function forBuyer<T>(ctx: AppContext, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await retryRateLimited(call, {
      onRateLimited: () => ctx.metrics.stripeRateLimited.inc({ operation }),
    });
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeRateLimitError)) throw error;
    ctx.logger.warn(
      { operation, code: error.code, stripeRequestId: error.requestId },
      'Stripe still rate-limiting after retries; the buyer is asked to retry',
    );
    throw new ProblemError('stripe-busy', {
      detail: 'Stripe is rate-limiting this account’s requests right now; retry after Retry-After.',
      headers: { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) },
    });
  }
}
