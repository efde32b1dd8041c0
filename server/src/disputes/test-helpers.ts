import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, type TestServer } from '../../test/harness.ts';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy } from 'unpdf';

/** Helpers shared by the dispute, risk and Connect tests (real HTTP against a test server and its sandbox). */

export const SHOP = 'https://shop.example';

/** A fresh widget device id, so tests do not share velocity counts or risk signals by accident. */
export const freshDevice = (): string => `device-${randomBytes(6).toString('hex')}`;

let buyers = 0;

/**
 * A buyer as the server sees it through the trusted proxy: an address, a device and an email no other buyer of
 * this test process has. The address comes from a counter, not from chance: two buyers drawn at random from a
 * small range sometimes shared one, and a velocity test then counted the other's attempts (a red CI run).
 */
export function freshBuyer(): { ip: string; device: string; email: string } {
  const n = buyers++;
  if (n >= 131_072) throw new Error('freshBuyer: the 198.18.0.0/15 benchmark range is used up');
  return {
    ip: `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`,
    device: freshDevice(),
    email: `buyer-${n}-${randomBytes(3).toString('hex')}@example.com`,
  };
}

export function createIntent(
  t: TestServer,
  id: string,
  body: Record<string, unknown> = { ...intentBody, device_id: freshDevice() },
  headers: Record<string, string> = {},
) {
  return t.request('POST', `/v1/checkout/${id}/intent`, { body, headers: { origin: SHOP, ...headers } });
}

/** Creates the request's intent through the widget endpoint and pays it with `paymentMethod`. */
export async function payRequest(t: TestServer, id: string, paymentMethod = 'pm_card_visa'): Promise<string> {
  const res = await createIntent(t, id);
  expect(res.status, res.text).toBe(200);
  const pi = String(res.json.payment_intent);
  await pay(t, pi, paymentMethod);
  return pi;
}

export async function chargeOf(t: TestServer, pi: string): Promise<string> {
  const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(pi);
  return String(intent.latest_charge);
}

/** Opens a dispute on a charge through the sandbox's control API. */
export async function openSandboxDispute(t: TestServer, charge: string, reason: string, inquiry = false) {
  const res = await fetch(`${t.sandbox.url}/_sandbox/charges/${charge}/dispute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reason, inquiry }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string };
}

export const shipmentBody = {
  carrier: 'Iberia Cargo',
  tracking_number: 'IB-7731-0042',
  shipped_at: '2026-11-10T08:00:00Z',
  delivered_at: '2026-11-12T15:30:00Z',
  delivery_address: { line1: 'Calle de Alcalá 12', postal_code: '28014', city: 'Madrid', country: 'ES' },
  recipient: { name: 'Berta Buyer', signed_by: 'B. Buyer' },
};

/**
 * A PDF's text as a reader sees it (pdf.js, through unpdf): per page and all together, whitespace runs (line
 * breaks included) as single spaces, so a phrase wrapped across lines is still found.
 */
export async function extract(
  bytes: Uint8Array,
): Promise<{ pages: number; perPage: string[]; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  const perPage = text.map((t) => t.replace(/\s+/g, ' '));
  return { pages: totalPages, perPage, text: perPage.join(' ') };
}

/** A signed proof of delivery as a carrier's system would send it: a PDF of exactly `pages` pages. */
export function podPdf(pages = 1): Buffer {
  const pdf = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { CreationDate: new Date(0) } });
  for (let i = 0; i < pages; i++) {
    pdf
      .addPage()
      .text(
        i === 0 ? 'Proof of delivery IB-7731-0042. Received in good order. Signed: B. Buyer' : '(continued)',
      );
  }
  pdf.end();
  return pdf.read() as Buffer;
}

/** Everything a complete payment request holds: shipment, signed POD, two messages, policies. */
export async function addCompleteEvidence(t: TestServer, key: string, id: string): Promise<void> {
  const shipment = await t.request('POST', `/v1/payment-requests/${id}/shipment`, {
    key,
    body: shipmentBody,
  });
  expect(shipment.status, shipment.text).toBe(200);
  const pod = await fetch(`${t.url}/v1/payment-requests/${id}/proof-of-delivery`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
    body: new Uint8Array(podPdf()),
  });
  expect(pod.status).toBe(201);
  for (const [direction, text] of [
    ['inbound', 'Where is my shipment?'],
    ['outbound', 'Delivered on 12 November, signed by B. Buyer; proof attached.'],
  ] as const) {
    const res = await t.request('POST', `/v1/payment-requests/${id}/messages`, {
      key,
      body: { channel: 'email', direction, at: '2026-11-13T09:00:00Z', text },
    });
    expect(res.status, res.text).toBe(201);
  }
}

export const merchantPolicies = {
  service_description: 'Door-to-door air freight with signed delivery.',
  terms: 'Carriage under the Montreal Convention; claims within 14 days of delivery.',
  refund_policy: 'Full refund if the shipment is not collected; none after delivery.',
};

/** Waits until casework has answered the dispute for a request, and returns it as the disputes API shows it. */
export async function answeredDispute(t: TestServer, key: string, prId: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const res = await t.request('GET', `/v1/disputes?payment_request=${prId}`, { key });
      const first = (res.json.data as Record<string, unknown>[] | undefined)?.[0];
      return first && first.response !== 'pending' ? first : undefined;
    },
    timeoutMs,
    `dispute answer for ${prId}`,
  );
}
