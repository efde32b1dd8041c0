import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver, waitFor } from '../../sandbox/testing.ts';
import { paymentRequestBody, startTestServer, type TestServer } from '../../test/harness.ts';
import { deliverDue } from './delivery.ts';
import { MAX_DELAY_MS, nextAttemptAt, retryDelayMs } from './backoff.ts';
import { signatureHeader, verifySignature } from '../contract/signature.ts';

describe('backoff schedule', () => {
  it('doubles from 30 s with jitter in the upper half of each step, capped at 6 h', () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(3, () => 1)).toBe(120_000);
    expect(retryDelayMs(30, () => 1)).toBe(MAX_DELAY_MS);
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(4)));
    expect(delays.size).toBeGreaterThan(1);
  });

  it('gives up once the next try would be more than 3 days after the notification was created', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    const maxAge = 72 * 3_600_000;
    expect(nextAttemptAt(created, new Date('2026-01-03T00:00:00Z'), 10, maxAge, () => 1)).not.toBeNull();
    expect(nextAttemptAt(created, new Date('2026-01-03T23:00:00Z'), 12, maxAge, () => 1)).toBeNull();
  });
});

describe('CargoPay-Signature', () => {
  it('verifies what it signs, and refuses another secret, another body or an old timestamp', () => {
    const now = 1_800_000_000;
    const header = signatureHeader('cpwhsec_a', '{"x":1}', now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('cpwhsec_a', '{"x":1}', header, now + 10)).toBe(true);
    expect(verifySignature('cpwhsec_b', '{"x":1}', header, now)).toBe(false);
    expect(verifySignature('cpwhsec_a', '{"x":2}', header, now)).toBe(false);
    expect(verifySignature('cpwhsec_a', '{"x":1}', header, now + 301)).toBe(false);
  });
});

describe('delivery to the merchant', () => {
  let t: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestServer({ workers: false, registerWebhook: false });
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('POSTs a signed JSON notification and retries with backoff until the receiver recovers', async () => {
    const { apiKey, signingSecret } = await t.merchant({ webhookUrl: receiver.url });
    receiver.respond = (_r, index) => (index < 3 ? 503 : 200);
    const pr = await t.request('POST', '/v1/payment-requests', { key: apiKey, body: paymentRequestBody() });
    await t.request('POST', `/v1/payment-requests/${String(pr.json.id)}/cancel`, { key: apiKey });

    const ctx = t.app.context;
    for (let i = 0; i < 4; i++) {
      await deliverDue(ctx);
      // Jump past the next scheduled attempt instead of waiting for it.
      t.clock.offsetMs += 7 * 3_600_000;
    }
    expect(receiver.received.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
    const last = receiver.received.at(-1);
    const body = last?.body ?? '';
    expect(JSON.parse(body)).toMatchObject({
      type: 'payment_request.canceled',
      data: { object: { id: pr.json.id } },
    });
    expect(JSON.parse(body).data.object).not.toHaveProperty('customer');
    const header = String(last?.headers['cargopay-signature']);
    const t0 = Number(/t=(\d+)/.exec(header)?.[1]);
    expect(verifySignature(signingSecret, body, header, t0)).toBe(true);
    // Every attempt carries the same event id, so the merchant can de-duplicate.
    expect(new Set(receiver.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);

    const events = await t.request('GET', '/v1/events', { key: apiKey });
    const event = (
      events.json.data as { delivery: { status: string; attempts: { status_code: number }[] } }[]
    )[0];
    expect(event?.delivery.status).toBe('delivered');
    expect(event?.delivery.attempts.map((a) => a.status_code)).toEqual([503, 503, 503, 200]);
    t.clock.offsetMs = 0;
  });

  it('marks a notification failed after 3 days of refusals, keeping every attempt', async () => {
    const { apiKey } = await t.merchant({ webhookUrl: receiver.url });
    receiver.respond = 500;
    const pr = await t.request('POST', '/v1/payment-requests', { key: apiKey, body: paymentRequestBody() });
    await t.request('POST', `/v1/payment-requests/${String(pr.json.id)}/cancel`, { key: apiKey });
    const ctx = t.app.context;
    for (let i = 0; i < 40; i++) {
      await deliverDue(ctx);
      t.clock.offsetMs += 6 * 3_600_000 + 1;
    }
    t.clock.offsetMs = 0;
    const events = await t.request('GET', '/v1/events', { key: apiKey });
    const event = (
      events.json.data as {
        delivery: { status: string; attempts: unknown[]; next_attempt_at: string | null };
      }[]
    )[0];
    expect(event?.delivery.status).toBe('failed');
    expect(event?.delivery.next_attempt_at).toBeNull();
    expect(event?.delivery.attempts.length).toBeGreaterThan(5);
    expect(event?.delivery.attempts.length).toBeLessThan(40);
  });

  it('lists events newest first with a cursor, only the merchant’s own', async () => {
    const { apiKey } = await t.merchant({ webhookUrl: null });
    const other = await t.merchant();
    for (let i = 0; i < 3; i++) {
      const pr = await t.request('POST', '/v1/payment-requests', { key: apiKey, body: paymentRequestBody() });
      await t.request('POST', `/v1/payment-requests/${String(pr.json.id)}/cancel`, { key: apiKey });
    }
    const page = await t.request('GET', '/v1/events?limit=2', { key: apiKey });
    expect((page.json.data as unknown[]).length).toBe(2);
    expect(page.json.has_more).toBe(true);
    const rest = await t.request(
      'GET',
      `/v1/events?limit=2&starting_after=${String(page.json.next_cursor)}`,
      {
        key: apiKey,
      },
    );
    expect((rest.json.data as unknown[]).length).toBe(1);
    expect((await t.request('GET', '/v1/events', { key: other.apiKey })).json.data).toEqual([]);
    expect((await t.request('GET', '/v1/events?limit=500', { key: apiKey })).status).toBe(422);
    expect((await t.request('GET', '/v1/events')).status).toBe(401);
  });

  it('is sent by the running worker shortly after the change', async () => {
    const live = await startTestServer({ sandbox: t.sandbox, registerWebhook: false });
    const liveReceiver = await new WebhookReceiver().start();
    const { apiKey } = await live.merchant({ webhookUrl: liveReceiver.url });
    const pr = await live.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    await live.request('POST', `/v1/payment-requests/${String(pr.json.id)}/cancel`, { key: apiKey });
    await waitFor(() => liveReceiver.received.length === 1, 3_000, 'notification');
    await liveReceiver.close();
    await live.close({ keepSandbox: true });
  });
});
