import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../sandbox/testing.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { applyPendingEvents } from '../webhooks/worker.ts';
import { chargeOf, openSandboxDispute, payRequest } from '../disputes/test-helpers.ts';
import { createRequest } from '../../test/payments.ts';
import { MAX_CASEWORK_ATTEMPTS, retryDelayMs, runCasework } from './worker.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ workers: false });
});
afterAll(() => t.close());

const job = async (id: string) => (await t.rows('SELECT * FROM casework_jobs WHERE event_id = ?', [id]))[0];

describe('casework retries', () => {
  it('retries a failed item with growing delays and gives up after the last attempt, recording why', async () => {
    const ctx = t.app.context;
    const queue = ctx.store.casework;
    // A dispute on a PaymentIntent Stripe does not know: working on it fails every time.
    const dispute = {
      id: 'dp_unknown0000000000',
      object: 'dispute',
      status: 'needs_response',
      reason: 'general',
      amount: 1000,
      currency: 'eur',
      created: 1_700_000_000,
      charge: 'ch_unknown0000000000',
      payment_intent: 'pi_unknown0000000000',
      evidence_details: { due_by: 1_700_600_000 },
    };
    await queue.enqueue(
      { eventId: 'evt_retry_1', type: 'charge.dispute.created', object: dispute, created: 1 },
      ctx.now().toISOString(),
    );

    expect(await runCasework(ctx)).toBe(0);
    const first = await job('evt_retry_1');
    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(String(first?.last_error)).toMatch(/pi_unknown/);
    const due = new Date(String(first?.next_attempt_at)).getTime();
    expect(due - Date.now()).toBeGreaterThan(retryDelayMs(1) - 1_000);

    // Not tried again before its time.
    await runCasework(ctx);
    expect((await job('evt_retry_1'))?.attempts).toBe(1);

    try {
      for (let attempt = 2; attempt <= MAX_CASEWORK_ATTEMPTS; attempt++) {
        t.clock.offsetMs += retryDelayMs(attempt - 1) + 1_000;
        await runCasework(ctx);
        expect((await job('evt_retry_1'))?.attempts).toBe(attempt);
      }
    } finally {
      t.clock.offsetMs = 0;
    }
    expect(await job('evt_retry_1')).toMatchObject({
      status: 'failed',
      attempts: MAX_CASEWORK_ATTEMPTS,
      next_attempt_at: null,
    });
    expect(t.logs.some((l) => l.includes('casework failed; giving up'))).toBe(true);
    const metrics = await t.metrics();
    expect(metrics).toContain('cargopay_casework_backlog{state="failed"} 1');
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });

  it('records a dispute as submitted when Stripe already has the evidence (a crash after submitting, before recording)', async () => {
    const ctx = t.app.context;
    const key = (await t.merchant()).apiKey;
    const id = await createRequest(t, key);
    const charge = await chargeOf(t, await payRequest(t, id));
    const opened = await openSandboxDispute(t, charge, 'general');
    await t.sandbox
      .stripeClient()
      .disputes.update(opened.id, { evidence: { uncategorized_text: 'sent before the crash' } });
    // Workers are off here: apply the delivered events and work the queue by hand until the case exists.
    await waitFor(async () => {
      await applyPendingEvents(ctx);
      await runCasework(ctx);
      return (await t.request('GET', `/v1/disputes/${opened.id}`, { key })).status === 200;
    });
    const recorded = await t.request('GET', `/v1/disputes/${opened.id}`, { key });
    expect(recorded.json).toMatchObject({ response: 'submitted', evidence: null });
    expect(recorded.json.submitted_at).toEqual(expect.any(String));
  });
});
