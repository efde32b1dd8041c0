import { StripeApiError } from './errors.ts';

/**
 * Stripe's API rate limits (https://docs.stripe.com/rate-limits): per account and per second, a global limit
 * of 100 requests in live mode and 25 in a sandbox / test mode, and 25 per endpoint unless an endpoint says
 * otherwise (the Files API: 20). Stripe counts each named operation as its own endpoint
 * (`POST /v1/payment_intents` and `GET /v1/payment_intents/{id}` are two; every id shares one).
 */
export type RateLimitMode = 'test' | 'live';

/** The limits one sandbox enforces, per second. */
export interface RateLimitSettings {
  mode: RateLimitMode;
  /** Requests per second across the account. */
  global: number;
  /** Requests per second on one endpoint (method + route), unless `endpoints` names it. */
  endpoint: number;
  /** Endpoints with limits of their own, keyed `METHOD /v1/route/:param`. */
  endpoints: Record<string, number>;
}

/** Stripe's documented limits for a mode. */
export function stripeRateLimits(mode: RateLimitMode): RateLimitSettings {
  return {
    mode,
    global: mode === 'live' ? 100 : 25,
    endpoint: 25,
    endpoints: {
      'POST /v1/files': 20,
      'GET /v1/files': 20,
      'GET /v1/files/:id': 20,
      'GET /v1/files/:id/contents': 20,
    },
  };
}

/** Which limit a refused request hit, as Stripe's `Stripe-Rate-Limited-Reason` header names it. */
export type RateLimitedReason = 'global-rate' | 'endpoint-rate';

/**
 * Counts requests in fixed one-second windows (`floor(now / 1000)`), so a test that controls the clock (or
 * sends its burst within one window) knows exactly which request is refused. Off until `enable()`.
 */
export class RateLimiter {
  private settings: RateLimitSettings | null = null;
  private window = Number.NaN;
  private global = 0;
  private readonly perEndpoint = new Map<string, number>();
  private refusedCount = 0;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Enforces `settings` from now on (counts start afresh). */
  enable(settings: RateLimitSettings): void {
    this.settings = settings;
    this.window = Number.NaN;
  }

  disable(): void {
    this.settings = null;
  }

  /** The limits in force, or `null` when off; `refused` counts 429s answered since start. */
  status(): { enabled: boolean; refused: number; limits: RateLimitSettings | null } {
    return { enabled: this.settings !== null, refused: this.refusedCount, limits: this.settings };
  }

  /**
   * Counts one request on `endpoint` (`METHOD /v1/route/:param`); returns why it is refused, or `null`. A
   * refused request uses up nothing (as a token bucket refuses without taking a token; Stripe does not say), so
   * each window serves exactly its limit however many clients retry into it.
   */
  take(endpoint: string): RateLimitedReason | null {
    const settings = this.settings;
    if (!settings) return null;
    const window = Math.floor(this.now() / 1000);
    if (window !== this.window) {
      this.window = window;
      this.global = 0;
      this.perEndpoint.clear();
    }
    const onEndpoint = (this.perEndpoint.get(endpoint) ?? 0) + 1;
    const reason: RateLimitedReason | null =
      onEndpoint > (settings.endpoints[endpoint] ?? settings.endpoint)
        ? 'endpoint-rate'
        : this.global + 1 > settings.global
          ? 'global-rate'
          : null;
    if (reason) {
      this.refusedCount += 1;
      return reason;
    }
    this.perEndpoint.set(endpoint, onEndpoint);
    this.global += 1;
    return null;
  }
}

/**
 * Stripe's answer to a rate-limited request: 429, `Stripe-Rate-Limited-Reason`, and an `invalid_request_error`
 * with code `rate_limit` (the SDK raises `StripeRateLimitError` for any 429). No `Stripe-Should-Retry`
 * header and no `Retry-After`: Stripe documents neither for rate limits, and the SDK does not retry a 429
 * without `Stripe-Should-Retry: true` (stripe-node #1110), so the caller has to back off itself.
 */
export function rateLimitError(reason: RateLimitedReason): StripeApiError {
  return new StripeApiError(
    429,
    {
      type: 'invalid_request_error',
      code: 'rate_limit',
      doc_url: 'https://docs.stripe.com/error-codes/rate-limit',
      message:
        'Request rate limit exceeded. Learn more about rate limits here https://docs.stripe.com/rate-limits.',
    },
    { 'Stripe-Rate-Limited-Reason': reason },
  );
}
