import { hostname } from 'node:os';
import type { Config } from '../config.ts';
import { createSealer } from './crypto.ts';
import type { Migration } from './migrations.ts';
import { openPgStore } from './pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './types.ts';

/**
 * Opens the configured store with the configured sealing keys: PostgreSQL when `DATABASE_URL` is set (shared
 * by several instances), the embedded SQLite file at `DATABASE_PATH` otherwise.
 */
export async function openStore(
  config: Pick<Config, 'databasePath' | 'database' | 'encryption'>,
): Promise<Store> {
  if (config.database) {
    return openPgStore({
      url: config.database.url,
      sealer: createSealer(config.encryption.current, config.encryption.retired),
      poolSize: config.database.poolSize,
      // Which instance holds a connection, a lock or a long transaction, as `pg_stat_activity` shows it
      // (PostgreSQL keeps 63 bytes of it).
      applicationName: `cargopay ${hostname()} ${process.pid}`.slice(0, 63),
    });
  }
  return openSqliteStore(config);
}

/**
 * The SQLite store at `DATABASE_PATH`. `migrations` defaults to the core list (`migrations.ts`); pass it
 * extended to add other areas' tables to the same file. WAL checkpoints run on a thread of their own
 * (`checkpointer.ts`).
 */
export function openSqliteStore(
  config: Pick<Config, 'databasePath' | 'encryption'>,
  migrations?: Migration[],
): SqliteStore {
  return new SqliteStore(
    config.databasePath,
    createSealer(config.encryption.current, config.encryption.retired),
    migrations,
    { backgroundCheckpoints: true },
  );
}
