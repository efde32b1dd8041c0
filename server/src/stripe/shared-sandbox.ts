import { SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY } from '../../sandbox/keys.ts';
import { stripeClient, type StripeLink } from './link.ts';

/** Why this instance cannot use the stand-alone sandbox at `STRIPE_SANDBOX_URL`; the message says what to do. */
export class SharedSandboxError extends Error {
  override name = 'SharedSandboxError';
}

export interface SharedSandboxOptions {
  /** The sandbox's origin (`STRIPE_SANDBOX_URL`), without a trailing slash. */
  sandboxUrl: string;
  /** Where the sandbox delivers events: `${PUBLIC_URL}/v1/webhooks/stripe`, the same for every instance. */
  webhookUrl: string;
  /** `STRIPE_WEBHOOK_SECRET` when set; `null` lets the sandbox choose the secret and tell every instance. */
  webhookSecret: string | null;
}

interface RegisteredEndpoint {
  id?: unknown;
  secret?: unknown;
  error?: { message?: unknown };
}

/**
 * Uses a running `npm run sandbox` instead of starting one in this process, so that several instances share
 * its payments. Registers `webhookUrl` with it: the sandbox keeps one endpoint per URL, so instances behind
 * one public URL get each event once between them, and all verify with the secret that endpoint signs with.
 */
export async function connectSharedSandbox(options: SharedSandboxOptions): Promise<StripeLink> {
  const { sandboxUrl, webhookUrl } = options;
  let response: Response;
  try {
    response = await fetch(`${sandboxUrl}/_sandbox/webhook_endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: webhookUrl,
        ...(options.webhookSecret ? { secret: options.webhookSecret } : {}),
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new SharedSandboxError(
      `STRIPE_SANDBOX_URL: no sandbox answers at ${sandboxUrl} (${describeCause(error)}). Start it with \`npm run sandbox\` (it prints its URL), or unset STRIPE_SANDBOX_URL to run one in this process.`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as RegisteredEndpoint;
  if (response.status === 409) {
    throw new SharedSandboxError(
      `STRIPE_SANDBOX_URL: the sandbox at ${sandboxUrl} already delivers to ${webhookUrl} with another signing secret. Give every instance the same STRIPE_WEBHOOK_SECRET, or leave it unset on all of them.`,
    );
  }
  const secret = options.webhookSecret ?? body.secret;
  if (!response.ok || typeof body.id !== 'string' || typeof secret !== 'string') {
    const detail = typeof body.error?.message === 'string' ? `: ${body.error.message}` : '';
    throw new SharedSandboxError(
      `STRIPE_SANDBOX_URL: ${sandboxUrl} did not register the webhook endpoint ${webhookUrl} (HTTP ${response.status}${detail}); is it CargoPay's \`npm run sandbox\`?`,
    );
  }
  const origin = new URL(sandboxUrl);
  const protocol = origin.protocol === 'https:' ? 'https' : 'http';
  return {
    client: stripeClient(SANDBOX_SECRET_KEY, {
      host: origin.hostname.replace(/^\[|\]$/g, ''),
      port: Number(origin.port || (protocol === 'https' ? 443 : 80)),
      protocol,
    }),
    publishableKey: SANDBOX_PUBLISHABLE_KEY,
    webhookSecret: secret,
    stripeJsUrl: `${sandboxUrl}/v3/`,
    sandboxOrigin: sandboxUrl,
  };
}

/** The connection error's own reason (`ECONNREFUSED`, a timeout), which fetch wraps in "fetch failed". */
function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) return (cause as { code?: string }).code ?? cause.message;
  return String(cause);
}
