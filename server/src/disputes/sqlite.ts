import { createHmac, createSecretKey } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Config } from '../config.ts';
import { createSealer, type Sealer } from '../store/crypto.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { statement } from '../store/sqlite.ts';
import type { Store } from '../store/types.ts';

/**
 * The SQLite handle and sealing key that the dispute, risk, Connect and monitoring tables use. They live in the
 * same file as the core store (their migrations are `store/migrations/0002-…` onwards), so a backup holds
 * everything. A PostgreSQL adapter would implement the same repositories against its own connection.
 */
export interface Db {
  db: DatabaseSync;
  sealer: Sealer;
  /** Keyed hash for values we must match but never read back (emails, IPs, device ids). */
  hash(kind: string, value: string): string;
  one(sql: string, ...params: SQLInputValue[]): Record<string, SQLInputValue> | undefined;
  all(sql: string, ...params: SQLInputValue[]): Record<string, SQLInputValue>[];
  run(sql: string, ...params: SQLInputValue[]): number;
  /**
   * Runs `fn` (synchronous) in the store's next group commit and resolves once committed; what `fn` reads
   * and writes is atomic with respect to every other write.
   */
  write<T>(fn: () => T, options?: { durable?: boolean }): Promise<T>;
}

const handles = new WeakMap<Store, Db>();

/** The `Db` of an app's store (one per store; two apps in one process share nothing). */
export function dbOf(store: Store, config: Pick<Config, 'encryption'>): Db {
  const known = handles.get(store);
  if (known) return known;
  if (!(store instanceof SqliteStore)) {
    throw new Error('disputes, risk and Connect tables need the SQLite store');
  }
  const db = store.db;
  const sealer = createSealer(config.encryption.current, config.encryption.retired);
  // A KeyObject, imported once: HMAC with raw key bytes imports them on every call (7x slower here).
  const hashKey = createSecretKey(
    createHmac('sha256', config.encryption.current.key).update('cargopay risk hash').digest(),
  );
  const handle: Db = {
    db,
    sealer,
    hash: (kind, value) =>
      createHmac('sha256', hashKey).update(`${kind}:${value.trim().toLowerCase()}`).digest('base64url'),
    one: (sql, ...params) => statement(db, sql).get(...params) as Record<string, SQLInputValue> | undefined,
    all: (sql, ...params) => statement(db, sql).all(...params) as Record<string, SQLInputValue>[],
    run: (sql, ...params) => Number(statement(db, sql).run(...params).changes),
    write: (fn, options) => store.writes.write(fn, options),
  };
  handles.set(store, handle);
  return handle;
}

export const str = (v: SQLInputValue | undefined): string => String(v);
export const strOrNull = (v: SQLInputValue | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
export const num = (v: SQLInputValue | undefined): number => Number(v);
