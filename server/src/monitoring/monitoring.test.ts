import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver, waitFor } from '../../sandbox/testing.ts';
import { intentBody, pay, paymentRequestBody, startTestServer, type TestServer } from '../../test/harness.ts';
import { chargeOf, freshDevice, openSandboxDispute, SHOP } from '../disputes/test-helpers.ts';
import { verifySignature } from '../contract/signature.ts';
import { monitoringConfig, MONITOR_DEFAULTS } from './rules.ts';

const SECRET = 'alert-secret-0123456789';
let receiver: WebhookReceiver;
const servers: TestServer[] = [];

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
});
afterEach(() => {
  receiver.received.length = 0;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await receiver.close();
});

async function server(
  thresholds: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const t = await startTestServer({
    env: {
      RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000',
      TRUST_PROXY: 'loopback',
      ALERT_WEBHOOK_URL: receiver.url,
      ALERT_WEBHOOK_SECRET: SECRET,
      MONITORING_INTERVAL_SECONDS: '1',
      ALERT_THRESHOLDS: JSON.stringify(thresholds),
      ...env,
    },
  });
  servers.push(t);
  return t;
}

interface AlertBody {
  rule: string;
  key: string;
  value: number;
  threshold: number;
  severity: string;
}

/** Alerts received so far, each checked against its signature. */
function alerts(rule: string): AlertBody[] {
  return receiver.received
    .filter((r) => {
      const ok = verifySignature(
        SECRET,
        r.body,
        String(r.headers['cargopay-signature']),
        Math.floor(Date.now() / 1000),
      );
      expect(ok, 'alert signature').toBe(true);
      return true;
    })
    .map((r) => JSON.parse(r.body) as AlertBody)
    .filter((a) => a.rule === rule);
}

/** Lets the monitor run a few more passes (1 s apart) so that a second alert would have had time to come. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500));

async function newRequest(t: TestServer, key: string, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/v1/payment-requests', { key, body: paymentRequestBody(overrides) });
  return String(res.json.id);
}

async function intentFrom(t: TestServer, id: string, ip: string, device: string) {
  const res = await t.request('POST', `/v1/checkout/${id}/intent`, {
    body: { ...intentBody, device_id: device },
    headers: { origin: SHOP, 'x-forwarded-for': ip },
  });
  expect(res.status, res.text).toBe(200);
  return String(res.json.payment_intent);
}

describe('each alert rule fires once when its threshold is crossed, not once per request', () => {
  it('card testing: declines from one device, then from one IP address', async () => {
    const t = await server({ card_testing: { threshold: 3, window_seconds: 600 } });
    const key = (await t.merchant()).apiKey;
    const device = freshDevice();
    const decline = async (i: number) => {
      const pi = await intentFrom(t, await newRequest(t, key), `198.51.100.${i}`, device);
      await pay(t, pi, 'pm_card_chargeDeclined').catch((e: unknown) => {
        expect(e).toBeInstanceOf(Stripe.errors.StripeCardError);
      });
    };
    await decline(1);
    await decline(2);
    await settle();
    expect(alerts('card_testing')).toEqual([]);
    const crossing = Date.now();
    await decline(3);
    const [alert] = await waitFor(
      () => (alerts('card_testing').length ? alerts('card_testing') : undefined),
      10_000,
    );
    expect(Date.now() - crossing).toBeLessThan(60_000);
    expect(alert).toMatchObject({ rule: 'card_testing', value: 3, threshold: 3, severity: 'error' });
    expect(alert?.key).toMatch(/^device:/);
    await decline(4);
    await decline(5);
    await settle();
    expect(alerts('card_testing')).toHaveLength(1);
    expect(t.logs.some((l) => l.includes('"level":50') && l.includes('ALERT card_testing'))).toBe(true);
    const metrics = await t.metrics();
    expect(metrics).toContain('cargopay_alerts_total{rule="card_testing"} 1');
    expect(metrics).toContain('cargopay_monitor_threshold{rule="card_testing"} 3');
    expect(metrics).toMatch(/cargopay_monitor_value\{rule="card_testing"\} 5/);

    // Declines from one IP address with a new device each time: the IP's own crossing, one more alert.
    for (let i = 0; i < 3; i++) {
      const pi = await intentFrom(t, await newRequest(t, key), '198.51.100.200', freshDevice());
      await pay(t, pi, 'pm_card_chargeDeclined').catch(() => undefined);
    }
    const byIp = await waitFor(() => alerts('card_testing').find((a) => a.key.startsWith('ip:')), 10_000);
    expect(byIp).toMatchObject({ value: 3, threshold: 3 });
    await settle();
    expect(alerts('card_testing')).toHaveLength(2);
  });

  it('webhook signature failures: a burst of forged deliveries', async () => {
    const t = await server({ webhook_signature_failures: { threshold: 3, window_seconds: 300 } });
    const forge = () =>
      t.request('POST', '/v1/webhooks/stripe', {
        rawBody: '{"id":"evt_forged","type":"charge.succeeded"}',
        headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' },
      });
    for (let i = 0; i < 2; i++) expect((await forge()).status).toBe(400);
    await settle();
    expect(alerts('webhook_signature_failures')).toEqual([]);
    for (let i = 0; i < 6; i++) await forge();
    await waitFor(() => alerts('webhook_signature_failures').length > 0, 10_000);
    await settle();
    expect(alerts('webhook_signature_failures')).toHaveLength(1);
    expect(alerts('webhook_signature_failures')[0]).toMatchObject({
      key: 'all',
      threshold: 3,
      severity: 'error',
    });
  });

  it('rate-limit storm: many 429s', async () => {
    const t = await server(
      { rate_limit_storm: { threshold: 5, window_seconds: 300 } },
      { RATE_LIMIT_API_PER_MINUTE: '2' },
    );
    const key = (await t.merchant()).apiKey;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await t.request('GET', '/v1/payment-requests', { key })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    await settle();
    expect(alerts('rate_limit_storm')).toEqual([]);
    for (let i = 0; i < 10; i++) await t.request('GET', '/v1/payment-requests', { key });
    await waitFor(() => alerts('rate_limit_storm').length > 0, 10_000);
    await settle();
    expect(alerts('rate_limit_storm')).toHaveLength(1);
    expect(alerts('rate_limit_storm')[0]).toMatchObject({ severity: 'warn' });
  });

  it('credential stuffing: failed authentications spread over many addresses and key prefixes', async () => {
    const t = await server({ credential_stuffing: { threshold: 6, window_seconds: 300 } });
    const guess = (i: number, authorization?: string) =>
      t.request('GET', '/v1/payment-requests', {
        headers: {
          'x-forwarded-for': `203.0.113.${i}`,
          ...(authorization ? { authorization } : {}),
        },
      });
    const key = () => `Bearer cp_live_${randomBytes(24).toString('base64url')}`;
    // Each address stays under its own limit (20 by default): only the sum gives the attack away.
    for (let i = 1; i <= 3; i++) expect((await guess(i, key())).status).toBe(401);
    // Requests with no key at all are not guesses.
    for (let i = 4; i <= 10; i++) expect((await guess(i)).status).toBe(401);
    await settle();
    expect(alerts('credential_stuffing')).toEqual([]);
    for (let i = 11; i <= 12; i++) await guess(i, key());
    await guess(13, 'Bearer not-even-a-key');
    const [alert] = await waitFor(
      () => (alerts('credential_stuffing').length ? alerts('credential_stuffing') : undefined),
      10_000,
    );
    expect(alert).toMatchObject({
      rule: 'credential_stuffing',
      key: 'all',
      value: 6,
      threshold: 6,
      severity: 'error',
    });
    for (let i = 14; i <= 16; i++) await guess(i, key());
    await settle();
    expect(alerts('credential_stuffing')).toHaveLength(1);
    const metrics = await t.metrics();
    expect(metrics).toMatch(/cargopay_auth_failures_total\{reason="unknown"\} 8\b/);
    expect(metrics).toMatch(/cargopay_auth_failures_total\{reason="malformed"\} 1\b/);
    expect(metrics).toMatch(/cargopay_auth_failures_total\{reason="missing"\} 7\b/);
    expect(metrics).toContain('cargopay_alerts_total{rule="credential_stuffing"} 1');
  });

  it('refund and dispute rates per merchant', async () => {
    const t = await server({
      refund_rate: { threshold: 0.5, window_seconds: 3_600, min_payments: 2 },
      dispute_rate: { threshold: 0.5, window_seconds: 3_600, min_payments: 2 },
    });
    const merchant = await t.merchant();
    const key = merchant.apiKey;
    const stripe = t.sandbox.stripeClient();
    const paid: string[] = [];
    for (let i = 0; i < 2; i++) {
      const pi = await intentFrom(t, await newRequest(t, key), `192.0.2.${i}`, freshDevice());
      await pay(t, pi);
      paid.push(pi);
    }
    await settle();
    expect(alerts('refund_rate')).toEqual([]);
    await stripe.refunds.create({ payment_intent: paid[0] as string, amount: 100 });
    const [refund] = await waitFor(
      () => (alerts('refund_rate').length ? alerts('refund_rate') : undefined),
      10_000,
    );
    expect(refund).toMatchObject({ key: `merchant:${merchant.merchant.id}`, value: 0.5, threshold: 0.5 });
    await openSandboxDispute(t, await chargeOf(t, paid[1] as string), 'fraudulent');
    await waitFor(() => alerts('dispute_rate').length > 0, 10_000);
    // A second partial refund: the rate stays above the threshold, so no second alert.
    await stripe.refunds.create({ payment_intent: paid[0] as string, amount: 100 });
    await settle();
    expect(alerts('refund_rate')).toHaveLength(1);
    expect(alerts('dispute_rate')).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('uses the documented defaults and names a bad override', () => {
    const problems: string[] = [];
    expect(monitoringConfig({}, problems)).toMatchObject({
      thresholds: MONITOR_DEFAULTS,
      intervalMs: 10_000,
    });
    monitoringConfig(
      {
        ALERT_THRESHOLDS: '{"card_testing":{"threshold":0}}',
        ALERT_WEBHOOK_URL: 'https://ops.example/alerts',
      },
      problems,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^ALERT_THRESHOLDS\.card_testing\.threshold:/),
      expect.stringMatching(/^ALERT_WEBHOOK_SECRET:/),
    ]);
  });
});
