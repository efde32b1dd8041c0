import { afterEach, describe, expect, it } from 'vitest';
import { paymentRequestBody, startTestServer, type TestServer } from '../test/harness.ts';

/**
 * The periodic jobs that must run once cluster-wide ask `Store.exclusive` for their turn. Here another instance
 * holding a job is played by the store answering `{ ran: false }` for it (across real PostgreSQL connections,
 * see `store/pg-exclusive.test.ts`).
 */
describe('cluster-wide jobs skip their turn while another instance holds them', () => {
  let t: TestServer;
  afterEach(() => t.close());

  async function start(env: Record<string, string> = {}): Promise<{ held: Set<string>; asked: string[] }> {
    t = await startTestServer({ workers: false, registerWebhook: false, env });
    const held = new Set<string>();
    const asked: string[] = [];
    const exclusive = t.store.exclusive.bind(t.store);
    t.store.exclusive = (job, fn) => {
      asked.push(job);
      return held.has(job) ? Promise.resolve({ ran: false }) : exclusive(job, fn);
    };
    return { held, asked };
  }

  it('expiry: requests past their expiry stay open while the job is held elsewhere, and expire on its next turn here', async () => {
    const { held, asked } = await start();
    const { apiKey } = await t.merchant();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await t.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody({ expires_at: expiresAt }),
    });
    expect(created.status, created.text).toBe(201);
    const id = String(created.json.id);
    t.clock.offsetMs = 2 * 3_600_000;
    held.add('expiry');
    await t.app.expiry.drain();
    expect(asked).toContain('expiry');
    expect((await t.store.paymentRequests.get(id))?.status).toBe('open');
    held.delete('expiry');
    await t.app.expiry.drain();
    expect((await t.store.paymentRequests.get(id))?.status).toBe('expired');
  });

  it('cleanup: ended rate-limit windows are swept only by the instance whose turn it is', async () => {
    const { held } = await start();
    const now = Date.now();
    await t.store.rateLimits.hit('api:ended', 1, now - 10);
    await t.store.rateLimits.hit('api:open', 3_600_000, now);
    held.add('cleanup');
    await t.app.cleanup.drain();
    // Not swept by the job: this sweep finds the ended window.
    expect(await t.store.rateLimits.sweep(Date.now())).toBe(1);
    await t.store.rateLimits.hit('api:ended', 1, now - 10);
    held.delete('cleanup');
    await t.app.cleanup.drain();
    expect(await t.store.rateLimits.sweep(Date.now())).toBe(0);
    expect(await t.store.rateLimits.peek('api:open', Date.now())).toMatchObject({ hits: 1 });
  });

  it('monitoring: rules over the store are evaluated by the holder alone, rules over process counters by every instance', async () => {
    const { held } = await start({
      ALERT_THRESHOLDS: JSON.stringify({
        webhook_dead_letters: { threshold: 1 },
        webhook_signature_failures: { threshold: 1, window_seconds: 300 },
      }),
    });
    const at = new Date().toISOString();
    await t.store.inbox.insert({ id: 'evt_parked', type: 't', payload: '{}', created: 1, receivedAt: at });
    await t.store.inbox.fail('evt_parked', { error: 'bad', at, retryAt: null });
    const forged = await t.request('POST', '/v1/webhooks/stripe', {
      rawBody: '{"id":"evt_forged","type":"charge.succeeded"}',
      headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' },
    });
    expect(forged.status).toBe(400);

    held.add('monitoring');
    await t.app.monitor.evaluate();
    expect(t.app.monitor.raised.map((a) => a.rule)).toEqual(['webhook_signature_failures']);
    expect(await t.metrics()).toContain('cargopay_monitor_value{rule="webhook_dead_letters"} 0');

    held.delete('monitoring');
    await t.app.monitor.evaluate();
    await t.app.monitor.evaluate();
    expect(t.app.monitor.raised.map((a) => a.rule)).toEqual([
      'webhook_signature_failures',
      'webhook_dead_letters',
    ]);
    expect(await t.metrics()).toContain('cargopay_monitor_value{rule="webhook_dead_letters"} 1');
  });
});
