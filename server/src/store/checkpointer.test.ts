import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCheckpoints } from './checkpointer.ts';
import { createSealer } from './crypto.ts';
import { SqliteStore } from './sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-checkpoints-'));
  dirs.push(dir);
  return dir;
}

function storeIn(dir: string): SqliteStore {
  const sealer = createSealer({ id: 'k1', key: randomBytes(32) }, []);
  return new SqliteStore(join(dir, 'cargopay.sqlite'), sealer, undefined, { backgroundCheckpoints: true });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const autocheckpoint = (db: DatabaseSync) =>
  (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

describe('background WAL checkpoints', () => {
  it('copies committed frames into the database from its own thread while the store connection never checkpoints, and closing removes the WAL', async () => {
    const dir = tempDir();
    const path = join(dir, 'cargopay.sqlite');
    const store = storeIn(dir);
    expect(autocheckpoint(store.db)).toBe(0);
    const before = statSync(path).size;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.inbox.insert({
          id: `evt_${i}`,
          type: 'payment_intent.succeeded',
          payload: JSON.stringify({ id: `evt_${i}`, padding: 'x'.repeat(2_000) }),
          created: 1,
          receivedAt: '2026-11-25T00:00:00.000Z',
        }),
      ),
    );
    const stats = store.checkpoints?.stats;
    await until(
      () => !!stats && stats.walFrames > 0 && stats.checkpointed === stats.walFrames,
      'the thread to copy every frame',
    );
    expect(stats?.checkpoints).toBeGreaterThan(0);
    // Only a checkpoint writes into the database file itself; the store's connection was told never to.
    expect(statSync(path).size).toBeGreaterThan(before + 200 * 2_000);
    expect(store.walStats()).toEqual({ pendingFrames: 0, checkpointThread: true });
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new DatabaseSync(path, { readOnly: true });
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM webhook_inbox').get()).toEqual({ n: 200 });
    reopened.close();
  });

  it('closes at once, without waiting for the thread, when the store closes before the thread opened the file', () => {
    const dir = tempDir();
    const store = storeIn(dir);
    store.close();
    expect(store.walStats()?.checkpointThread).toBe(false);
    expect(existsSync(join(dir, 'cargopay.sqlite-wal'))).toBe(false);
  });

  it('hands checkpoints back to the store connection when the thread fails', async () => {
    const dir = tempDir();
    const db = new DatabaseSync(join(dir, 'main.sqlite'));
    db.exec('PRAGMA journal_mode = WAL');
    // A directory is no database: the thread fails to open it.
    const checkpoints = new BackgroundCheckpoints(db, dir, 10);
    expect(autocheckpoint(db)).toBe(0);
    await until(() => !checkpoints.stats.running, 'the thread to fail');
    expect(checkpoints.stats.lastError).toMatch(/unable to open|database/i);
    expect(autocheckpoint(db)).toBe(1000);
    checkpoints.close();
    db.close();
  });
});
