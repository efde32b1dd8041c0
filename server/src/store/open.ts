import type { Config } from '../config.ts';
import { createSealer } from './crypto.ts';
import type { Migration } from './migrations.ts';
import { SqliteStore } from './sqlite-store.ts';

/** Opens the configured store (SQLite at `DATABASE_PATH`) with the configured sealing keys. */
export function openStore(config: Pick<Config, 'databasePath' | 'encryption'>): SqliteStore {
  return new SqliteStore(
    config.databasePath,
    createSealer(config.encryption.current, config.encryption.retired),
  );
}
