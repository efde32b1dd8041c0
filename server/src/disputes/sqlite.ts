import { createHmac } from 'node:crypto';
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
  const hashKey = createHmac('sha256', config.encryption.current.key).update('cargopay risk hash').digest();
  const handle: Db = {
    db,
    sealer,
    hash: (kind, value) =>
      createHmac('sha256', hashKey).update(`${kind}:${value.trim().toLowerCase()}`).digest('base64url'),
    one: (sql, ...params) => statement(db, sql).get(...params) as Record<string, SQLInputValue> | undefined,
    all: (sql, ...params) => statement(db, sql).all(...params) as Record<string, SQLInputValue>[],
    run: (sql, ...params) => Number(statement(db, sql).run(...params).changes),
  };
  handles.set(store, handle);
  return handle;
}

export const str = (v: SQLInputValue | undefined): string => String(v);
export const strOrNull = (v: SQLInputValue | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
export const num = (v: SQLInputValue | undefined): number => Number(v);
