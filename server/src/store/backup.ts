import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SqliteExtras } from './types.ts';

const PREFIX = 'cargopay-';
const SUFFIX = '.sqlite';

/** `at` (ms since the epoch) as a compact UTC stamp with milliseconds, `20261206T104810.123Z`; stamps sort by time. */
const stamp = (at: number): string => new Date(at).toISOString().replace(/[-:]/g, '');

/**
 * File name of a backup taken at `at`; names sort by time. Milliseconds are part of the name: a server restarted
 * within a second (a crash loop, a quick redeploy) takes its start-up backup in the same second as the last one,
 * and a name to the second would replace that file instead of adding one.
 */
export function backupFileName(at: Date): string {
  return `${PREFIX}${stamp(at.getTime())}${SUFFIX}`;
}

/**
 * The path `pathAt(ms)` names for the instant `at`, or for the next millisecond whose path is free: a file kept
 * for safety (a backup, a replaced database) never replaces another, should two be taken in the same
 * millisecond or the clock be set back.
 */
function freePath(at: Date, pathAt: (ms: number) => string): string {
  let ms = at.getTime();
  while (existsSync(pathAt(ms))) ms++;
  return pathAt(ms);
}

/** Takes one online backup into `dir` and deletes the oldest beyond `retention`. Returns the new file. */
export async function backupOnce(
  store: Pick<SqliteExtras, 'backupTo'>,
  dir: string,
  retention: number,
  at = new Date(),
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = freePath(at, (ms) => join(dir, backupFileName(new Date(ms))));
  const partial = `${file}.${process.pid}-${Date.now()}.partial`;
  await store.backupTo(partial);
  renameSync(partial, file);
  const all = listBackups(dir);
  for (const old of all.slice(0, Math.max(0, all.length - retention))) rmSync(join(dir, old));
  return file;
}

/** Backup files in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX))
    .sort();
}

/**
 * Repeats `backupOnce` every `intervalMs` (and once now when `immediately`) until `stop()`, which resolves once
 * the backup in flight has finished, so the store is never closed under a running backup. Backups never
 * overlap. Failures are reported, never thrown.
 */
export function scheduleBackups(
  store: Pick<SqliteExtras, 'backupTo'>,
  options: { dir: string; intervalMs: number; retention: number; immediately?: boolean },
  onResult: (result: { file?: string; error?: unknown }) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return; // a slow backup is never overlapped by the next one
    running = backupOnce(store, options.dir, options.retention)
      .then(
        (file) => onResult({ file }),
        (error: unknown) => onResult({ error }),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  if (options.immediately) run();
  return {
    async stop() {
      clearInterval(timer);
      while (running) await running;
    },
  };
}

/** Checks that `file` is a sound CargoPay database (integrity check and a migrations table). */
export function verifyBackup(file: string): { schemaVersion: number } {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
    if (integrity.integrity_check !== 'ok')
      throw new Error(`integrity check failed: ${integrity.integrity_check}`);
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!table) throw new Error('not a CargoPay database (no schema_migrations table)');
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    if (!row.v) throw new Error('not a CargoPay database (no migration applied)');
    return { schemaVersion: row.v };
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `databasePath` with the backup `file`, after verifying it. The file being replaced
 * is kept beside it as `<name>.before-restore-<time>`. The server must be stopped.
 */
export function restoreBackup(file: string, databasePath: string, at = new Date()): { kept: string | null } {
  verifyBackup(file);
  let kept: string | null = null;
  if (existsSync(databasePath)) {
    // Fold the WAL into the main file so the kept copy is complete.
    const db = new DatabaseSync(databasePath);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    kept = freePath(at, (ms) => `${databasePath}.before-restore-${stamp(ms)}`);
    renameSync(databasePath, kept);
  }
  for (const side of ['-wal', '-shm']) rmSync(`${databasePath}${side}`, { force: true });
  copyFileSync(file, databasePath);
  return { kept };
}
