import { readConfig } from '../config.ts';
import { restoreBackup, verifyBackup } from './backup.ts';

/**
 * `npm run restore -- <backup file>`: verifies the backup and puts it in place of `DATABASE_PATH`, keeping the
 * replaced file beside it. Stop the server first.
 */
function main(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    console.error('usage: npm run restore -- <backup file>   (stop the server first)');
    return 2;
  }
  const config = readConfig();
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

process.exitCode = main(process.argv.slice(2));
