import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabaseAt } from './postgres.ts';

/**
 * Which engine the test servers (`harness.ts`) store in: `CARGOPAY_TEST_STORE=postgres` runs the server's own
 * suite on PostgreSQL (`npm run test:node:postgres`), a fresh database per test server on the run's PostgreSQL
 * (`postgres-global-setup.ts`); unset or `sqlite`, a SQLite file in the test server's directory.
 */
function testStore(): 'sqlite' | 'postgres' {
  const value = process.env.CARGOPAY_TEST_STORE ?? 'sqlite';
  if (value !== 'sqlite' && value !== 'postgres') {
    throw new Error(`CARGOPAY_TEST_STORE must be "sqlite" or "postgres", not ${JSON.stringify(value)}`);
  }
  return value;
}

/** True when this run's test servers store in PostgreSQL: what `it.skipIf(onPostgres)` skips SQLite-only tests on. */
export const onPostgres = testStore() === 'postgres';

const URL_FILE = 'database-url';

/**
 * The PostgreSQL database of the test server whose directory is `dir`: the one a server started in `dir` before
 * created (its URL is kept in the directory, so that a restart reusing `dir` finds the same rows), or a fresh one.
 */
export async function databaseFor(dir: string): Promise<string> {
  const file = join(dir, URL_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const url = await createDatabaseAt(inject('postgresAdminUrl'));
  writeFileSync(file, url);
  return url;
}

/**
 * Drops a test server's database once its pools are ended, so a whole run does not pile up hundreds of them.
 * Not `WITH (FORCE)`: an ended pool's connections may still be saying goodbye, and a forced drop would kill them
 * with an error nobody listens to any more; PostgreSQL waits up to 5 s for them. A database still in use after
 * that (a test left a store open) stays until the run's PostgreSQL is removed.
 */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== OBJECT_IN_USE) throw error;
  } finally {
    await client.end();
  }
}

/** SQLSTATE 55006: the database still has other sessions. */
const OBJECT_IN_USE = '55006';

/**
 * `?` placeholders as PostgreSQL's `$1, $2…`, so that a test's SQL reads the same rows on both engines. A `?`
 * inside a quoted string or identifier is left alone.
 */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}
