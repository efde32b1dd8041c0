import Stripe from 'stripe';

/**
 * Everything the server needs to talk to Stripe, or to the offline sandbox standing in for it. Built once in
 * `main.ts` (or by a test) and handed to `createApp` through its deps.
 */
export interface StripeLink {
  client: Stripe;
  publishableKey: string;
  /** Signing secret of the webhook endpoint `/v1/webhooks/stripe`; `null` refuses every delivery. */
  webhookSecret: string | null;
  /** The sandbox's stand-in Stripe.js (`…/v3/`), or `null` with real Stripe. */
  stripeJsUrl: string | null;
  /** Sandbox origin, for the page CSP; `null` with real Stripe. */
  sandboxOrigin: string | null;
}

/** A Stripe SDK client; `base` points it at the sandbox instead of api.stripe.com. */
export function stripeClient(
  secretKey: string,
  base?: { host: string; port: number; protocol: 'http' | 'https' },
): Stripe {
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 15_000,
    appInfo: { name: 'CargoPay' },
    ...(base ? { host: base.host, port: base.port, protocol: base.protocol } : {}),
  });
}

/** Whether Stripe (or the sandbox) answers: a cheap authenticated read. */
export async function stripeReachable(client: Stripe): Promise<boolean> {
  try {
    await client.balance.retrieve(undefined, { timeout: 3_000, maxNetworkRetries: 0 });
    return true;
  } catch (error) {
    return error instanceof Stripe.errors.StripeError &&
      !(error instanceof Stripe.errors.StripeConnectionError) &&
      !(error instanceof Stripe.errors.StripeAuthenticationError)
      ? true
      : false;
  }
}
