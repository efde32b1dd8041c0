import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver, waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import { chargeOf, freshBuyer, freshDevice, openSandboxDispute, SHOP } from '../disputes/test-helpers.ts';
import { createRequest } from '../../test/payments.ts';
import { RISK_DEFAULTS } from './settings.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000', TRUST_PROXY: 'loopback' } });
});
afterAll(() => t.close());

type Json = Record<string, unknown>;

const buyer = freshBuyer;

async function merchantWith(settings: Json = {}): Promise<string> {
  const key = (await t.merchant()).apiKey;
  const res = await t.request('POST', '/v1/settings/risk', { key, body: settings });
  expect(res.status, res.text).toBe(200);
  return key;
}

function attempt(id: string, who: { ip: string; device: string }) {
  return t.request('POST', `/v1/checkout/${id}/intent`, {
    body: { ...intentBody, device_id: who.device },
    headers: { origin: SHOP, 'x-forwarded-for': who.ip },
  });
}

async function request(key: string, who: { email: string }, overrides: Json = {}) {
  return createRequest(t, key, { customer: { email: who.email, name: 'Risky Buyer' }, ...overrides });
}

async function lastAttempt(key: string, id: string): Promise<Json> {
  const res = await t.request('GET', `/v1/payment-requests/${id}/risk`, { key });
  return (res.json.attempts as Json[]).at(-1) as Json;
}

/** Allowed: 200, or the answer that was given instead, with the rule named in it, printed. */
function expectAllowed(res: { status: number; text: string }) {
  expect(res.status, res.text).toBe(200);
}

function expectBlocked(res: { status: number; json: Json; text: string }) {
  expect(res.status).toBe(403);
  expect(res.json.type).toBe(problemType('blocked-by-risk'));
  // The buyer learns nothing about which rule fired.
  expect(res.text).not.toMatch(/velocity|dispute|fraud|score|device|email|amount/i);
}

describe('velocity rules, just under and just over their limits', () => {
  it('per payment request: the limit-th attempt passes, the next is blocked', async () => {
    const key = await merchantWith({ velocity: { per_payment_request: { limit: 3 } } });
    const who = buyer();
    const id = await request(key, who);
    for (let i = 0; i < 3; i++)
      expectAllowed(await attempt(id, { ...who, device: freshDevice(), ip: buyer().ip }));
    expectBlocked(await attempt(id, { ...who, device: freshDevice(), ip: buyer().ip }));
    expect(await lastAttempt(key, id)).toMatchObject({
      decision: 'block',
      reasons: ['velocity_payment_request'],
    });
    // The earlier attempts are counted only up to the limit; every later attempt is still over it.
    for (let i = 0; i < 3; i++)
      expectBlocked(await attempt(id, { ...who, device: freshDevice(), ip: buyer().ip }));
  });

  it('per IP address, across payment requests', async () => {
    const key = await merchantWith({ velocity: { per_ip: { limit: 3 } } });
    const ip = buyer().ip;
    for (let i = 0; i < 3; i++) {
      const other = buyer();
      expectAllowed(await attempt(await request(key, other), { ip, device: other.device }));
    }
    const last = buyer();
    const id = await request(key, last);
    expectBlocked(await attempt(id, { ip, device: last.device }));
    expect(await lastAttempt(key, id)).toMatchObject({
      decision: 'block',
      score: 60,
      reasons: ['velocity_ip'],
    });
  });

  it('per buyer email: over the limit is a review (allowed, flagged), not a block', async () => {
    const key = await merchantWith({ velocity: { per_email: { limit: 2 } } });
    const who = buyer();
    const ids = [await request(key, who), await request(key, who), await request(key, who)];
    for (const id of ids.slice(0, 2)) {
      expectAllowed(await attempt(id, buyer()));
      expect(await lastAttempt(key, id)).toMatchObject({ decision: 'allow', score: 0, reasons: [] });
    }
    expectAllowed(await attempt(ids[2] as string, buyer()));
    expect(await lastAttempt(key, ids[2] as string)).toMatchObject({
      decision: 'review',
      score: 40,
      reasons: ['velocity_email'],
    });
  });

  it('per widget device id, across payment requests', async () => {
    const key = await merchantWith({ velocity: { per_device: { limit: 2 } } });
    const device = freshDevice();
    for (let i = 0; i < 2; i++) {
      const other = buyer();
      expectAllowed(await attempt(await request(key, other), { ip: other.ip, device }));
    }
    const last = buyer();
    expectBlocked(await attempt(await request(key, last), { ip: last.ip, device }));
  });

  it('forgets attempts once they leave the sliding window', async () => {
    const key = await merchantWith({ velocity: { per_device: { limit: 1, window_seconds: 600 } } });
    const device = freshDevice();
    const a = buyer();
    expectAllowed(await attempt(await request(key, a), { ip: a.ip, device }));
    const b = buyer();
    expectBlocked(await attempt(await request(key, b), { ip: b.ip, device }));
    t.clock.offsetMs = 601_000;
    try {
      const c = buyer();
      expectAllowed(await attempt(await request(key, c), { ip: c.ip, device }));
    } finally {
      t.clock.offsetMs = 0;
    }
  });
});

describe('behaviour: how fast the buyer submitted after the form was ready', () => {
  const timed = (id: string, who: { ip: string; device: string }, ms: number | null) =>
    t.request('POST', `/v1/checkout/${id}/intent`, {
      body: { device_id: who.device, signals: { ready_to_submit_ms: ms, attempts: 1 } },
      headers: { origin: SHOP, 'x-forwarded-for': who.ip },
    });

  it('reviews a submit under 1 s, and allows one at 1 s or with no timing', async () => {
    const key = await merchantWith();
    for (const [ms, decision] of [
      [999, 'review'],
      [1_000, 'allow'],
      [null, 'allow'],
    ] as const) {
      const who = buyer();
      const id = await request(key, who);
      expectAllowed(await timed(id, who, ms));
      expect(await lastAttempt(key, id), String(ms)).toMatchObject({
        decision,
        reasons: decision === 'review' ? ['fast_submit'] : [],
        score: decision === 'review' ? 30 : 0,
      });
    }
  });
});

describe('amount anomaly against the merchant’s own history', () => {
  it('flags an amount above 5 × the median paid amount for review, not one at it', async () => {
    const key = await merchantWith({ amount_anomaly: { factor: 5, min_history: 3 } });
    for (const amount of [1_000, 900, 1_100]) {
      const who = buyer();
      const id = await request(key, who, { amount });
      await pay(t, String((await attempt(id, who)).json.payment_intent));
      // The payment joins the history once its charge.succeeded has been worked through.
      await waitFor(
        async () =>
          (await t.request('GET', `/v1/payment-requests/${id}/risk`, { key })).json.radar ?? undefined,
      );
    }
    const at = buyer();
    const atMedian = await request(key, at, { amount: 5_000 });
    expectAllowed(await attempt(atMedian, at));
    expect(await lastAttempt(key, atMedian)).toMatchObject({ decision: 'allow', reasons: [] });
    const over = buyer();
    const id = await request(key, over, { amount: 5_001 });
    expectAllowed(await attempt(id, over));
    expect(await lastAttempt(key, id)).toMatchObject({ decision: 'review', reasons: ['amount_anomaly'] });
  });

  it('does not judge amounts before the merchant has enough history', async () => {
    const key = await merchantWith({ amount_anomaly: { min_history: 3 } });
    const who = buyer();
    const id = await request(key, who, { amount: 9_000_000 });
    expectAllowed(await attempt(id, who));
    expect(await lastAttempt(key, id)).toMatchObject({ decision: 'allow' });
  });
});

describe('history: early fraud warnings and lost disputes follow the email and the device', () => {
  it('reviews a buyer whose earlier payment drew an early fraud warning, and allows a stranger', async () => {
    const key = await merchantWith();
    const who = buyer();
    const first = await request(key, who);
    await pay(t, String((await attempt(first, who)).json.payment_intent), 'pm_card_createEarlyFraudWarning');
    await waitFor(async () => {
      const r = await t.request('GET', `/v1/payment-requests/${first}/risk`, { key });
      return r.json.early_fraud_warning ?? undefined;
    });
    const again = await request(key, { email: who.email });
    expectAllowed(await attempt(again, buyer()));
    expect(await lastAttempt(key, again)).toMatchObject({
      decision: 'review',
      score: 50,
      reasons: ['prior_early_fraud_warning'],
    });
    const stranger = buyer();
    const clean = await request(key, stranger);
    expectAllowed(await attempt(clean, stranger));
    expect(await lastAttempt(key, clean)).toMatchObject({ decision: 'allow', score: 0 });
  });

  it('blocks a device whose earlier payment lost a dispute', async () => {
    const key = await merchantWith();
    const who = buyer();
    const first = await request(key, who);
    const pi = String((await attempt(first, who)).json.payment_intent);
    await pay(t, pi);
    const dispute = await openSandboxDispute(t, await chargeOf(t, pi), 'fraudulent');
    await waitFor(
      async () =>
        (await t.request('GET', `/v1/disputes/${dispute.id}`, { key })).json.response === 'submitted',
    );
    await fetch(`${t.sandbox.url}/_sandbox/disputes/${dispute.id}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'lost' }),
    });
    // The loss is recorded against the buyer's device just after the dispute reads `lost` (the casework that
    // reads the outcome records it next, and again on a retry): wait for that record, not the outcome alone.
    await waitFor(
      async () => (await t.request('GET', `/v1/disputes/${dispute.id}`, { key })).json.outcome === 'lost',
    );
    await waitFor(
      async () =>
        (await t.rows("SELECT 1 FROM risk_signals WHERE kind = 'lost_dispute' AND detail = ?", [dispute.id]))
          .length > 0,
      5_000,
      'the lost dispute recorded against the device',
    );
    const other = buyer();
    const id = await request(key, other);
    expectBlocked(await attempt(id, { ip: other.ip, device: who.device }));
    expect(await lastAttempt(key, id)).toMatchObject({
      decision: 'block',
      score: 80,
      reasons: ['prior_lost_dispute'],
    });
  });
});

describe('after payment: Radar and early fraud warnings', () => {
  it('stores Radar’s risk level and score for the payment', async () => {
    const key = await merchantWith();
    const who = buyer();
    const id = await request(key, who);
    await pay(t, String((await attempt(id, who)).json.payment_intent), 'pm_card_riskLevelElevated');
    const risk = await waitFor(async () => {
      const r = await t.request('GET', `/v1/payment-requests/${id}/risk`, { key });
      return r.json.radar ? r.json : undefined;
    });
    expect(risk.radar).toMatchObject({ risk_level: 'elevated', risk_score: 71, outcome_type: 'authorized' });
    expect(risk.attempts).toEqual([expect.objectContaining({ decision: 'allow', score: 0 })]);
  });

  async function warned(settings: Json, amount = 12_500) {
    const receiver = await new WebhookReceiver().start();
    const merchant = await t.merchant({ webhookUrl: receiver.url });
    await t.request('POST', '/v1/settings/risk', { key: merchant.apiKey, body: settings });
    const who = buyer();
    const id = await request(merchant.apiKey, who, { amount });
    await pay(t, String((await attempt(id, who)).json.payment_intent), 'pm_card_createEarlyFraudWarning');
    await waitFor(() => receiver.acceptedTypes().includes('payment_request.early_fraud_warning'));
    const risk = await waitFor(async () => {
      const r = await t.request('GET', `/v1/payment-requests/${id}/risk`, { key: merchant.apiKey });
      return r.json.early_fraud_warning ? r.json : undefined;
    });
    return { id, key: merchant.apiKey, receiver, risk };
  }

  it('flags the request and notifies the merchant, without refunding by default', async () => {
    expect(RISK_DEFAULTS.early_fraud_warning.auto_refund).toBe(false);
    const { id, key, receiver, risk } = await warned({});
    expect(risk.early_fraud_warning).toMatch(/^issfr_/);
    expect(risk.auto_refunded).toBe(false);
    await t.app.notifications.drain();
    expect(receiver.acceptedTypes()).not.toContain('payment_request.early_fraud_warning_refunded');
    expect((await t.request('GET', `/v1/payment-requests/${id}`, { key })).json.amount_refunded).toBe(0);
    await receiver.close();
  });

  it('refunds at once, when turned on, a payment up to the configured amount', async () => {
    const { id, key, receiver } = await warned({
      early_fraud_warning: { auto_refund: true, auto_refund_max_amount: 12_500 },
    });
    await waitFor(() => receiver.acceptedTypes().includes('payment_request.early_fraud_warning_refunded'));
    const pr = await waitFor(async () => {
      const r = await t.request('GET', `/v1/payment-requests/${id}`, { key });
      return r.json.status === 'refunded' ? r.json : undefined;
    });
    expect(pr.amount_refunded).toBe(12_500);
    expect((await t.request('GET', `/v1/payment-requests/${id}/risk`, { key })).json.auto_refunded).toBe(
      true,
    );
    await receiver.close();
  });

  it('does not refund a payment over the configured amount', async () => {
    const { id, key, receiver } = await warned({
      early_fraud_warning: { auto_refund: true, auto_refund_max_amount: 12_499 },
    });
    await t.app.notifications.drain();
    expect((await t.request('GET', `/v1/payment-requests/${id}/risk`, { key })).json.auto_refunded).toBe(
      false,
    );
    expect((await t.request('GET', `/v1/payment-requests/${id}`, { key })).json.amount_refunded).toBe(0);
    await receiver.close();
  });
});

describe('settings', () => {
  it('starts from the documented safe defaults and merges partial changes', async () => {
    const key = (await t.merchant()).apiKey;
    const before = await t.request('GET', '/v1/settings/risk', { key });
    expect(before.json).toMatchObject(RISK_DEFAULTS);
    const after = await t.request('POST', '/v1/settings/risk', {
      key,
      body: { velocity: { per_ip: { limit: 7 } } },
    });
    expect(after.json).toMatchObject({
      velocity: { per_ip: { limit: 7, window_seconds: 3_600, action: 'block' } },
    });
    const bad = await t.request('POST', '/v1/settings/risk', { key, body: { score: { block_at: 101 } } });
    expect(bad.status).toBe(422);
  });
});
