import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver, waitFor } from '../../sandbox/testing.ts';
import { problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import {
  addCompleteEvidence,
  answeredDispute,
  chargeOf,
  extract,
  merchantPolicies,
  openSandboxDispute,
  payRequest,
  shipmentBody,
} from './test-helpers.ts';
import { createRequest } from '../../test/payments.ts';

let t: TestServer;
let receiver: WebhookReceiver;
/** A merchant with service description, terms and refund policy, submitting automatically. */
let full: string;
/** A merchant with no policies at all. */
let bare: string;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  t = await startTestServer({ env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000' } });
  stripe = t.sandbox.stripeClient();
  full = (await t.merchant({ webhookUrl: receiver.url })).apiKey;
  bare = (await t.merchant()).apiKey;
  const settings = await t.request('POST', '/v1/settings/disputes', { key: full, body: merchantPolicies });
  expect(settings.status, settings.text).toBe(200);
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

type Json = Record<string, unknown>;
const evidenceOf = (d: Json) =>
  d.evidence as {
    fields: Record<string, string>;
    missing: { item: string }[];
    left_out: { field: string; reason: string }[];
    complete: boolean;
    files: { field: string; file: string }[];
  };

async function fileType(id: string): Promise<string> {
  return (await stripe.files.retrieve(id)).type ?? '';
}

/** An uploaded file's text, read back from the sandbox's Files API with a PDF reader. */
async function fileText(id: string): Promise<string> {
  const res = await fetch(`${t.sandbox.url}/v1/files/${id}/contents`, {
    headers: { authorization: `Bearer ${t.sandbox.secretKey}` },
  });
  return (await extract(new Uint8Array(await res.arrayBuffer()))).text;
}

describe('end to end: a product-not-received dispute answered with the shipment’s evidence', () => {
  it('pays with 4000000000002685 and ends with the evidence submitted to the sandbox’s dispute', async () => {
    const id = await createRequest(t, full, { carrier: { name: 'Iberia Cargo' } });
    await addCompleteEvidence(t, full, id);
    // The card digits go to the sandbox with the publishable key, as the Payment Element frame sends them.
    const card = new URLSearchParams({
      type: 'card',
      'card[number]': '4000000000002685',
      'card[exp_month]': '12',
      'card[exp_year]': '2031',
      'card[cvc]': '123',
    });
    const created = await fetch(`${t.sandbox.url}/v1/payment_methods`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.sandbox.publishableKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: card,
    });
    const pm = (await created.json()) as { id: string; card: { last4: string } };
    expect(pm.card.last4).toBe('2685');
    await payRequest(t, id, pm.id);
    const answered = await answeredDispute(t, full, id);

    expect(answered).toMatchObject({
      reason: 'product_not_received',
      response: 'submitted',
      payment_request: id,
    });
    const evidence = evidenceOf(answered);
    expect(evidence.complete).toBe(true);
    expect(evidence.missing).toEqual([]);
    // Answered within seconds of the dispute being opened.
    const seconds =
      (Date.parse(String(answered.submitted_at)) - Date.parse(String(answered.opened_at))) / 1000;
    expect(seconds).toBeLessThan(10);
    console.info(`[measure] dispute answered ${seconds.toFixed(2)} s after it was opened`);

    const dispute = await stripe.disputes.retrieve(String(answered.id));
    expect(dispute.status).toBe('under_review');
    expect(dispute.evidence_details.submission_count).toBe(1);
    expect(answered.due_by).toBe(new Date((dispute.evidence_details.due_by as number) * 1000).toISOString());
    const e = dispute.evidence;
    expect(e.shipping_carrier).toBe('Iberia Cargo');
    expect(e.shipping_tracking_number).toBe('IB-7731-0042');
    expect(e.shipping_date).toBe('2026-11-10');
    expect(e.service_date).toBe('2026-11-12');
    expect(e.shipping_address).toBe('Calle de Alcalá 12, 28014 Madrid, ES');
    expect(e.customer_name).toBe('Berta Buyer');
    expect(e.customer_email_address).toBe('buyer@example.com');
    expect(e.product_description).toContain('Air freight Frankfurt → Madrid');
    expect(e.uncategorized_text).toContain('tracking number IB-7731-0042');
    expect(e.uncategorized_text).toContain('signed for by B. Buyer');
    for (const field of [
      'shipping_documentation',
      'customer_communication',
      'service_documentation',
      'refund_policy',
    ] as const) {
      expect(typeof e[field], field).toBe('string');
      expect(await fileType(e[field] as string)).toBe('pdf');
    }
    const log = await fileText(e.customer_communication as string);
    expect(log).toContain('Where is my shipment?');
    expect(await fileText(e.shipping_documentation as string)).toContain('Signed: B. Buyer');

    const notice = await waitFor(() =>
      receiver.received
        .map((r) => JSON.parse(r.body) as Json)
        .find((b) => b.type === 'payment_request.dispute_evidence'),
    );
    const data = notice.data as { dispute: Json; object: Json };
    expect(data.dispute).toMatchObject({
      id: dispute.id,
      reason: 'product_not_received',
      amount: 12_500,
      currency: 'eur',
      due_by: answered.due_by,
      response: 'submitted',
      missing: [],
    });
    expect(data.dispute.evidence_sent).toContain('shipping_documentation');
    expect(JSON.stringify(notice)).not.toContain('buyer@example.com');
    expect(JSON.stringify(notice)).not.toContain('Calle de Alcal');
  });
});

const REASONS: [reason: string, files: string[], text: string[], missingWhenBare: string[]][] = [
  [
    'product_not_received',
    ['shipping_documentation', 'customer_communication', 'service_documentation', 'refund_policy'],
    ['shipping_tracking_number', 'shipping_address', 'refund_policy_disclosure'],
    ['shipment', 'proof_of_delivery', 'communication', 'service', 'refund_policy'],
  ],
  [
    'fraudulent',
    ['shipping_documentation', 'customer_communication', 'service_documentation'],
    ['customer_purchase_ip', 'access_activity_log', 'shipping_tracking_number'],
    ['shipment', 'proof_of_delivery', 'communication', 'service'],
  ],
  [
    'unrecognized',
    ['shipping_documentation', 'customer_communication', 'service_documentation'],
    ['customer_purchase_ip', 'access_activity_log', 'customer_email_address'],
    ['service', 'shipment', 'proof_of_delivery', 'communication'],
  ],
  [
    'duplicate',
    ['customer_communication', 'service_documentation'],
    ['duplicate_charge_explanation', 'shipping_tracking_number'],
    ['service', 'shipment', 'communication'],
  ],
  [
    'credit_not_processed',
    ['refund_policy', 'customer_communication', 'service_documentation'],
    ['refund_policy_disclosure', 'shipping_date'],
    ['refund_policy', 'communication', 'service', 'shipment'],
  ],
  [
    'product_unacceptable',
    ['service_documentation', 'shipping_documentation', 'customer_communication', 'refund_policy'],
    ['product_description', 'service_date'],
    ['service', 'proof_of_delivery', 'shipment', 'communication', 'refund_policy'],
  ],
  [
    'subscription_canceled',
    ['cancellation_policy', 'customer_communication', 'service_documentation'],
    ['cancellation_policy_disclosure', 'customer_name'],
    ['terms', 'communication', 'service'],
  ],
  [
    'general',
    [
      'service_documentation',
      'shipping_documentation',
      'customer_communication',
      'cancellation_policy',
      'refund_policy',
    ],
    ['shipping_carrier', 'product_description'],
    ['service', 'shipment', 'proof_of_delivery', 'communication', 'terms', 'refund_policy'],
  ],
];

describe('evidence chosen by dispute reason', () => {
  it.each(REASONS)(
    '%s: a complete payment request sends its files and fields, nothing missing',
    async (reason, files, text) => {
      const id = await createRequest(t, full);
      await addCompleteEvidence(t, full, id);
      const charge = await chargeOf(t, await payRequest(t, id));
      await openSandboxDispute(t, charge, reason);
      const answered = await answeredDispute(t, full, id);
      const evidence = evidenceOf(answered);
      expect(answered.response).toBe('submitted');
      expect(evidence.missing).toEqual([]);
      expect(evidence.complete).toBe(true);
      expect(evidence.files.map((f) => f.field).sort()).toEqual([...files].sort());
      const dispute = await stripe.disputes.retrieve(String(answered.id));
      for (const field of files)
        expect(await fileType(String(dispute.evidence[field as keyof Stripe.Dispute.Evidence]))).toBe('pdf');
      for (const field of [...text, 'uncategorized_text', 'customer_name']) {
        expect(dispute.evidence[field as keyof Stripe.Dispute.Evidence], field).toEqual(expect.any(String));
      }
    },
  );

  it.each(REASONS)(
    '%s: a request with no shipment data is still answered, listing what is missing',
    async (reason, _files, _text, missing) => {
      const id = await createRequest(t, bare);
      const charge = await chargeOf(t, await payRequest(t, id));
      await openSandboxDispute(t, charge, reason);
      const answered = await answeredDispute(t, bare, id);
      const evidence = evidenceOf(answered);
      expect(answered.response).toBe('submitted');
      expect(evidence.complete).toBe(false);
      expect(evidence.missing.map((m) => m.item).sort()).toEqual([...missing].sort());
      const dispute = await stripe.disputes.retrieve(String(answered.id));
      expect(dispute.status).toBe('under_review');
      expect(dispute.evidence.shipping_tracking_number).toBeNull();
      expect(dispute.evidence.customer_name).toBe('Berta Buyer');
      expect(dispute.evidence.uncategorized_text).toContain(id);
    },
  );
});

describe('delivery evidence endpoints', () => {
  it('takes a PNG proof of delivery by its bytes, whatever the Content-Type says', async () => {
    const id = await createRequest(t, full);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 1),
    ]);
    const res = await fetch(`${t.url}/v1/payment-requests/${id}/proof-of-delivery`, {
      method: 'POST',
      headers: { authorization: `Bearer ${full}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(png),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ type: 'png', size: png.length, pages: 1 });
  });

  it('refuses a file that is not a PDF, PNG or JPEG even when it claims to be one', async () => {
    const id = await createRequest(t, full);
    const res = await fetch(`${t.url}/v1/payment-requests/${id}/proof-of-delivery`, {
      method: 'POST',
      headers: { authorization: `Bearer ${full}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(Buffer.from('GIF89a not a pdf')),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).type).toBe(problemType('evidence-file-invalid'));
  });

  it('refuses a proof of delivery over 5 MB', async () => {
    const id = await createRequest(t, full);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const res = await fetch(`${t.url}/v1/payment-requests/${id}/proof-of-delivery`, {
      method: 'POST',
      headers: { authorization: `Bearer ${full}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(big),
    });
    expect(res.status).toBe(413);
  });

  it('keeps delivery data sealed in the database', async () => {
    const id = await createRequest(t, full);
    await addCompleteEvidence(t, full, id);
    const rows = await t.rows('SELECT data_sealed FROM shipments WHERE payment_request_id = ?', [id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('Alcal');
    expect(JSON.stringify(await t.rows('SELECT * FROM evidence_messages'))).not.toContain(
      'Where is my shipment',
    );
    const back = await t.request('GET', `/v1/payment-requests/${id}/evidence`, { key: full });
    expect(back.json.shipment).toEqual(shipmentBody);
    expect((back.json.messages as unknown[]).length).toBe(2);
  });

  it('answers another merchant’s request as not found', async () => {
    const id = await createRequest(t, full);
    const res = await t.request('POST', `/v1/payment-requests/${id}/shipment`, {
      key: bare,
      body: shipmentBody,
    });
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(problemType('payment-request-not-found'));
  });

  it('uses per-request policies over the merchant’s', async () => {
    const id = await createRequest(t, full);
    await addCompleteEvidence(t, full, id);
    const res = await t.request('POST', `/v1/payment-requests/${id}/policies`, {
      key: full,
      body: { refund_policy: 'Special deal: no refunds on this charter.' },
    });
    expect(res.status).toBe(200);
    const charge = await chargeOf(t, await payRequest(t, id));
    await openSandboxDispute(t, charge, 'credit_not_processed');
    const answered = await answeredDispute(t, full, id);
    const dispute = await stripe.disputes.retrieve(String(answered.id));
    expect(dispute.evidence.refund_policy_disclosure).toContain('Special deal: no refunds on this charter.');
    expect(await fileText(String(dispute.evidence.refund_policy))).toContain('Special deal');
  });
});
