/**
 * Calls to the sandbox's `/v1` API from the browser, authenticated with the publishable key in
 * `Authorization: Bearer pk_…` (the sandbox reads keys from that header only), form-encoded as Stripe's API
 * expects. Calls from the merchant page are cross-origin, so the sandbox answers their CORS preflight.
 */
import type { StripeError } from '@stripe/stripe-js';

export type Params = { [key: string]: string | number | boolean | null | undefined | Params };

/** Encodes nested parameters the way Stripe's API reads them: `card[number]=…&billing_details[address][country]=…`. */
export function formEncode(params: Params, prefix = ''): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (typeof value === 'object') {
      const nested = formEncode(value, name);
      if (nested) parts.push(nested);
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.join('&');
}

/** The answer of one call: the object, or the error as Stripe's API shapes it. */
export type ApiResult<T> = { ok: true; body: T } | { ok: false; error: StripeError };

/** One request to `<origin><path>`; network failures become an `api_connection_error`, never a throw. */
export async function apiRequest<T>(
  origin: string,
  publishableKey: string,
  method: 'GET' | 'POST',
  path: string,
  params: Params,
): Promise<ApiResult<T>> {
  const encoded = formEncode(params);
  const url = method === 'GET' && encoded ? `${origin}${path}?${encoded}` : `${origin}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'omit',
      headers: {
        Authorization: `Bearer ${publishableKey}`,
        ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: method === 'POST' ? encoded : null,
    });
  } catch {
    return {
      ok: false,
      error: { type: 'api_connection_error', message: 'Could not reach the Stripe sandbox.' },
    };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body && typeof body === 'object') return { ok: true, body: body as T };
  const error = (body as { error?: StripeError } | null)?.error;
  return {
    ok: false,
    error:
      error && typeof error === 'object'
        ? error
        : { type: 'api_error', message: `The Stripe sandbox answered HTTP ${response.status}.` },
  };
}
