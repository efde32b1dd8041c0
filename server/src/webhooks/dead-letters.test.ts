import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentRequestBody, startTestServer, type TestServer } from '../../test/harness.ts';
import { onPostgres } from '../../test/test-store.ts';
import { createSealer } from '../store/crypto.ts';
import { runWebhookCommand } from './commands.ts';
import { MAX_WEBHOOK_ATTEMPTS, webhookRetryDelayMs } from './retry.ts';
import { metricValue, postSigned, succeededJson } from './test-helpers.ts';
import { applyPendingEvents } from './worker.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const t = await startTestServer({ registerWebhook: false, ...options });
  servers.push(t);
  return t;
}

async function newRequest(t: TestServer, key: string): Promise<string> {
  const res = await t.request('POST', '/v1/payment-requests', { key, body: paymentRequestBody() });
  return String(res.json.id);
}

type InboxRow = Record<string, string | number | null>;

const PLANT_SQL = `INSERT INTO webhook_inbox (id, type, payload_sealed, created, received_at) VALUES (?, 'payment_intent.succeeded', ?, 1, ?)`;

/**
 * Another connection to the server's database, as an outside hand (or an older server) would write: a second
 * handle on the SQLite file, or on PostgreSQL the test's own connection (`t.rows`).
 */
async function plant(t: TestServer, rows: { id: string; payloadSealed: string }[]): Promise<void> {
  if (onPostgres) {
    for (const r of rows) await t.rows(PLANT_SQL, [r.id, r.payloadSealed, new Date().toISOString()]);
    return;
  }
  const db = new DatabaseSync(join(t.dir, 'cargopay.sqlite'));
  try {
    const insert = db.prepare(PLANT_SQL);
    for (const r of rows) insert.run(r.id, r.payloadSealed, new Date().toISOString());
  } finally {
    db.close();
  }
}

const row = async (t: TestServer, id: string): Promise<InboxRow> => {
  const [found] = await t.rows<InboxRow>('SELECT * FROM webhook_inbox WHERE id = ?', [id]);
  if (!found) throw new Error(`no inbox row ${id}`);
  return found;
};

function output() {
  const lines: string[] = [];
  return { lines, out: { info: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } };
}

describe('one bad row never blocks the others', () => {
  it('a corrupt row planted in the database does not stop the next signed events from being applied, before and after a restart', async () => {
    // Workers off: each pass is the test's own (`drain`), so the attempts counted are the ones it caused.
    const t = await server({ workers: false });
    const { apiKey } = await t.merchant();
    const [first, second] = [await newRequest(t, apiKey), await newRequest(t, apiKey)];
    const sealer = createSealer(t.config.encryption.current);
    const plantedAt = t.app.context.now().getTime();
    await plant(t, [
      // Garbage where the sealed payload should be.
      { id: 'evt_garbage', payloadSealed: 'garbage' },
      // What a numeric id left behind: the row says '0.0', the seal was made for '0'.
      { id: '0.0', payloadSealed: sealer.seal(succeededJson(first), 'webhook_inbox.payload:0') },
      // Sealed well, but an envelope the worker cannot use (stored before envelopes were checked).
      {
        id: 'evt_bad_envelope',
        payloadSealed: sealer.seal(
          '{"id":"evt_bad_envelope","type":"payment_intent.succeeded","created":1.5,"livemode":false,"data":null}',
          'webhook_inbox.payload:evt_bad_envelope',
        ),
      },
    ]);

    expect((await postSigned(t, succeededJson(first))).status).toBe(200);
    await t.app.webhooks.drain();
    expect((await t.store.paymentRequests.get(first))?.status).toBe('paid');
    for (const [id, error] of [
      ['evt_garbage', /not a sealed value/],
      ['0.0', /failed authentication/],
      ['evt_bad_envelope', /envelope not valid: created, data/],
    ] as const) {
      const r = await row(t, id);
      expect(r.processed_at, id).toBeNull();
      expect(r.attempts, id).toBe(1);
      expect(String(r.last_error), id).toMatch(error);
      expect(Date.parse(String(r.next_attempt_at)) - plantedAt, id).toBeGreaterThanOrEqual(
        webhookRetryDelayMs(1),
      );
    }

    await t.close({ keepDir: true });
    servers.splice(servers.indexOf(t), 1);
    // Restarted with its workers on, as `npm start` runs.
    const again = await server({ dir: t.dir, webhookSecret: t.webhookSecret });
    expect((await postSigned(again, succeededJson(second))).status).toBe(200);
    await again.app.webhooks.drain();
    expect((await again.store.paymentRequests.get(second))?.status).toBe('paid');
    for (const id of ['evt_garbage', '0.0', 'evt_bad_envelope']) {
      expect((await row(again, id)).processed_at, id).toBeNull();
      expect((await row(again, id)).attempts, id).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('retries, dead letters and replay', () => {
  const oldKey = { id: 'old', key: Buffer.alloc(32, 9) };

  it('a row that keeps failing backs off, is parked after its last attempt with its error, is counted, alerted on and listed, and replay applies it once the cause is fixed', async () => {
    const t = await server({ workers: false });
    const ctx = t.app.context;
    const { apiKey } = await t.merchant();
    const pr = await newRequest(t, apiKey);
    // A real event sealed under a key this server was not given (ENCRYPTION_KEYS_RETIRED left out).
    await plant(t, [
      {
        id: 'evt_old_key',
        payloadSealed: createSealer(oldKey).seal(
          succeededJson(pr, { id: 'evt_old_key' }),
          'webhook_inbox.payload:evt_old_key',
        ),
      },
    ]);

    await applyPendingEvents(ctx);
    const first = await row(t, 'evt_old_key');
    expect(first).toMatchObject({ attempts: 1, dead_at: null });
    expect(String(first.last_error)).toMatch(/unknown key id "old"/);
    expect(Date.parse(String(first.next_attempt_at)) - ctx.now().getTime()).toBeGreaterThan(
      webhookRetryDelayMs(1) - 1_000,
    );
    // Not tried again before its time.
    await applyPendingEvents(ctx);
    expect((await row(t, 'evt_old_key')).attempts).toBe(1);

    for (let attempt = 2; attempt <= MAX_WEBHOOK_ATTEMPTS; attempt++) {
      t.clock.offsetMs += webhookRetryDelayMs(attempt - 1) + 1_000;
      await applyPendingEvents(ctx);
      expect((await row(t, 'evt_old_key')).attempts).toBe(attempt);
    }
    const parked = await row(t, 'evt_old_key');
    expect(parked).toMatchObject({
      attempts: MAX_WEBHOOK_ATTEMPTS,
      next_attempt_at: null,
      processed_at: null,
    });
    expect(parked.dead_at).toEqual(expect.any(String));
    t.clock.offsetMs += 30 * 86_400_000;
    await applyPendingEvents(ctx);
    expect((await row(t, 'evt_old_key')).attempts).toBe(MAX_WEBHOOK_ATTEMPTS);
    expect(webhookRetryDelayMs(1)).toBe(5_000);
    expect(webhookRetryDelayMs(MAX_WEBHOOK_ATTEMPTS)).toBe(3_600_000);

    expect(await metricValue(t, 'cargopay_webhook_dead_letters')).toBe(1);
    expect(await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'dead_lettered' })).toBe(1);
    expect(await t.store.backlog()).toMatchObject({ inboxPending: 0, inboxDeadLetters: 1 });
    expect(t.logs.some((l) => l.includes('"level":50') && l.includes('parked as a dead letter'))).toBe(true);
    const monitor = t.app.monitor;
    await monitor.evaluate();
    expect(monitor.raised).toContainEqual(
      expect.objectContaining({ rule: 'webhook_dead_letters', key: 'all', value: 1, window_seconds: null }),
    );
    const listed = output();
    expect(await runWebhookCommand(['dead-letters'], t.store, listed.out)).toBe(0);
    expect(listed.lines.join('\n')).toMatch(/evt_old_key {2}payment_intent\.succeeded/);
    expect(listed.lines.join('\n')).toContain(`after ${MAX_WEBHOOK_ATTEMPTS} attempts`);
    expect(listed.lines.join('\n')).toContain('unknown key id "old"');
    expect((await t.store.paymentRequests.get(pr))?.status).toBe('open');

    // The fix: the retired key is configured again. Then an operator replays, from another process.
    await t.close({ keepDir: true });
    servers.splice(servers.indexOf(t), 1);
    const retired = `old:${oldKey.key.toString('base64')}`;
    const fixed = await server({
      dir: t.dir,
      workers: false,
      webhookSecret: t.webhookSecret,
      env: { ENCRYPTION_KEYS_RETIRED: retired },
    });
    const replay = await promisify(execFile)(
      process.execPath,
      ['server/src/webhooks/cli.ts', 'replay', 'evt_old_key'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_PATH: fixed.config.databasePath,
          ...(fixed.config.database ? { DATABASE_URL: fixed.config.database.url } : {}),
          ENCRYPTION_KEY: `${fixed.config.encryption.current.id}:${fixed.config.encryption.current.key.toString('base64')}`,
          ENCRYPTION_KEYS_RETIRED: retired,
        },
        encoding: 'utf8',
      },
    );
    expect(replay.stdout).toContain('Requeued 1 event(s): evt_old_key');
    expect(await row(fixed, 'evt_old_key')).toMatchObject({ attempts: 0, dead_at: null });
    await applyPendingEvents(fixed.app.context);
    expect((await fixed.store.paymentRequests.get(pr))?.status).toBe('paid');
    expect(await row(fixed, 'evt_old_key')).toMatchObject({
      processed_at: expect.any(String),
      last_error: null,
    });
    expect(await metricValue(fixed, 'cargopay_webhook_dead_letters')).toBe(0);
  });

  it('`npm run webhooks` commands: usage, an unknown or applied event, --all with nothing parked, and discarding a row that can never open', async () => {
    const t = await server({ workers: false });
    const run = async (...argv: string[]) => {
      const o = output();
      return { code: await runWebhookCommand(argv, t.store, o.out), text: o.lines.join('\n') };
    };
    expect(await run()).toMatchObject({ code: 2, text: expect.stringMatching(/^usage:/) });
    expect(await run('replay')).toMatchObject({ code: 2 });
    expect(await run('replay', 'evt_a', '--all')).toMatchObject({ code: 2 });
    expect(await run('replay', 'nope')).toMatchObject({
      code: 1,
      text: expect.stringMatching(/not a Stripe event id/),
    });
    expect(await run('replay', 'evt_unknown')).toMatchObject({
      code: 1,
      text: expect.stringMatching(/no event evt_unknown/),
    });
    expect(await run('replay', '--all')).toMatchObject({ code: 1, text: 'No dead letters.' });
    expect(await run('dead-letters')).toMatchObject({
      code: 0,
      text: expect.stringMatching(/^No dead letters/),
    });
    // What a numeric event id left behind before envelopes were checked: parked, and no replay can open it.
    await plant(t, [{ id: '0.0', payloadSealed: 'sealed for another context' }]);
    await t.store.inbox.fail('0.0', {
      error: 'sealed value failed authentication',
      at: 'now',
      retryAt: null,
    });
    expect(await run('dead-letters')).toMatchObject({
      code: 0,
      text: expect.stringContaining('0.0  payment_intent'),
    });
    expect(await run('discard', 'evt_unknown')).toMatchObject({ code: 1 });
    expect(await run('discard', '0.0')).toMatchObject({
      code: 0,
      text: expect.stringMatching(/^Discarded 0\.0/),
    });
    expect(await t.store.inbox.get('0.0')).toMatchObject({
      processedAt: expect.any(String),
      lastError: 'discarded by an operator; sealed value failed authentication',
    });
    expect((await t.store.backlog()).inboxDeadLetters).toBe(0);
  });
});
