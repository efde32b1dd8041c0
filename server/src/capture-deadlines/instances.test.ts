import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { authorizedRequest, notificationTypes } from '../../test/payments.ts';
import { onPostgres } from '../../test/test-store.ts';
import { setClock } from './test-helpers.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Two CargoPay instances on one PostgreSQL database (each its own app, pool and workers, one shared sandbox),
 * both running the capture-deadline job at the same moments: the merchant is warned once and the hold captured
 * once. PostgreSQL only: SQLite serves one instance.
 */
describe.skipIf(!onPostgres)('the capture-deadline job on two instances sharing one PostgreSQL', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' } });
    b = await startTestServer({ dir: a.dir, sandbox: a.sandbox, registerWebhook: false });
  });
  afterAll(async () => {
    await b.close({ keepDir: true });
    await a.close();
  });

  /** Both instances run the job twice at once, at `at` on their clocks. */
  async function bothRunAt(at: number): Promise<void> {
    setClock(a, at);
    setClock(b, at);
    try {
      await Promise.all([
        a.app.captureDeadlines.drain(),
        b.app.captureDeadlines.drain(),
        a.app.captureDeadlines.drain(),
        b.app.captureDeadlines.drain(),
      ]);
    } finally {
      a.clock.offsetMs = 0;
      b.clock.offsetMs = 0;
    }
  }

  it('sends one warning and makes one capture', async () => {
    const { apiKey: key } = await a.merchant();
    const saved = await b.request('POST', '/v1/settings/capture', { key, body: { at_deadline: 'capture' } });
    expect(saved.status).toBe(200);
    const { id, pi, captureBefore } = await authorizedRequest(a, key);
    // Each instance asks for its turn; runs in the other instance are skipped, not repeated.
    const ran: boolean[] = [];
    for (const t of [a, b]) {
      const exclusive = t.store.exclusive.bind(t.store);
      t.store.exclusive = async (job, fn, options) => {
        const run = await exclusive(job, fn, options);
        if (job === 'capture-deadlines') ran.push(run.ran);
        return run;
      };
    }

    await bothRunAt(captureBefore - 23 * HOUR);
    await bothRunAt(captureBefore - 22 * HOUR);
    const warnings = await a.rows<{ n: number | string }>(
      "SELECT count(*) AS n FROM notifications WHERE payment_request_id = ? AND type = 'payment_request.capture_expiring'",
      [id],
    );
    expect(Number(warnings[0]?.n)).toBe(1);

    await bothRunAt(captureBefore - 5 * MINUTE);
    await bothRunAt(captureBefore - 4 * MINUTE);
    expect(await a.sandbox.stripeClient().paymentIntents.retrieve(pi)).toMatchObject({
      status: 'succeeded',
      amount_received: 12_000,
    });
    expect((await b.store.paymentRequests.get(id))?.status).toBe('paid');
    expect(await notificationTypes(b, key, id)).toEqual([
      'payment_request.authorized',
      'payment_request.capture_expiring',
      'payment_request.paid',
    ]);
    expect(ran).toContain(true);
  });
});
