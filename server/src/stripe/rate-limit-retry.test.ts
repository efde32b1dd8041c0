import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { BUYER_WAIT, retryRateLimited } from './rate-limit-retry.ts';

const rateLimit = () =>
  new Stripe.errors.StripeRateLimitError({
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Too many',
  });

/** A fake clock that sleeping advances, and a record of every delay asked for. */
function fakeTime(random: () => number) {
  const clock = { ms: 0, delays: [] as number[] };
  return {
    clock,
    options: {
      random,
      now: () => clock.ms,
      sleep: async (ms: number) => {
        clock.delays.push(ms);
        clock.ms += ms;
      },
    },
  };
}

describe('retrying Stripe rate limits (exponential backoff, full jitter, bounded)', () => {
  it('retries a 429 until the call succeeds, with delays drawn below base·2ⁿ capped', async () => {
    const { clock, options } = fakeTime(() => 0.999);
    let calls = 0;
    let counted = 0;
    const result = await retryRateLimited(
      async () => {
        calls++;
        if (calls <= 5) throw rateLimit();
        return 'created';
      },
      { ...options, onRateLimited: () => counted++ },
    );
    expect(result).toBe('created');
    expect(counted).toBe(5);
    // Full jitter at its top: just under 200, 400, 800, 1600, then the 2000 ms cap.
    expect(clock.delays).toEqual([199, 399, 799, 1598, 1998]);
  });

  it('jitter spreads the delay over [0, ceiling): a draw of 0 retries at once', async () => {
    const { clock, options } = fakeTime(() => 0);
    let calls = 0;
    await retryRateLimited(
      async () => {
        if (++calls < 3) throw rateLimit();
      },
      { ...options, onRateLimited: () => {} },
    );
    expect(clock.delays).toEqual([0, 0]);
  });

  it('gives up with the 429 once the next retry would start past the budget the buyer can wait for', async () => {
    const { clock, options } = fakeTime(() => 0.999);
    let calls = 0;
    const error = await retryRateLimited(
      async () => {
        calls++;
        throw rateLimit();
      },
      { ...options, onRateLimited: () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(clock.ms).toBeLessThanOrEqual(BUYER_WAIT.budgetMs);
    expect(clock.ms + 1998).toBeGreaterThan(BUYER_WAIT.budgetMs);
    expect(calls).toBe(clock.delays.length + 1);
  });

  it('never retries other errors (a decline, a bad request, a connection error)', async () => {
    for (const error of [
      new Stripe.errors.StripeCardError({ type: 'card_error', message: 'declined' }),
      new Stripe.errors.StripeInvalidRequestError({ type: 'invalid_request_error', message: 'bad' }),
      new Stripe.errors.StripeConnectionError({ type: 'api_error', message: 'down' }),
    ]) {
      let calls = 0;
      const thrown = await retryRateLimited(
        async () => {
          calls++;
          throw error;
        },
        { ...fakeTime(() => 0.5).options, onRateLimited: () => {} },
      ).catch((e: unknown) => e);
      expect(thrown).toBe(error);
      expect(calls).toBe(1);
    }
  });
});
