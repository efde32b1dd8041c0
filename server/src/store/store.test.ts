import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  intentBody,
  paymentRequestBody,
  sqliteOf,
  startTestServer,
  type TestServer,
} from '../../test/harness.ts';
import { onPostgres } from '../../test/test-store.ts';
import { databaseContents } from '../../test/database-contents.ts';
import { backupOnce, listBackups, restoreBackup, scheduleBackups } from './backup.ts';
import { createSealer } from './crypto.ts';
import { PENDING_CASEWORK_SQL } from './sqlite-casework.ts';
import { EVENT_COUNTS_SQL } from './sqlite-risk.ts';
import { DUE_NOTIFICATIONS_SQL } from './sqlite-outbox.ts';
import {
  CAPTURE_DEADLINES_SQL,
  DISPUTES_FOR_REQUEST_SQL,
  REFUNDS_FOR_REQUEST_SQL,
  SqliteStore,
} from './sqlite-store.ts';
import { DEAD_LETTERS_SQL, PENDING_INBOX_SQL } from './sqlite-inbox.ts';
import { migrations } from './migrations.ts';
import { eventOrderMigration } from './migrations/0008-event-order.ts';
import { disputeStatusRank, UNSTAMPED } from '../stripe/event-order.ts';
import { openDatabase, schemaVersion } from './sqlite.ts';

const key = (byte: number, id: string) => ({ id, key: Buffer.alloc(32, byte) });

describe('sealing personal fields (AES-256-GCM)', () => {
  it('opens what it seals, and records the key id beside the ciphertext', () => {
    const sealer = createSealer(key(1, 'k1'));
    const sealed = sealer.seal('ada@example.com', 'payment_requests.customer_email:pr_1');
    expect(sealed).not.toContain('ada');
    expect(sealer.keyIdOf(sealed)).toBe('k1');
    expect(sealer.open(sealed, 'payment_requests.customer_email:pr_1')).toBe('ada@example.com');
  });

  it('keeps old rows readable after a key rotation, and seals new ones under the new key', () => {
    const old = createSealer(key(1, 'k1'));
    const sealed = old.seal('ada@example.com', 'ctx');
    const rotated = createSealer(key(2, 'k2'), [key(1, 'k1')]);
    expect(rotated.open(sealed, 'ctx')).toBe('ada@example.com');
    expect(rotated.keyIdOf(rotated.seal('x', 'ctx'))).toBe('k2');
    expect(() => createSealer(key(2, 'k2')).open(sealed, 'ctx')).toThrow(/unknown key id "k1"/);
  });

  it('refuses a ciphertext moved to another row or column, or tampered with', () => {
    const sealer = createSealer(key(1, 'k1'));
    const sealed = sealer.seal('ada@example.com', 'payment_requests.customer_email:pr_1');
    expect(() => sealer.open(sealed, 'payment_requests.customer_email:pr_2')).toThrow(/authentication/);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered!').toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'payment_requests.customer_email:pr_1')).toThrow();
  });
});

describe('the webhook inbox queue', () => {
  it('gives due events oldest first, retried ones last once their time has come, and dead letters never', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-queue-'));
    const store = new SqliteStore(join(dir, 'db.sqlite'), createSealer(key(1, 'k1')));
    try {
      for (const [id, created] of [
        ['evt_c', 3],
        ['evt_a', 1],
        ['evt_b', 2],
        ['evt_dead', 0],
      ] as const) {
        await store.inbox.insert({
          id,
          type: 't',
          payload: '{}',
          created,
          receivedAt: '2026-11-25T00:00:00Z',
        });
      }
      const at = '2026-11-25T00:00:10Z';
      await store.inbox.fail('evt_a', { error: 'a failure', at, retryAt: '2026-11-25T00:00:15Z' });
      await store.inbox.fail('evt_dead', { error: 'keeps failing', at, retryAt: null });
      // A lease of 0 ms: each claim finds the rows the previous one took, to show the order alone.
      const ids = async (now: string) => (await store.inbox.claim(10, 0, now)).map((e) => e.id);
      expect(await ids('2026-11-25T00:00:14Z')).toEqual(['evt_b', 'evt_c']);
      expect(await ids('2026-11-25T00:00:15Z')).toEqual(['evt_b', 'evt_c', 'evt_a']);
      expect(await store.inbox.deadLetters(10)).toEqual([
        expect.objectContaining({ id: 'evt_dead', attempts: 1, lastError: 'keeps failing', deadAt: at }),
      ]);
      expect((await store.backlog()).inboxDeadLetters).toBe(1);
      expect(await store.inbox.requeue({ allDeadLetters: true })).toEqual(['evt_dead']);
      expect(await ids('2026-11-25T00:00:15Z')).toEqual(['evt_dead', 'evt_b', 'evt_c', 'evt_a']);
      expect(await store.inbox.get('evt_dead')).toMatchObject({ attempts: 0, deadAt: null });
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a row whose payload does not open as unreadable, without failing the rows beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-queue-'));
    const path = join(dir, 'db.sqlite');
    const store = new SqliteStore(path, createSealer(key(1, 'k1')));
    try {
      for (const id of ['evt_good', 'evt_garbage', 'evt_bad_nonce', 'evt_moved']) {
        await store.inbox.insert({
          id,
          type: 't',
          payload: `{"n":"${id}"}`,
          created: 1,
          receivedAt: 'x',
        });
      }
      const moved = store.db.prepare("SELECT payload_sealed FROM webhook_inbox WHERE id = 'evt_good'").get();
      const plant = store.db.prepare('UPDATE webhook_inbox SET payload_sealed = ? WHERE id = ?');
      plant.run('garbage', 'evt_garbage');
      plant.run('cp1.k1.AA.AA.AA', 'evt_bad_nonce');
      plant.run(String(moved?.payload_sealed), 'evt_moved');
      const rows = await store.inbox.claim(10, 0, '9999');
      expect(rows.map((r) => [r.id, r.payload, r.payload === null ? r.unreadable : null])).toEqual([
        ['evt_good', '{"n":"evt_good"}', null],
        ['evt_garbage', null, 'not a sealed value'],
        ['evt_bad_nonce', null, expect.stringMatching(/^not a sealed value/)],
        ['evt_moved', null, expect.stringMatching(/failed authentication/)],
      ]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seals a payload under the very string stored as its id, and refuses an id that is not a string', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-queue-'));
    const store = new SqliteStore(join(dir, 'db.sqlite'), createSealer(key(1, 'k1')));
    try {
      // 2^53 + 1, as JSON.parse reads it: 9007199254740992.
      for (const id of [0, -0, Number('9007199254740993')]) {
        const event = { id: id as unknown as string, type: 't', payload: '{}', created: 1, receivedAt: 'x' };
        await expect(store.inbox.insert(event)).rejects.toThrow(/webhook_inbox.id must be a string/);
      }
      const change = {
        records: [
          {
            objectId: 0 as unknown as string,
            objectType: 'account',
            paymentRequestId: null,
            data: {},
            event: UNSTAMPED,
          },
        ],
      };
      await expect(store.commit(change, 'now')).rejects.toThrow(/stripe_records.object_id must be a string/);
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM webhook_inbox').get()).toEqual({ n: 0 });
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reads that grow with the business', () => {
  let dir: string;
  let db: DatabaseSync;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cargopay-plan-'));
    db = openDatabase(join(dir, 'db.sqlite'));
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const planOf = (sql: string) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...Array<null>((sql.match(/\?/g) ?? []).length).fill(null))
      .map((row) => String(row.detail))
      .join(' | ');

  it.each([
    ['the webhook queue', PENDING_INBOX_SQL, 'webhook_inbox_queue'],
    ['the webhook dead letters', DEAD_LETTERS_SQL, 'webhook_inbox_queue'],
    ['the casework queue', PENDING_CASEWORK_SQL, 'casework_jobs_queue'],
    ['due notifications', DUE_NOTIFICATIONS_SQL, 'notifications_due'],
    ["a payment request's disputes", DISPUTES_FOR_REQUEST_SQL, 'disputes_by_request'],
    ["a payment request's refunds", REFUNDS_FOR_REQUEST_SQL, 'refunds_by_request'],
  ])('%s: read through its index in its own order, no scan and no sort', (_name, sql, index) => {
    const plan = planOf(sql);
    expect(plan).toMatch(new RegExp(`^SEARCH \\w+ USING (COVERING )?INDEX ${index} `));
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN/);
  });

  it('the capture-deadline job reads only the authorized holds up to its horizon, in deadline order', () => {
    // Each hold's merchant settings are then found by primary key; the due conditions filter what the range gave.
    const plan = planOf(CAPTURE_DEADLINES_SQL);
    expect(plan).toMatch(
      /^SEARCH pr USING INDEX payment_requests_capture_deadline \(capture_before>\? AND capture_before<\?\) \| CORRELATED SCALAR SUBQUERY \d+ \| SEARCH cs USING INDEX sqlite_autoindex_capture_settings_1 \(merchant_id=\?\)/,
    );
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN/);
  });

  it("the monitoring rules' event counts read only the window's events", () => {
    // The GROUP BY then sorts only the events of the window, one row per merchant.
    const plan = planOf(EVENT_COUNTS_SQL);
    expect(plan).toMatch(
      /^SEARCH payment_events USING COVERING INDEX payment_events_by_time \(created_at>\?\)/,
    );
    expect(plan).not.toMatch(/SCAN/);
  });
});

describe('migrations', () => {
  it('records each applied version and refuses a file from a newer server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-mig-'));
    const path = join(dir, 'db.sqlite');
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'now')",
    ).run();
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this server knows/);
    rmSync(dir, { recursive: true });
  });

  it('applies a new migration once, in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-mig-'));
    const path = join(dir, 'db.sqlite');
    const core = migrations.filter((m) => m.version === 1);
    openDatabase(path, core).close();
    const notes = { version: 2, name: 'add notes', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY) STRICT;' };
    const extended = [...core, notes];
    const db = openDatabase(path, extended);
    expect(schemaVersion(db)).toBe(2);
    db.prepare("INSERT INTO notes (id) VALUES ('n1')").run();
    db.close();
    const reopened = openDatabase(path, extended);
    expect(schemaVersion(reopened)).toBe(2);
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM notes').get()).toEqual({ n: 1 });
    reopened.close();
    rmSync(dir, { recursive: true });
  });

  it('applies a version merged after a higher one already ran (branches numbered apart)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-mig-'));
    const path = join(dir, 'db.sqlite');
    const core = migrations.filter((m) => m.version === 1);
    const later = { version: 3, name: 'add tags', sql: 'CREATE TABLE tags (id TEXT PRIMARY KEY) STRICT;' };
    openDatabase(path, [...core, later]).close();
    const merged = { version: 2, name: 'add notes', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY) STRICT;' };
    const db = openDatabase(path, [...core, merged, later]);
    db.prepare("INSERT INTO notes (id) VALUES ('n1')").run();
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
    ]);
    db.close();
    rmSync(dir, { recursive: true });
  });
});

describe('migration 8: event order stamps', () => {
  it('keeps what rows written before knew: a closed case outranks a same-second review, the mirror its case’s time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-mig-'));
    const path = join(dir, 'db.sqlite');
    const before = openDatabase(
      path,
      migrations.filter((m) => m.version < eventOrderMigration.version),
    );
    before.exec(`
      INSERT INTO dispute_cases (id, charge_id, reason, status, inquiry, amount, currency, opened_at,
        last_event_created, updated_at)
      VALUES ('dp_old', 'ch_old', 'fraudulent', 'lost', 0, 100, 'eur', 'then', 1700000000, 'then');
      INSERT INTO disputes (id, charge_id, status, reason, amount, currency, updated_at)
      VALUES ('dp_old', 'ch_old', 'lost', 'fraudulent', 100, 'eur', 'then');
    `);
    before.close();
    const after = openDatabase(path);
    expect(
      after.prepare("SELECT last_event_rank AS rank FROM dispute_cases WHERE id = 'dp_old'").get(),
    ).toEqual({
      rank: disputeStatusRank('lost'),
    });
    expect(
      after.prepare("SELECT last_event_created AS created FROM disputes WHERE id = 'dp_old'").get(),
    ).toEqual({
      created: 1700000000,
    });
    after.close();
    rmSync(dir, { recursive: true });
  });
});

describe('the database never holds a plaintext email', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('after payment requests, idempotent replays, VAT proofs and webhook payloads with billing emails', async () => {
    const email = `secret.buyer.${randomBytes(4).toString('hex')}@example.org`;
    const { apiKey } = await t.merchant();
    const pr = await t.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody({ customer: { email, name: 'Zed Confidential' } }),
      headers: { 'idempotency-key': 'one' },
    });
    const id = String(pr.json.id);
    await t.request('POST', `/v1/checkout/${id}/vat`, { body: { vat_number: 'DE136308783' } });
    await t.request('POST', `/v1/checkout/${id}/intent`, { body: intentBody });
    const payload = JSON.stringify({
      id: 'evt_with_billing_email',
      object: 'event',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: 'charge.succeeded',
      data: {
        object: { id: 'ch_1', object: 'charge', billing_details: { email, name: 'Zed Confidential' } },
      },
    });
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload,
      secret: t.webhookSecret,
    });
    const res = await t.request('POST', '/v1/webhooks/stripe', {
      rawBody: payload,
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    await t.app.webhooks.drain();

    const contents = await databaseContents(t);
    expect(contents.includes(Buffer.from(email))).toBe(false);
    expect(contents.includes(Buffer.from('Zed Confidential'))).toBe(false);
    // …while the API still reads it back.
    const got = await t.request('GET', `/v1/payment-requests/${id}`, { key: apiKey });
    expect((got.json.customer as { email: string }).email).toBe(email);
  });
});

// SQLite-only: online backups of the file and `npm run restore`; PostgreSQL has its own (pg_dump, PITR).
// Skipped at run time, not declared skipped: the docs' controls name these tests, and they run on SQLite.
describe('backup and restore (SQLite-only: online backups of the SQLite file)', () => {
  beforeEach((ctx) => {
    if (onPostgres)
      ctx.skip('SQLite-only: online backups of the SQLite file; PostgreSQL uses pg_dump and PITR');
  });
  let t: TestServer;
  beforeAll(async () => {
    if (!onPostgres) t = await startTestServer({ workers: false, registerWebhook: false });
  });
  afterAll(() => t?.close());

  it('takes online backups with retention, and restores one in place of the database', async () => {
    const { apiKey } = await t.merchant();
    const before = await t.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    const dir = join(t.dir, 'backups');
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 4; i++) await backupOnce(sqliteOf(t), dir, 3, new Date(base + i * 900_000));
    const kept = listBackups(dir);
    expect(kept).toEqual([
      'cargopay-20260101T001500.000Z.sqlite',
      'cargopay-20260101T003000.000Z.sqlite',
      'cargopay-20260101T004500.000Z.sqlite',
    ]);
    const after = await t.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });

    const target = join(t.dir, 'restored.sqlite');
    const copy = new SqliteStore(target, createSealer(t.config.encryption.current));
    copy.close();
    const { kept: previous } = restoreBackup(join(dir, kept.at(-1) as string), target);
    expect(previous && existsSync(previous)).toBe(true);
    const restored = new SqliteStore(target, createSealer(t.config.encryption.current));
    expect(await restored.paymentRequests.get(String(before.json.id))).not.toBeNull();
    expect(await restored.paymentRequests.get(String(after.json.id))).toBeNull();
    restored.close();
  });

  it('repeats backups on its interval, keeping only the retention count', async () => {
    const dir = join(t.dir, 'scheduled');
    const results: { file?: string; error?: unknown }[] = [];
    const job = scheduleBackups(sqliteOf(t), { dir, intervalMs: 30, retention: 2 }, (r) => results.push(r));
    const { waitFor } = await import('../../sandbox/testing.ts');
    await waitFor(() => results.length >= 3, 5_000, 'three backups');
    await job.stop();
    expect(results.every((r) => r.file && !r.error)).toBe(true);
    // Three backups within a second or so: each got its own file, and retention kept the newest two.
    expect(listBackups(dir)).toEqual(results.slice(-2).map((r) => basename(r.file as string)));
  });

  it('two restores at the same instant keep both replaced databases', async () => {
    const dir = join(t.dir, 'twice');
    const backup = await backupOnce(sqliteOf(t), dir, 10);
    const target = join(t.dir, 'twice.sqlite');
    const at = new Date(Date.UTC(2026, 0, 1));
    const kept: (string | null)[] = [];
    for (const label of ['first', 'second']) {
      const db = new DatabaseSync(target);
      db.exec(`CREATE TABLE IF NOT EXISTS marker (label TEXT); INSERT INTO marker VALUES ('${label}')`);
      db.close();
      kept.push(restoreBackup(backup, target, at).kept);
      // The restored file is the backup; mark it again for the second round.
      rmSync(target);
    }
    expect(new Set(kept).size).toBe(2);
    const labels = kept.map((file) => {
      const db = new DatabaseSync(file as string, { readOnly: true });
      const row = db.prepare('SELECT label FROM marker').get() as { label: string };
      db.close();
      return row.label;
    });
    expect(labels).toEqual(['first', 'second']);
  });

  it('never replaces a backup taken in the same millisecond (a server restarted within a second)', async () => {
    const dir = join(t.dir, 'same-instant');
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 5));
    const first = await backupOnce(sqliteOf(t), dir, 10, at);
    const second = await backupOnce(sqliteOf(t), dir, 10, at);
    expect(basename(first)).toBe('cargopay-20260101T000000.005Z.sqlite');
    expect(basename(second)).toBe('cargopay-20260101T000000.006Z.sqlite');
    expect(listBackups(dir)).toEqual([basename(first), basename(second)]);
  });

  it('`npm run restore -- <file>` refuses a file that is not a CargoPay database and restores a real backup', async () => {
    const bogus = join(t.dir, 'bogus.sqlite');
    new DatabaseSync(bogus).close();
    const env = { ...process.env, DATABASE_PATH: join(t.dir, 'cli.sqlite'), ENCRYPTION_KEY: '' };
    const run = (file: string) => {
      try {
        return {
          code: 0,
          out: execFileSync(process.execPath, ['server/src/store/restore-cli.ts', file], {
            env,
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { code: e.status, out: e.stderr };
      }
    };
    const refused = run(bogus);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Restore refused: not a CargoPay database/);
    const backup = await backupOnce(sqliteOf(t), join(t.dir, 'backups2'), 5);
    const ok = run(backup);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Restored/);
    expect(existsSync(join(t.dir, 'cli.sqlite'))).toBe(true);
  });
});

describe('idempotency records', () => {
  it('reports a running first request as in progress, and lets a retry take over after a minute', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-idem-'));
    const store = new SqliteStore(join(dir, 'db.sqlite'), createSealer(key(1, 'k1')));
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    expect(await store.idempotency.begin('merchant:m', 'k', 'fp', at(0))).toEqual({ state: 'new' });
    expect(await store.idempotency.begin('merchant:m', 'k', 'fp', at(5_000))).toEqual({
      state: 'in-progress',
    });
    expect(await store.idempotency.begin('merchant:m', 'k', 'other', at(5_000))).toEqual({
      state: 'mismatch',
    });
    expect(await store.idempotency.begin('merchant:m', 'k', 'fp', at(61_000))).toEqual({ state: 'new' });
    await store.idempotency.finish('merchant:m', 'k', 201, '{"id":"pr_x"}');
    expect(await store.idempotency.begin('merchant:m', 'k', 'fp', at(120_000))).toEqual({
      state: 'replay',
      status: 201,
      body: '{"id":"pr_x"}',
    });
    store.close();
    rmSync(dir, { recursive: true });
  });
});
