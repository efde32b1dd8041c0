import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseAt, startTestPostgres } from '../../test/postgres.ts';
import { merchant } from './contract/fixtures.ts';
import { createSealer } from './crypto.ts';
import { storeFailure } from './failures.ts';
import { createPool } from './pg-pool.ts';
import { openPgStore } from './pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 5) });
const failureOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return storeFailure(error);
  }
  throw new Error('the work succeeded');
};

describe('store failures, as the error handler sees them', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('calls a full SQLite file full', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-full-'));
    dirs.push(dir);
    const store = new SqliteStore(join(dir, 'db.sqlite'), sealer);
    const pages = Number((store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    store.db.exec(`PRAGMA max_page_count = ${pages}`);
    let failure: string | null = null;
    for (let i = 0; i < 500 && failure === null; i++) {
      failure = await store.merchants.insert(merchant(`mer_${i}_${'x'.repeat(200)}`)).then(
        () => null,
        (error: unknown) => storeFailure(error) ?? 'other',
      );
    }
    expect(failure).toBe('full');
    store.close();
  });

  it('calls PostgreSQL stopped, mid-transaction or not, unavailable, and the process lives on', async () => {
    const postgres = await startTestPostgres();
    const store = await openPgStore({ url: await postgres.createDatabase(), sealer });
    await store.merchants.insert(merchant('mer_1'));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let stopped!: () => void;
    const afterStop = new Promise<void>((resolve) => (stopped = resolve));
    const transaction = store.transaction(async (tx) => {
      await tx.commit({ notifications: [] }, new Date().toISOString());
      entered();
      await afterStop;
      await tx.commit({ notifications: [] }, new Date().toISOString());
    });
    await inside;
    await postgres.stop();
    stopped();
    expect(await failureOf(transaction)).toBe('unavailable');
    expect(await failureOf(store.merchants.get('mer_1'))).toBe('unavailable');
    store.close();
  });

  it('calls a pool that waited too long for a free connection unavailable', async () => {
    const pool = createPool(await createDatabaseAt(inject('postgresAdminUrl')), {
      max: 1,
      connectionTimeoutMs: 200,
    });
    const held = await pool.connect();
    try {
      expect(await failureOf(pool.query('SELECT 1'))).toBe('unavailable');
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('leaves every other error to be a bug', () => {
    expect(storeFailure(new Error('syntax error'))).toBeNull();
    expect(storeFailure(Object.assign(new Error('unique'), { code: '23505' }))).toBeNull();
    expect(storeFailure('text')).toBeNull();
  });
});
