import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';
import { inTransaction, openDatabase } from './sqlite.ts';

const schema = [{ version: 1, name: 'test', sql: 'CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT NOT NULL)' }];

describe('group commit', () => {
  let dir: string;
  let path: string;
  let db: DatabaseSync;
  let group: GroupCommit;
  const insert =
    (id: string, v = 'x') =>
    () =>
      Number(db.prepare('INSERT INTO t (id, v) VALUES (?, ?)').run(id, v).changes);
  /** What another connection (another process, after a crash) sees: only committed rows. */
  const committedIds = () => {
    const other = new DatabaseSync(path, { readOnly: true });
    try {
      return (other.prepare('SELECT id FROM t ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    } finally {
      other.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cargopay-group-'));
    path = join(dir, 'group.sqlite');
    db = openDatabase(path, schema);
    group = new GroupCommit(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together, and settles each only once committed', async () => {
    const seenBeforeCommit: string[][] = [];
    const writes = Array.from({ length: 20 }, (_, i) =>
      group.write(insert(`r${String(i).padStart(2, '0')}`)),
    );
    // Nothing runs before the turn ends: the group has not even begun.
    seenBeforeCommit.push(committedIds());
    expect(await Promise.all(writes)).toEqual(Array(20).fill(1));
    expect(seenBeforeCommit[0]).toEqual([]);
    expect(committedIds()).toHaveLength(20);
    expect(group.stats).toEqual({ commits: 1, writes: 20, relaxedCommits: 0 });
    expect(db.isTransaction).toBe(false);
  });

  it('rolls back and rejects only the write that threw; the rest of its group commits', async () => {
    const results = await Promise.allSettled([
      group.write(insert('a')),
      group.write(() => {
        insert('b')();
        insert('a')(); // duplicate key: this write fails, and its insert of 'b' must go with it
      }),
      group.write(insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(committedIds()).toEqual(['a', 'c']);
    expect(group.stats.commits).toBe(1);
  });

  it('lets a write use inTransaction, which nests as a savepoint and undoes only its own part', async () => {
    const outcome = await group.write(() => {
      insert('kept')();
      try {
        inTransaction(db, () => {
          insert('undone')();
          throw new Error('changed my mind');
        });
      } catch {
        return 'inner rolled back';
      }
      return 'unexpected';
    });
    expect(outcome).toBe('inner rolled back');
    expect(committedIds()).toEqual(['kept']);
  });

  it('keeps nothing of a group whose disk is full, and rejects every write in it', async () => {
    await group.write(insert('before'));
    const pageCount = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pageCount + 1}`);
    const big = 'y'.repeat(64 * 1024);
    const results = await Promise.allSettled([
      group.write(insert('small')),
      group.write(insert('huge', big)),
      group.write(insert('after')),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/full/i);
    expect(committedIds()).toEqual(['before']);
    expect(db.isTransaction).toBe(false);
    // The connection is usable again once there is room.
    db.exec('PRAGMA max_page_count = 1073741823');
    await group.write(insert('later'));
    expect(committedIds()).toEqual(['before', 'later']);
  });

  it('commits a group of only relaxed writes without waiting for the disk, and goes back to FULL after', async () => {
    const synchronous = () => (db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous;
    const FULL = 2;
    const NORMAL = 1;
    expect(synchronous()).toBe(FULL);
    // Alone, relaxed writes commit under NORMAL...
    const relaxed = await Promise.all([
      group.write(() => (insert('r1')(), synchronous()), { durable: false }),
      group.write(() => (insert('r2')(), synchronous()), { durable: false }),
    ]);
    expect(relaxed).toEqual([NORMAL, NORMAL]);
    expect(synchronous()).toBe(FULL);
    // ...but one durable write in the group makes the whole COMMIT wait for the disk.
    const mixed = await Promise.all([
      group.write(() => (insert('m1')(), synchronous()), { durable: false }),
      group.write(() => (insert('m2')(), synchronous())),
    ]);
    expect(mixed).toEqual([FULL, FULL]);
    expect(group.stats).toMatchObject({ commits: 2, relaxedCommits: 1 });
    expect(committedIds()).toEqual(['m1', 'm2', 'r1', 'r2']);
    // A write outside any group (an autocommit statement) is durable again.
    expect(synchronous()).toBe(FULL);
  });

  it('commits what is queued when asked to flush now (before the connection closes)', async () => {
    const pending = group.write(insert('last'));
    group.flushNow();
    expect(committedIds()).toEqual(['last']);
    await expect(pending).resolves.toBe(1);
  });
});
