import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { SANDBOX_SECRET_KEY } from '../keys.ts';
import type { Sandbox } from '../sandbox.ts';
import { useTestSandbox } from '../test-sandbox-hooks.ts';
import { waitFor } from '../testing.ts';

let sandbox: Sandbox;
let stripe: Stripe;

useTestSandbox((started) => ({ sandbox, stripe } = started));

/** A PDF-looking file with `pages` page objects (enough for the sandbox's page count). */
function pdf(pages: number, padTo = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Pages /Count ${pages} >> endobj\n${'<< /Type /Page >>\n'.repeat(pages)}%%EOF\n`;
  return Buffer.concat([Buffer.from(body), Buffer.alloc(Math.max(0, padTo - body.length), 32)]);
}

function upload(data: Buffer, name = 'evidence.pdf'): Promise<Stripe.File> {
  return stripe.files.create({ purpose: 'dispute_evidence', file: { data, name, type: 'application/pdf' } });
}

async function paidCharge(pm = 'pm_card_visa'): Promise<Stripe.Charge> {
  const intent = await stripe.paymentIntents.create({
    amount: 8000,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
    payment_method: pm,
    confirm: true,
  });
  return stripe.charges.retrieve(intent.latest_charge as string);
}

async function control(
  path: string,
  body: unknown = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function disputed(reason = 'product_not_received', pm = 'pm_card_visa'): Promise<Stripe.Dispute> {
  const charge = await paidCharge(pm);
  const { status, body } = await control(`/_sandbox/charges/${charge.id}/dispute`, { reason });
  expect(status).toBe(200);
  return stripe.disputes.retrieve(body.id as string);
}

describe('disputes', () => {
  it('a control call disputes a charge: dispute and funds withdrawn, with a due date', async () => {
    const dispute = await disputed();
    expect(dispute).toMatchObject({
      object: 'dispute',
      reason: 'product_not_received',
      status: 'needs_response',
      amount: 8000,
      currency: 'eur',
      is_charge_refundable: false,
      evidence_details: { has_evidence: false, past_due: false, submission_count: 0 },
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute.evidence_details.due_by).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
    expect(dispute.balance_transactions[0]).toMatchObject({ amount: -8000, fee: 1500, net: -9500 });
    expect(sandbox.events().map((e) => e.type)).toContain('charge.dispute.funds_withdrawn');
  });

  it('lists by charge and by payment_intent, and expands the charge', async () => {
    const dispute = await disputed();
    await disputed('fraudulent');
    expect((await stripe.disputes.list()).data).toHaveLength(2);
    expect((await stripe.disputes.list({ charge: dispute.charge as string })).data.map((d) => d.id)).toEqual([
      dispute.id,
    ]);
    expect(
      (await stripe.disputes.list({ payment_intent: dispute.payment_intent as string })).data,
    ).toHaveLength(1);
    const expanded = await stripe.disputes.retrieve(dispute.id, { expand: ['charge'] });
    expect((expanded.charge as Stripe.Charge).disputed).toBe(true);
  });

  it('staged evidence (submit=false) keeps needs_response; submitting moves to under_review', async () => {
    const dispute = await disputed();
    const file = await upload(pdf(2));
    const staged = await stripe.disputes.update(dispute.id, {
      evidence: {
        shipping_carrier: 'DHL Freight',
        shipping_tracking_number: 'JD0146000012345678',
        shipping_date: '2026-11-02',
        shipping_documentation: file.id,
      },
      submit: false,
    });
    expect(staged.status).toBe('needs_response');
    expect(staged.evidence).toMatchObject({
      shipping_carrier: 'DHL Freight',
      shipping_documentation: file.id,
    });
    expect(staged.evidence_details).toMatchObject({ has_evidence: true, submission_count: 0 });
    const submitted = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'Delivered.' },
    });
    expect(submitted.status).toBe('under_review');
    expect(submitted.evidence_details.submission_count).toBe(1);
    const updates = sandbox.events().filter((e) => e.type === 'charge.dispute.updated');
    expect(updates).toHaveLength(2);
    expect(updates[1]?.data.previous_attributes).toMatchObject({ status: 'needs_response' });
    await expect(
      stripe.disputes.update(dispute.id, { evidence: { shipping_carrier: 'UPS' } }),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
    });
  });

  it('keeps intended_submission_method without submitting anything', async () => {
    const dispute = await disputed();
    const updated = await stripe.disputes.update(dispute.id, {
      intended_submission_method: 'prefer_smart_disputes',
    });
    expect(updated).toMatchObject({
      intended_submission_method: 'prefer_smart_disputes',
      status: 'needs_response',
    });
  });

  it('says Smart Disputes is unavailable by default (an account without it: no submission method)', async () => {
    const dispute = await disputed();
    expect(dispute).toMatchObject({
      smart_disputes: { status: 'unavailable', recommended_evidence: [] },
      intended_submission_method: null,
    });
    // Submitting with Smart Disputes as the method is refused, and nothing of the request is saved.
    await expect(
      stripe.disputes.update(dispute.id, {
        evidence: { shipping_carrier: 'UPS' },
        intended_submission_method: 'smart_disputes',
        submit: true,
      }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'smart_disputes_not_available' });
    const after = await stripe.disputes.retrieve(dispute.id);
    expect(after).toMatchObject({ status: 'needs_response', intended_submission_method: null });
    expect(after.evidence.shipping_carrier).toBeNull();
  });

  it('with Smart Disputes available, answers by itself once it is preferred, and a later manual submit is refused', async () => {
    const refused = await control('/_sandbox/disputes/behaviour', { smart_disputes: 'sometimes' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { type: 'invalid_request_error', param: 'smart_disputes' } });
    expect((await control('/_sandbox/disputes/behaviour', { smart_disputes: 'available' })).body).toEqual({
      smart_disputes: 'available',
    });
    const dispute = await disputed();
    expect(dispute).toMatchObject({
      smart_disputes: { status: 'available' },
      intended_submission_method: 'prefer_manual',
    });
    const chosen = await stripe.disputes.update(dispute.id, {
      intended_submission_method: 'prefer_smart_disputes',
    });
    expect(chosen.status).toBe('needs_response');
    await waitFor(
      async () => (await stripe.disputes.retrieve(dispute.id)).status === 'under_review',
      2_000,
      'Smart Disputes to submit',
    );
    const answered = await stripe.disputes.retrieve(dispute.id);
    expect(answered.evidence_details).toMatchObject({
      submission_method: 'smart_disputes',
      submission_count: 1,
    });
    expect(answered.evidence_details.has_evidence).toBe(false);
    const update = sandbox
      .events()
      .filter((e) => e.type === 'charge.dispute.updated')
      .at(-1) as Stripe.Event;
    expect(update.data.previous_attributes).toMatchObject({ status: 'needs_response' });
    await expect(
      stripe.disputes.update(dispute.id, { evidence: { shipping_carrier: 'UPS' } }),
    ).rejects.toMatchObject({ code: 'dispute_evidence_already_submitted' });
  });

  it('with Smart Disputes available, own evidence submitted with the method manual is a manual submission', async () => {
    await control('/_sandbox/disputes/behaviour', { smart_disputes: 'available' });
    const dispute = await disputed();
    const submitted = await stripe.disputes.update(dispute.id, {
      evidence: { shipping_carrier: 'UPS' },
      intended_submission_method: 'manual',
    });
    expect(submitted.status).toBe('under_review');
    expect(submitted.evidence_details.submission_method).toBe('manual');
  });

  it('as in test mode, submitting winning_evidence wins and losing_evidence loses', async () => {
    const winning = await disputed();
    await stripe.disputes.update(winning.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await waitFor(async () => (await stripe.disputes.retrieve(winning.id)).status === 'won', 2_000, 'won');
    const losing = await disputed('fraudulent');
    await stripe.disputes.update(losing.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    await waitFor(async () => (await stripe.disputes.retrieve(losing.id)).status === 'lost', 2_000, 'lost');
    const types = sandbox.events().map((e) => e.type);
    expect(types.filter((t) => t === 'charge.dispute.closed')).toHaveLength(2);
    expect(types).toContain('charge.dispute.funds_reinstated');
  });

  it('closing (accepting) a dispute loses it and emits charge.dispute.closed; it cannot be closed twice', async () => {
    const dispute = await disputed();
    const closed = await stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    expect(sandbox.events().at(-1)?.type).toBe('charge.dispute.closed');
    await expect(stripe.disputes.close(dispute.id)).rejects.toMatchObject({ code: 'dispute_already_closed' });
  });

  it('the control API closes a dispute as won or lost', async () => {
    const dispute = await disputed();
    const { status, body } = await control(`/_sandbox/disputes/${dispute.id}/close`, { status: 'won' });
    expect(status).toBe(200);
    expect(body.status).toBe('won');
    expect((await control(`/_sandbox/disputes/${dispute.id}/close`, { status: 'lost' })).status).toBe(400);
    expect((await control(`/_sandbox/disputes/dp_missing/close`, { status: 'won' })).status).toBe(404);
    const other = await disputed();
    expect((await control(`/_sandbox/disputes/${other.id}/close`, { status: 'maybe' })).status).toBe(400);
  });

  it('an inquiry is refundable, closes as warning_closed and withdraws no funds', async () => {
    const charge = await paidCharge();
    const { body } = await control(`/_sandbox/charges/${charge.id}/dispute`, {
      reason: 'general',
      inquiry: true,
    });
    expect(body).toMatchObject({ status: 'warning_needs_response', is_charge_refundable: true });
    const submitted = await stripe.disputes.update(body.id as string, {
      evidence: { product_description: 'Pallet' },
    });
    expect(submitted.status).toBe('warning_under_review');
    const closed = await control(`/_sandbox/disputes/${body.id as string}/close`, { status: 'won' });
    expect(closed.body.status).toBe('warning_closed');
    expect(sandbox.events().map((e) => e.type)).not.toContain('charge.dispute.funds_withdrawn');
  });

  it('refuses evidence files that do not exist or are not dispute evidence, and unknown evidence fields', async () => {
    const dispute = await disputed();
    await expect(
      stripe.disputes.update(dispute.id, { evidence: { receipt: 'file_missing' } }),
    ).rejects.toMatchObject({ code: 'resource_missing', param: 'evidence[receipt]' });
    const raw = await fetch(`${sandbox.url}/v1/disputes/${dispute.id}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SANDBOX_SECRET_KEY}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'evidence[favourite_colour]=blue',
    });
    expect(raw.status).toBe(400);
  });

  it('enforces the evidence page limit (50 pages; 19 for Mastercard) with dispute_evidence_page_limit_exceeded', async () => {
    const visa = await disputed();
    const thirty = await upload(pdf(30));
    const twentyFive = await upload(pdf(25));
    await expect(
      stripe.disputes.update(visa.id, {
        evidence: { shipping_documentation: thirty.id, customer_communication: twentyFive.id },
        submit: false,
      }),
    ).rejects.toMatchObject({ code: 'dispute_evidence_page_limit_exceeded', param: 'evidence' });
    const ok = await stripe.disputes.update(visa.id, {
      evidence: { shipping_documentation: thirty.id },
      submit: false,
    });
    expect(ok.evidence.shipping_documentation).toBe(thirty.id);

    const mastercard = await disputed('fraudulent', 'pm_card_mastercard');
    await expect(
      stripe.disputes.update(mastercard.id, {
        evidence: { shipping_documentation: thirty.id },
        submit: false,
      }),
    ).rejects.toMatchObject({ code: 'dispute_evidence_page_limit_exceeded' });
  });

  it('enforces the 4.5 MB total size of evidence files', async () => {
    const dispute = await disputed();
    const big = await upload(pdf(1, 3 * 1024 * 1024));
    const bigger = await upload(pdf(1, 2 * 1024 * 1024));
    await expect(
      stripe.disputes.update(dispute.id, {
        evidence: { receipt: big.id, shipping_documentation: bigger.id },
      }),
    ).rejects.toMatchObject({ code: 'dispute_evidence_page_limit_exceeded' });
  });

  it('refuses a text field over 20,000 characters', async () => {
    const dispute = await disputed();
    await expect(
      stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'x'.repeat(20_001) } }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'evidence[uncategorized_text]' });
  });

  it('refuses to dispute a failed charge or a charge twice', async () => {
    const charge = await paidCharge();
    expect((await control(`/_sandbox/charges/${charge.id}/dispute`, { reason: 'fraudulent' })).status).toBe(
      200,
    );
    expect((await control(`/_sandbox/charges/${charge.id}/dispute`, { reason: 'fraudulent' })).status).toBe(
      400,
    );
    expect((await control(`/_sandbox/charges/ch_missing/dispute`, { reason: 'fraudulent' })).status).toBe(
      404,
    );
    expect((await control(`/_sandbox/charges/${charge.id}/dispute`, { reason: 'boredom' })).status).toBe(400);
  });
});

describe('files', () => {
  it('uploads dispute evidence through the SDK (multipart) and serves it back', async () => {
    const data = pdf(3);
    const file = await upload(data, 'pod.pdf');
    expect(file).toMatchObject({
      object: 'file',
      purpose: 'dispute_evidence',
      size: data.length,
      type: 'pdf',
      filename: 'pod.pdf',
    });
    expect(file.id).toMatch(/^file_/);
    expect(await stripe.files.retrieve(file.id)).toEqual(file);
    const contents = await fetch(file.url as string, {
      headers: { authorization: `Bearer ${SANDBOX_SECRET_KEY}` },
    });
    expect(contents.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await contents.arrayBuffer()).equals(data)).toBe(true);
  });

  it('an idempotent upload retried with the same file returns the same file; another file is refused', async () => {
    const data = pdf(1);
    const params = {
      purpose: 'dispute_evidence' as const,
      file: { data, name: 'pod.pdf', type: 'application/pdf' },
    };
    const first = await stripe.files.create(params, { idempotencyKey: 'upload-1' });
    const again = await stripe.files.create(params, { idempotencyKey: 'upload-1' });
    expect(again.id).toBe(first.id);
    await expect(
      stripe.files.create(
        { ...params, file: { ...params.file, data: pdf(2) } },
        { idempotencyKey: 'upload-1' },
      ),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('accepts PNG and JPEG, refuses other content, other purposes, and files over 5 MB', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(
      (
        await stripe.files.create({
          purpose: 'dispute_evidence',
          file: { data: png, name: 'a.png', type: 'image/png' },
        })
      ).type,
    ).toBe('png');
    const jpg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
    expect(
      (
        await stripe.files.create({
          purpose: 'dispute_evidence',
          file: { data: jpg, name: 'a.jpg', type: 'image/jpeg' },
        })
      ).type,
    ).toBe('jpg');
    await expect(
      stripe.files.create({
        purpose: 'dispute_evidence',
        file: { data: Buffer.from('hello'), name: 'a.txt', type: 'text/plain' },
      }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'file' });
    await expect(
      stripe.files.create({
        purpose: 'identity_document',
        file: { data: pdf(1), name: 'id.pdf', type: 'application/pdf' },
      }),
    ).rejects.toMatchObject({ param: 'purpose' });
    await expect(upload(pdf(1, 5 * 1024 * 1024 + 1))).rejects.toMatchObject({ param: 'file' });
  });
});

describe('refunds', () => {
  it('refunds part then the rest of a payment; charge.refunded each time; then refuses more', async () => {
    const charge = await paidCharge();
    const partial = await stripe.refunds.create({
      payment_intent: charge.payment_intent as string,
      amount: 3000,
      reason: 'requested_by_customer',
    });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 3000,
      status: 'succeeded',
      charge: charge.id,
      reason: 'requested_by_customer',
    });
    expect(await stripe.refunds.retrieve(partial.id)).toEqual(partial);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({
      amount_refunded: 3000,
      refunded: false,
    });
    await expect(stripe.refunds.create({ charge: charge.id, amount: 6000 })).rejects.toMatchObject({
      param: 'amount',
    });
    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(5000);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 8000, refunded: true });
    expect((await stripe.refunds.list({ charge: charge.id })).data.map((r) => r.id)).toEqual([
      rest.id,
      partial.id,
    ]);
    expect((await stripe.refunds.list({ payment_intent: 'pi_other' })).data).toEqual([]);
    await expect(stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    });
    const refunded = sandbox.events().filter((e) => e.type === 'charge.refunded');
    expect(refunded).toHaveLength(2);
    expect(refunded[0]?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
  });

  it('refuses to refund a charged-back payment, and an unknown or uncaptured one', async () => {
    const dispute = await disputed();
    await expect(stripe.refunds.create({ charge: dispute.charge as string })).rejects.toMatchObject({
      code: 'charge_disputed',
    });
    await expect(stripe.refunds.create({ charge: 'ch_missing' })).rejects.toMatchObject({
      code: 'resource_missing',
    });
    const held = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await expect(stripe.refunds.create({ payment_intent: held.id })).rejects.toMatchObject({
      code: 'charge_not_refundable',
    });
  });

  it('a refund makes an early fraud warning no longer actionable', async () => {
    const charge = await paidCharge();
    const { body } = await control(`/_sandbox/charges/${charge.id}/early_fraud_warning`, {
      fraud_type: 'unauthorized_use_of_card',
    });
    expect(body).toMatchObject({
      object: 'radar.early_fraud_warning',
      actionable: true,
      fraud_type: 'unauthorized_use_of_card',
    });
    await stripe.refunds.create({ charge: charge.id });
    expect((await stripe.radar.earlyFraudWarnings.retrieve(body.id as string)).actionable).toBe(false);
    expect((await stripe.radar.earlyFraudWarnings.list({ charge: charge.id })).data).toHaveLength(1);
    expect(
      (await control(`/_sandbox/charges/${charge.id}/early_fraud_warning`, { fraud_type: 'aliens' })).status,
    ).toBe(400);
  });
});

describe('charges', () => {
  it('retrieves a charge with its outcome and lists charges by payment_intent', async () => {
    const charge = await paidCharge('pm_card_riskLevelElevated');
    expect(charge.outcome).toMatchObject({
      risk_level: 'elevated',
      type: 'authorized',
      network_status: 'approved_by_network',
    });
    expect(
      (await stripe.charges.list({ payment_intent: charge.payment_intent as string })).data.map((c) => c.id),
    ).toEqual([charge.id]);
  });
});

describe('customers', () => {
  it('creates and retrieves a customer, emitting customer.created', async () => {
    const customer = await stripe.customers.create({
      email: 'ops@freight.example',
      name: 'Freight GmbH',
      metadata: { merchant: 'm_1' },
    });
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'ops@freight.example',
      name: 'Freight GmbH',
      metadata: { merchant: 'm_1' },
    });
    expect(await stripe.customers.retrieve(customer.id)).toEqual(customer);
    await expect(stripe.customers.create({ email: 'not-an-email' })).rejects.toMatchObject({
      param: 'email',
    });
    expect(sandbox.events().map((e) => e.type)).toEqual(['customer.created']);
  });
});

describe('Connect accounts and account links', () => {
  it('onboards through an account link, emits account.updated, and takes destination charges', async () => {
    const account = await stripe.accounts.create({
      type: 'express',
      country: 'DE',
      email: 'carrier@example.com',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    });
    expect(account).toMatchObject({
      object: 'account',
      charges_enabled: false,
      details_submitted: false,
      country: 'DE',
    });
    expect(account.requirements?.currently_due?.length).toBeGreaterThan(0);
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'https://cargopay.example/refresh',
      return_url: 'https://cargopay.example/return',
    });
    expect(link.url.startsWith(`${sandbox.url}/_sandbox/connect/onboarding/`)).toBe(true);
    const visit = await fetch(link.url, { redirect: 'manual' });
    expect(visit.status).toBe(302);
    expect(visit.headers.get('location')).toBe('https://cargopay.example/return');
    const again = await fetch(link.url, { redirect: 'manual' });
    expect(again.headers.get('location')).toBe('https://cargopay.example/refresh');
    const onboarded = await stripe.accounts.retrieve(account.id);
    expect(onboarded).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
    });
    expect(onboarded.capabilities).toMatchObject({ card_payments: 'active', transfers: 'active' });
    const updated = sandbox.events().find((e) => e.type === 'account.updated');
    expect(updated?.data.previous_attributes).toMatchObject({ charges_enabled: false });

    const intent = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      transfer_data: { destination: account.id },
      application_fee_amount: 500,
      payment_method: 'pm_card_visa',
      confirm: true,
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ application_fee_amount: 500, transfer_data: { destination: account.id } });
    expect(charge.transfer).toMatch(/^tr_/);
  });

  it('refuses a link for an unknown account and a link without URLs', async () => {
    await expect(
      stripe.accountLinks.create({
        account: 'acct_missing',
        type: 'account_onboarding',
        refresh_url: 'https://x.example',
        return_url: 'https://x.example',
      }),
    ).rejects.toMatchObject({ code: 'resource_missing', param: 'account' });
    const account = await stripe.accounts.create({ type: 'express' });
    await expect(
      stripe.rawRequest('POST', '/v1/account_links', { account: account.id, type: 'account_onboarding' }),
    ).rejects.toMatchObject({ code: 'parameter_missing' });
  });
});

describe('reset', () => {
  it('POST /_sandbox/reset forgets every object and event', async () => {
    const charge = await paidCharge();
    expect((await control('/_sandbox/reset')).body).toEqual({ reset: true });
    await expect(stripe.charges.retrieve(charge.id)).rejects.toMatchObject({ code: 'resource_missing' });
    expect((await stripe.events.list()).data).toEqual([]);
  });
});
