import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Pool } from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { migratePostgres, type PgMigration } from './pg-migrations.ts';
import { createPool } from './pg-pool.ts';
import { PgScope } from './pg-scope.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 3) });
const things: PgMigration = {
  version: 1,
  name: 'things',
  sql: 'CREATE TABLE things (id TEXT PRIMARY KEY, n BIGINT NOT NULL)',
};

describe('PostgreSQL scope and migrations', () => {
  let url: string;
  let pools: Pool[];
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    pools = [];
  });
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.end()));
  });
  const pool = () => {
    const p = createPool(url, { max: 3 });
    pools.push(p);
    return p;
  };

  it('migrates once when instances start together, each seeing every version applied', async () => {
    const second: PgMigration = { version: 2, name: 'more', sql: 'ALTER TABLE things ADD COLUMN note TEXT' };
    const results = await Promise.all([1, 2, 3].map(() => migratePostgres(pool(), [things, second])));
    expect(results.flat().sort()).toEqual([1, 2]);
    const rows = await pool().query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((r: { version: number }) => r.version)).toEqual([1, 2]);
  });

  it('leaves the schema as it was when a migration fails', async () => {
    const broken: PgMigration = { version: 2, name: 'broken', sql: 'ALTER TABLE nowhere ADD COLUMN x TEXT' };
    await expect(migratePostgres(pool(), [things, broken])).rejects.toThrow(/nowhere/);
    const tables = await pool().query("SELECT 1 FROM pg_tables WHERE tablename = 'things'");
    expect(tables.rowCount).toBe(0);
  });

  it('commits a write whole or not at all; a failed savepoint undoes only itself; BIGINT reads as a number', async () => {
    const p = pool();
    await migratePostgres(p, [things]);
    const scope = new PgScope(p, sealer);
    await expect(
      scope.write(async (s) => {
        await s.run('INSERT INTO things (id, n) VALUES ($1, $2)', ['a', 1]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await scope.all('SELECT * FROM things')).toEqual([]);

    await scope.write(
      async (s) => {
        await s.run('INSERT INTO things (id, n) VALUES ($1, $2)', ['b', 2 ** 40]);
        await expect(
          s.write(async (inner) => {
            await inner.run('INSERT INTO things (id, n) VALUES ($1, $2)', ['c', 3]);
            await inner.run('INSERT INTO things (id, n) VALUES ($1, $2)', ['b', 4]);
          }),
        ).rejects.toThrow(/duplicate key/);
      },
      { durable: false },
    );
    expect(await scope.all('SELECT id, n FROM things')).toEqual([{ id: 'b', n: 2 ** 40 }]);
  });

  it('opens a relaxed write at READ COMMITTED without the WAL wait, for that transaction alone', async () => {
    // One connection, so the plain write after the relaxed one runs on the same session.
    const p = createPool(url, { max: 1 });
    pools.push(p);
    await migratePostgres(p, [things]);
    const scope = new PgScope(p, sealer);
    const settings = (s: PgScope) =>
      s.one(`SELECT current_setting('synchronous_commit') AS sync,
        current_setting('transaction_isolation') AS isolation`);
    await expect(
      scope.write(
        async (s) => {
          expect(await settings(s)).toEqual({ sync: 'off', isolation: 'read committed' });
          await s.run('INSERT INTO things (id, n) VALUES ($1, $2)', ['a', 1]);
          throw new Error('changed my mind');
        },
        { durable: false },
      ),
    ).rejects.toThrow('changed my mind');
    expect(await scope.all('SELECT * FROM things')).toEqual([]);
    await scope.write(async (s) => {
      expect(await settings(s)).toEqual({ sync: 'on', isolation: 'read committed' });
    });
  });

  it('refuses a transaction scope used after its transaction ended', async () => {
    const p = pool();
    await migratePostgres(p, [things]);
    let leaked: PgScope | null = null;
    await new PgScope(p, sealer).write(async (s) => {
      leaked = s;
    });
    await expect((leaked as unknown as PgScope).all('SELECT 1')).rejects.toThrow(/ended/);
  });
});

describe('PostgreSQL lookups by text holding NUL', () => {
  it('find nothing, as on SQLite, instead of failing', async () => {
    const p = createPool(await createDatabaseAt(inject('postgresAdminUrl')), { max: 1 });
    try {
      await migratePostgres(p, [things]);
      const scope = new PgScope(p, sealer);
      await scope.run('INSERT INTO things (id, n) VALUES ($1, $2)', ['a', 1]);
      expect(await scope.one('SELECT * FROM things WHERE id = $1', ['a\u0000'])).toBeUndefined();
      expect(await scope.all('SELECT * FROM things WHERE id = $1', ['\u0000'])).toEqual([]);
      expect(await scope.one('SELECT n FROM things WHERE id = $1', ['a'])).toEqual({ n: 1 });
    } finally {
      await p.end();
    }
  });
});
