import { waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, paymentRequestBody, type TestServer } from '../../test/harness.ts';

/**
 * A €120.00 manual-capture request the buyer's card (`card`) authorized, once CargoPay says so, with its
 * PaymentIntent and the hold's deadline as CargoPay stored it (7 days on for the sandbox's online payments).
 */
export async function authorizedRequest(
  t: TestServer,
  key: string,
  overrides: Record<string, unknown> = {},
  card = 'pm_card_visa',
): Promise<{ id: string; pi: string; captureBefore: number }> {
  const created = await t.request('POST', '/v1/payment-requests', {
    key,
    body: paymentRequestBody({ amount: 12_000, capture: 'manual', ...overrides }),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.text}`);
  const id = String(created.json.id);
  const intent = await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
  const pi = String(intent.json.payment_intent);
  await pay(t, pi, card);
  const held = await waitFor(
    async () => {
      const pr = await t.store.paymentRequests.get(id);
      return pr?.status === 'authorized' && pr.captureBefore !== null ? pr : undefined;
    },
    5_000,
    'authorized, with its capture_before',
  );
  return { id, pi, captureBefore: Date.parse(held.captureBefore as string) };
}

/** Sets the server's clock to `at` (ms since the epoch); the sandbox keeps the wall clock. */
export function setClock(t: TestServer, at: number): void {
  t.clock.offsetMs = at - Date.now();
}

/** The types of the notifications about `pr`, oldest first. */
export async function notificationTypes(t: TestServer, key: string, pr: string): Promise<string[]> {
  const res = await t.request('GET', `/v1/events?payment_request=${pr}&limit=100`, { key });
  return (res.json.data as { type: string }[]).map((e) => e.type).reverse();
}

/** The notifications of one type about `pr`, as the merchant would receive them. */
export async function notificationsOf(
  t: TestServer,
  key: string,
  pr: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  const res = await t.request('GET', `/v1/events?payment_request=${pr}&limit=100`, { key });
  return (res.json.data as { type: string; payload: Record<string, unknown> }[])
    .filter((e) => e.type === type)
    .map((e) => e.payload);
}

/** POSTs a sandbox control call (`/_sandbox/…`), failing the test when the sandbox refuses it. */
export async function sandboxControl(t: TestServer, path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${t.sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
