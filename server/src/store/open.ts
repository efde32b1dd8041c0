import type { Config } from '../config.ts';
import { createSealer } from './crypto.ts';
import type { Migration } from './migrations.ts';
import { SqliteStore } from './sqlite-store.ts';

/**
 * Opens the configured store (SQLite at `DATABASE_PATH`) with the configured sealing keys. `migrations`
 * defaults to the core list (`migrations.ts`); pass it extended to add other areas' tables to the same file.
 * WAL checkpoints run on a thread of their own (`checkpointer.ts`).
 */
export function openStore(
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
