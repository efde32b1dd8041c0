import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command-line tool to its exit (a tool that never exits fails the test by its timeout). */
async function cli(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'cargopay.sqlite'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** A port on this machine where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const PASSWORD = 'pg-password-never-printed';

describe('`npm run restore` with DATABASE_URL', () => {
  it('refuses, saying PostgreSQL uses its own backups (pg_dump, point-in-time recovery) and where the docs are', async () => {
    const sqlite = join(dir, 'restore-target.sqlite');
    const run = await cli('server/src/store/restore-cli.ts', [join(dir, 'some-backup.sqlite')], {
      DATABASE_URL: `postgres://cargopay:${PASSWORD}@db.internal:6543/payments`,
      DATABASE_PATH: sqlite,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "Restore refused: DATABASE_URL is set, so CargoPay's data is in PostgreSQL db.internal:6543/payments.",
    );
    for (const said of [
      'pg_dump',
      'point-in-time recovery',
      '/several-instances/',
      'https://www.postgresql.org/docs/current/backup.html',
    ]) {
      expect(run.stderr).toContain(said);
    }
    expect(run.stderr + run.stdout).not.toContain(PASSWORD);
    expect(existsSync(sqlite)).toBe(false);
  });

  it('still restores SQLite backups without it (usage shown for a missing file argument)', async () => {
    const run = await cli('server/src/store/restore-cli.ts', [], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run restore -- <backup file>');
  });
});

describe('the merchant and webhooks CLIs', () => {
  it('finish and exit on their own after a command (the store is closed)', async () => {
    const merchants = await cli('server/src/merchants/cli.ts', ['list'], {});
    expect(merchants).toMatchObject({ code: 0, stderr: '' });
    const webhooks = await cli('server/src/webhooks/cli.ts', ['dead-letters'], {});
    expect(webhooks).toMatchObject({ code: 0, stderr: '' });
  });

  it('say in one line which PostgreSQL did not open, without its password or a stack trace, and exit 1', async () => {
    const port = await closedPort();
    for (const [script, command] of [
      ['server/src/merchants/cli.ts', 'list'],
      ['server/src/webhooks/cli.ts', 'dead-letters'],
    ] as const) {
      const run = await cli(script, [command], {
        DATABASE_URL: `postgres://cargopay:${PASSWORD}@127.0.0.1:${port}/payments`,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`^Cannot open the database \\(PostgreSQL 127\\.0\\.0\\.1:${port}/payments\\): .+\\n$`),
      );
      expect(run.stderr).not.toContain(PASSWORD);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('name a bad variable instead of throwing', async () => {
    const run = await cli('server/src/merchants/cli.ts', ['list'], { DATABASE_URL: 'mysql://db/payments' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
