import { ConfigError, describeDatabase, readConfig, type Config } from '../config.ts';
import { openStore } from './open.ts';
import type { Store } from './types.ts';

/** Where a command-line tool writes: `info` for results, `error` for problems. */
export interface CliOutput {
  info(text: string): void;
  error(text: string): void;
}

const consoleOutput: CliOutput = {
  info: (text) => console.info(text),
  error: (text) => console.error(text),
};

/**
 * Runs one command-line tool against the configured store (`DATABASE_URL`'s PostgreSQL or `DATABASE_PATH`'s
 * SQLite) and closes it afterwards, whatever happened: a PostgreSQL pool left open would keep the process
 * alive after the command finished. A bad configuration or a database that does not open is one clear line
 * on stderr and exit code 1, never a stack trace. Resolves to the exit code.
 */
export async function runWithStore(
  command: (store: Store, config: Config) => Promise<number>,
  output: CliOutput = consoleOutput,
): Promise<number> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      output.error(error.message);
      return 1;
    }
    throw error;
  }
  let store: Store;
  try {
    store = await openStore(config);
  } catch (error) {
    output.error(
      `Cannot open the database (${describeDatabase(config)}): ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  try {
    return await command(store, config);
  } finally {
    // Synchronous on SQLite; a pool may finish closing later, and the exit must wait for it.
    const closing: unknown = store.close();
    if (closing instanceof Promise) await closing;
  }
}
