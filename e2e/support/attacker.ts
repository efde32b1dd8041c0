import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { SANDBOX_SECRET_KEY } from '../../server/sandbox/keys.ts';

/**
 * What the security and reliability suites send: Stripe events signed as Stripe signs them (the SDK's own
 * test header), and the sizes of the time-bounded and full forms.
 */

/** `E2E_FULL=1` (`npm run test:security`, `npm run test:reliability`) selects the full counts. */
export const FULL = process.env.E2E_FULL === '1';

/** The SDK, used only for its signing helper (no request is made with this key). */
const signer = new Stripe('sk_test_signing_only');

export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** A Stripe.Event-shaped JSON body. */
export function eventPayload(
  type: string,
  object: Record<string, unknown>,
  o: { id?: string; created?: number } = {},
): string {
  return JSON.stringify({
    id: o.id ?? `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2025-01-01',
    created: o.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
}

/** POSTs a signed event to the server's Stripe webhook endpoint. */
export async function postEvent(
  base: string,
  payload: string,
  secret: string,
  o: { timestamp?: number; signature?: string } = {},
): Promise<Response> {
  return fetch(`${base}/v1/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': o.signature ?? stripeSignature(payload, secret, o.timestamp),
    },
    body: payload,
    signal: AbortSignal.timeout(10_000),
  });
}

/** The real SDK against the sandbox running inside a server process. */
export function sandboxClient(sandboxUrl: string): Stripe {
  const u = new URL(sandboxUrl);
  return new Stripe(SANDBOX_SECRET_KEY, {
    host: u.hostname,
    port: Number(u.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}
