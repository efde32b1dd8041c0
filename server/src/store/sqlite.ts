import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { migrations as allMigrations, type Migration } from './migrations.ts';

/**
 * Opens the SQLite file through Node's built-in `node:sqlite` (no native addon): WAL journal with full sync, foreign keys on,
 * a busy timeout, and every pending migration applied in its own transaction. Refuses a file whose schema is
 * newer than this code knows.
 */
export function openDatabase(path: string, migrations: Migration[] = allMigrations): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a committed transaction survives power loss too, so "written before acknowledged" holds for every
  // answer. Group commit (`group-commit.ts`) shares one such COMMIT among the writes of a turn. (Measured: WAL
  // with NORMAL plus an fsync of the WAL on libuv's thread pool before each answer was no faster here.)
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

let savepoints = 0;

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, or inside a savepoint when a transaction is already open (a
 * group commit, see `group-commit.ts`); rolls back its own part and rethrows on any error.
 */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) {
    const name = `nested_${++savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (db.isTransaction) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
      }
      throw error;
    }
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

const MAX_STATEMENTS = 200;
const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/**
 * The connection's prepared statement for `sql`, compiled once: preparing on every call cost more than
 * running most of these queries.
 */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    // Some statements are built per call (`IN (?,?,…)` lists); the oldest go first so the cache stays bounded.
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function migrate(db: DatabaseSync, migrations: Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current = schemaVersion(db);
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > known) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${known}); upgrade the server`,
    );
  }
  // Each version not yet applied, not only those above the highest: a version merged after a higher one (two
  // branches numbered apart) still reaches a database that already ran the higher one.
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    inTransaction(db, () => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    });
  }
}
