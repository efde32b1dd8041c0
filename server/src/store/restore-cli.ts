import { ConfigError, describeDatabase, readConfig, type Config } from '../config.ts';
import { restoreBackup, verifyBackup } from './backup.ts';

/**
 * `npm run restore -- <backup file>`: verifies the backup and puts it in place of `DATABASE_PATH`, keeping the
 * replaced file beside it. Stop the server first. Only for the embedded SQLite store: with `DATABASE_URL`,
 * PostgreSQL is backed up and restored with its own tools, and this refuses, saying which.
 */
function main(argv: string[]): number {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  if (config.database) {
    console.error(postgresRefusal(config));
    return 1;
  }
  const file = argv[0];
  if (!file || argv.length > 1) {
    console.error('usage: npm run restore -- <backup file>   (stop the server first)');
    return 2;
  }
  try {
    const { schemaVersion } = verifyBackup(file);
    const { kept } = restoreBackup(file, config.databasePath);
    console.info(`Restored ${file} (schema version ${schemaVersion}) to ${config.databasePath}.`);
    if (kept) console.info(`The previous database is kept at ${kept}.`);
    return 0;
  } catch (error) {
    console.error(`Restore refused: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function postgresRefusal(config: Config): string {
  return [
    `Restore refused: DATABASE_URL is set, so CargoPay's data is in ${describeDatabase(config)}.`,
    '`npm run restore` only puts back the SQLite backups that `npm start` writes for DATABASE_PATH; PostgreSQL',
    'uses its own backups: restore a `pg_dump` archive with `pg_restore` (or a plain dump with `psql`), or',
    'recover to a point in time from a base backup and archived WAL (point-in-time recovery).',
    'See "Running several instances" in the docs (/several-instances/, Backups) and',
    'https://www.postgresql.org/docs/current/backup.html',
  ].join('\n');
}

process.exitCode = main(process.argv.slice(2));
