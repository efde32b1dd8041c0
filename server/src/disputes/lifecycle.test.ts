import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import {
  addCompleteEvidence,
  answeredDispute,
  chargeOf,
  createIntent,
  merchantPolicies,
  openSandboxDispute,
  payRequest,
  podPdf,
} from './test-helpers.ts';
import { createRequest } from '../../test/payments.ts';

let t: TestServer;
let stripe: Stripe;
/** Keeps evidence as a draft for review. */
let drafting: string;

beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000' } });
  stripe = t.sandbox.stripeClient();
  drafting = (await t.merchant()).apiKey;
  const res = await t.request('POST', '/v1/settings/disputes', {
    key: drafting,
    body: { ...merchantPolicies, submission: 'draft' },
  });
  expect(res.json.submission).toBe('draft');
});
afterAll(() => t.close());

type Json = Record<string, unknown>;

async function draftedDispute(reason = 'product_not_received', complete = true) {
  const id = await createRequest(t, drafting);
  if (complete) await addCompleteEvidence(t, drafting, id);
  const charge = await chargeOf(t, await payRequest(t, id));
  await openSandboxDispute(t, charge, reason);
  const answered = await answeredDispute(t, drafting, id);
  return { id, dispute: String(answered.id), answered };
}

describe('automatic submission or a draft for review', () => {
  it('stages the evidence without submitting when the merchant reviews first, then submits on request', async () => {
    const { dispute, answered } = await draftedDispute();
    expect(answered.response).toBe('draft');
    expect(answered.submitted_at).toBeNull();
    const staged = await stripe.disputes.retrieve(dispute);
    expect(staged.status).toBe('needs_response');
    expect(staged.evidence_details.has_evidence).toBe(true);
    expect(staged.evidence_details.submission_count).toBe(0);
    expect(staged.evidence.shipping_tracking_number).toBe('IB-7731-0042');

    const submitted = await t.request('POST', `/v1/disputes/${dispute}/submit`, { key: drafting });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json.response).toBe('submitted');
    expect(submitted.json.submitted_at).toEqual(expect.any(String));
    expect((await stripe.disputes.retrieve(dispute)).status).toBe('under_review');
  });

  it('adds the merchant’s own text to the compiled evidence before submitting', async () => {
    const { dispute } = await draftedDispute('credit_not_processed');
    const res = await t.request('POST', `/v1/disputes/${dispute}/evidence`, {
      key: drafting,
      body: { text: { refund_refusal_explanation: 'The goods were delivered and signed for.' } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.response).toBe('draft');
    const staged = await stripe.disputes.retrieve(dispute);
    expect(staged.evidence.refund_refusal_explanation).toBe('The goods were delivered and signed for.');
    expect(staged.evidence.refund_policy).toEqual(expect.stringMatching(/^file_/));
  });

  it('reminds the merchant once of a draft still unsubmitted 48 hours before it is due', async () => {
    const { id, dispute, answered } = await draftedDispute();
    const events = async () =>
      (
        (await t.request('GET', `/v1/events?payment_request=${id}`, { key: drafting })).json.data as Json[]
      ).map((e) => e.type);
    expect(await events()).not.toContain('payment_request.dispute_due_soon');
    t.clock.offsetMs = new Date(String(answered.due_by)).getTime() - Date.now() - 47 * 3_600_000;
    try {
      const reminded = await waitFor(async () => {
        const types = await events();
        return types.includes('payment_request.dispute_due_soon') ? types : undefined;
      });
      expect(reminded.filter((type) => type === 'payment_request.dispute_due_soon')).toHaveLength(1);
      await t.app.webhooks.drain();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await events()).filter((type) => type === 'payment_request.dispute_due_soon')).toHaveLength(1);
    } finally {
      t.clock.offsetMs = 0;
    }
    expect((await t.request('GET', `/v1/disputes/${dispute}`, { key: drafting })).json.response).toBe(
      'draft',
    );
  });

  it('refuses evidence once the due date has passed', async () => {
    const { dispute, answered } = await draftedDispute();
    t.clock.offsetMs = new Date(String(answered.due_by)).getTime() - Date.now() + 60_000;
    try {
      const res = await t.request('POST', `/v1/disputes/${dispute}/submit`, { key: drafting });
      expect(res.status).toBe(409);
      expect(res.json.type).toBe(problemType('dispute-past-due'));
    } finally {
      t.clock.offsetMs = 0;
    }
    expect((await stripe.disputes.retrieve(dispute)).status).toBe('needs_response');
  });

  it('refuses a second submission and answers another merchant’s dispute as not found', async () => {
    const { dispute } = await draftedDispute();
    expect((await t.request('POST', `/v1/disputes/${dispute}/submit`, { key: drafting })).status).toBe(200);
    await waitFor(async () => {
      const d = await t.request('GET', `/v1/disputes/${dispute}`, { key: drafting });
      return d.json.status === 'under_review';
    });
    const again = await t.request('POST', `/v1/disputes/${dispute}/submit`, { key: drafting });
    expect(again.status).toBe(409);
    expect(again.json.type).toBe(problemType('dispute-not-open'));
    const other = (await t.merchant()).apiKey;
    const hidden = await t.request('GET', `/v1/disputes/${dispute}`, { key: other });
    expect(hidden.status).toBe(404);
    expect(hidden.json.type).toBe(problemType('dispute-not-found'));
  });
});

describe('outcomes and stats', () => {
  it('records won and lost outcomes from charge.dispute.closed and reports win rates by completeness', async () => {
    const merchant = await t.merchant();
    const key = merchant.apiKey;
    await t.request('POST', '/v1/settings/disputes', {
      key,
      body: { ...merchantPolicies, submission: 'draft' },
    });
    let n = 0;
    const open = async (complete: boolean) => {
      // Each buyer distinct: a lost dispute counts against the same email next time.
      const id = await createRequest(t, key, {
        customer: { email: `stats-${n++}@example.com`, name: 'Stats Buyer' },
      });
      if (complete) await addCompleteEvidence(t, key, id);
      const charge = await chargeOf(t, await payRequest(t, id));
      await openSandboxDispute(t, charge, 'product_not_received');
      return String((await answeredDispute(t, key, id)).id);
    };
    const wonComplete = await open(true);
    const lostComplete = await open(true);
    const lostBare = await open(false);
    const stillOpen = await open(false);

    // The sandbox closes a dispute as won when the submitted uncategorized_text says winning_evidence.
    const win = await t.request('POST', `/v1/disputes/${wonComplete}/evidence`, {
      key,
      body: { text: { uncategorized_text: 'winning_evidence' }, submit: true },
    });
    expect(win.status, win.text).toBe(200);
    for (const id of [lostComplete, lostBare]) {
      expect((await t.request('POST', `/v1/disputes/${id}/submit`, { key })).status).toBe(200);
      const closed = await fetch(`${t.sandbox.url}/_sandbox/disputes/${id}/close`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'lost' }),
      });
      expect(closed.status).toBe(200);
    }
    for (const [id, outcome] of [
      [wonComplete, 'won'],
      [lostComplete, 'lost'],
      [lostBare, 'lost'],
    ] as const) {
      const d = await waitFor(async () => {
        const res = await t.request('GET', `/v1/disputes/${id}`, { key });
        return res.json.outcome ? res.json : undefined;
      });
      expect(d.outcome, id).toBe(outcome);
      expect(d.closed_at).toEqual(expect.any(String));
    }
    const stats = await t.request('GET', '/v1/disputes/stats', { key });
    expect(stats.json).toMatchObject({
      disputes: 4,
      open: 1,
      closed: 3,
      won: 1,
      lost: 2,
      win_rate: 0.333,
      with_complete_evidence: { closed: 2, won: 1, win_rate: 0.5 },
      without_complete_evidence: { closed: 1, won: 0, win_rate: 0 },
      responded: 3,
    });
    expect(stats.json.average_response_seconds).toEqual(expect.any(Number));
    const list = await t.request('GET', '/v1/disputes?limit=2', { key });
    expect((list.json.data as Json[]).length).toBe(2);
    expect(list.json.has_more).toBe(true);
    const rest = await t.request(
      'GET',
      `/v1/disputes?limit=10&starting_after=${String(list.json.next_cursor)}`,
      { key },
    );
    const ids = [...(list.json.data as Json[]), ...(rest.json.data as Json[])].map((d) => d.id);
    expect(ids.sort()).toEqual([wonComplete, lostComplete, lostBare, stillOpen].sort());
  });
});

describe('arrival order, inquiries and limits', () => {
  it('answers a dispute that arrives before the payment’s own success event, and the late success changes nothing', async () => {
    const late = await startTestServer({
      sandbox: t.sandbox,
      registerWebhook: false,
      env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000' },
    });
    try {
      const key = (await late.merchant()).apiKey;
      await late.request('POST', '/v1/settings/disputes', { key, body: merchantPolicies });
      const id = await createRequest(late, key);
      await addCompleteEvidence(late, key, id);
      const res = await createIntent(late, id);
      const pi = String(res.json.payment_intent);
      const before = t.sandbox.events().length;
      await stripe.paymentIntents.confirm(pi, {
        payment_method: 'pm_card_createDisputeProductNotReceived',
        return_url: 'https://shop.example/done',
      });
      const events = await waitFor(() => {
        const mine = t.sandbox
          .events()
          .slice(before)
          .filter((e) => JSON.stringify(e.data.object).includes(pi));
        return mine.some((e) => e.type === 'charge.dispute.created') ? mine : undefined;
      });
      const deliver = async (event: Stripe.Event) => {
        const payload = JSON.stringify(event);
        const header = stripe.webhooks.generateTestHeaderString({ payload, secret: late.webhookSecret });
        const r = await late.request('POST', '/v1/webhooks/stripe', {
          rawBody: payload,
          headers: { 'stripe-signature': header, 'content-type': 'application/json' },
        });
        expect(r.status).toBe(200);
      };
      await deliver(events.find((e) => e.type === 'charge.dispute.created') as Stripe.Event);
      const answered = await answeredDispute(late, key, id);
      expect(answered.response).toBe('submitted');
      expect((answered.evidence as Json).complete).toBe(true);
      await waitFor(
        async () =>
          (await late.request('GET', `/v1/payment-requests/${id}`, { key })).json.status === 'disputed',
      );
      await deliver(events.find((e) => e.type === 'payment_intent.succeeded') as Stripe.Event);
      await late.app.webhooks.drain();
      expect((await late.request('GET', `/v1/payment-requests/${id}`, { key })).json.status).toBe('disputed');
    } finally {
      await late.close();
    }
  });

  it('answers an inquiry (4000000000001976) as a warning, within its own due date', async () => {
    const id = await createRequest(t, drafting);
    await addCompleteEvidence(t, drafting, id);
    await payRequest(t, id, 'pm_card_createDisputeInquiry');
    const answered = await answeredDispute(t, drafting, id);
    expect(answered).toMatchObject({
      inquiry: true,
      reason: 'general',
      status: 'warning_needs_response',
      response: 'draft',
    });
    const res = await t.request('POST', `/v1/disputes/${String(answered.id)}/submit`, { key: drafting });
    expect(res.status).toBe(200);
    expect((await stripe.disputes.retrieve(String(answered.id))).status).toBe('warning_under_review');
  });

  it('keeps a Mastercard dispute within 19 pages: shortens the communication log to leave room for the rest, and says so', async () => {
    const key = (await t.merchant()).apiKey;
    await t.request('POST', '/v1/settings/disputes', { key, body: merchantPolicies });
    const id = await createRequest(t, key);
    const pod = await fetch(`${t.url}/v1/payment-requests/${id}/proof-of-delivery`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(podPdf(15)),
    });
    const podJson = (await pod.json()) as Json;
    expect(podJson.pages, JSON.stringify(podJson)).toBe(15);
    for (let i = 0; i < 8; i++) {
      await t.request('POST', `/v1/payment-requests/${id}/messages`, {
        key,
        body: {
          channel: 'email',
          direction: i % 2 ? 'outbound' : 'inbound',
          at: `2026-11-1${i}T10:00:00Z`,
          text: `Message ${i}. ${'Long text. '.repeat(450)}`,
        },
      });
    }
    const charge = await chargeOf(t, await payRequest(t, id, 'pm_card_mastercard'));
    await openSandboxDispute(t, charge, 'product_not_received');
    const answered = await answeredDispute(t, key, id);
    expect(answered.response).toBe('submitted');
    const evidence = answered.evidence as {
      files: { field: string; pages: number }[];
      left_out: { field: string; reason: string }[];
    };
    const pages = evidence.files.reduce((n, f) => n + f.pages, 0);
    expect(pages).toBeLessThanOrEqual(19);
    expect(evidence.files.map((f) => f.field)).toEqual([
      'shipping_documentation',
      'customer_communication',
      'service_documentation',
      'refund_policy',
    ]);
    expect(evidence.left_out.map((l) => l.field)).toEqual(['customer_communication']);
    expect(evidence.left_out[0]?.reason).toMatch(/newest \d of 8 messages/);
    const dispute = await stripe.disputes.retrieve(String(answered.id));
    expect(dispute.status).toBe('under_review');
    expect(dispute.evidence.service_documentation).toEqual(expect.stringMatching(/^file_/));
  });

  /** A merchant who prefers Smart Disputes, a fully evidenced paid request disputed as not received, the answer. */
  async function disputeForSmartPreferringMerchant() {
    const key = (await t.merchant()).apiKey;
    await t.request('POST', '/v1/settings/disputes', {
      key,
      body: { ...merchantPolicies, prefer_smart_disputes: true },
    });
    const id = await createRequest(t, key);
    await addCompleteEvidence(t, key, id);
    await payRequest(t, id, 'pm_card_createDisputeProductNotReceived');
    return { key, id, answered: await answeredDispute(t, key, id) };
  }

  it('falls back to its own evidence (manual) when the merchant prefers Smart Disputes but Stripe does not offer it', async () => {
    const { answered } = await disputeForSmartPreferringMerchant();
    expect(answered.response).toBe('submitted');
    expect((await stripe.disputes.retrieve(String(answered.id))).status).toBe('under_review');
  });

  it('leaves the answer to Smart Disputes when the merchant prefers it and Stripe offers it, and records that', async () => {
    const behaviour = (smart: string) =>
      fetch(`${t.sandbox.url}/_sandbox/disputes/behaviour`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ smart_disputes: smart }),
      });
    await behaviour('available');
    try {
      const { key, id, answered } = await disputeForSmartPreferringMerchant();
      expect(answered.response).toBe('smart_disputes');
      // CargoPay compiled and uploaded nothing: Smart Disputes answers with Stripe's own evidence.
      expect(answered.evidence).toBeNull();
      const handed = await stripe.disputes.retrieve(String(answered.id));
      expect(handed.intended_submission_method).toBe('prefer_smart_disputes');
      expect(handed.evidence_details.has_evidence).toBe(false);
      // Smart Disputes then submits by itself, and the case follows Stripe's status.
      await waitFor(
        async () => {
          const res = await t.request('GET', `/v1/disputes?payment_request=${id}`, { key });
          return (res.json.data as Json[])[0]?.status === 'under_review' || undefined;
        },
        5_000,
        'the case to be under review',
      );
      const submitted = await stripe.disputes.retrieve(String(answered.id));
      expect(submitted.evidence_details.submission_method).toBe('smart_disputes');
    } finally {
      await behaviour('unavailable');
    }
  });
});
