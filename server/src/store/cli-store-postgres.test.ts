import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseAt } from '../../test/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-cli-pg-'));
mkdirSync(join(dir, 'dist', 'widget'), { recursive: true });
mkdirSync(join(dir, 'dist', 'site'), { recursive: true });
writeFileSync(join(dir, 'dist', 'site', 'index.html'), '<!doctype html><title>docs</title>');
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await createDatabaseAt(inject('postgresAdminUrl'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(script: string, args: string[]) {
  const child = spawn(process.execPath, [script, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      DATABASE_PATH: join(dir, 'never.sqlite'),
      BACKUP_DIR: join(dir, 'backups'),
      DIST_DIR: join(dir, 'dist'),
      PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => out, exited };
}

describe('on PostgreSQL (DATABASE_URL)', () => {
  it('the merchant and webhooks CLIs write to PostgreSQL and exit on their own (the pool is closed)', async () => {
    const created = start('server/src/merchants/cli.ts', [
      'create',
      '--name',
      'Freight Co',
      '--origin',
      'https://shop.example',
    ]);
    expect(await created.exited).toBe(0);
    const listed = start('server/src/merchants/cli.ts', ['list']);
    expect(await listed.exited).toBe(0);
    expect(listed.output()).toContain('Freight Co');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
    await client.end();
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
    const webhooks = start('server/src/webhooks/cli.ts', ['dead-letters']);
    expect(await webhooks.exited).toBe(0);
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
  });

  it('npm start lists PostgreSQL’s host and database, never the password, and writes no SQLite backup', async () => {
    const run = start('server/src/main.ts', []);
    const port = new URL(databaseUrl).port;
    const db = new URL(databaseUrl).pathname.slice(1);
    for (let i = 0; i < 400 && !/listening on/.test(run.output()); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(run.output()).toContain(
      `  database         PostgreSQL 127.0.0.1:${port}/${db}  (backups: PostgreSQL's own (pg_dump, PITR))`,
    );
    expect(run.output()).not.toContain(new URL(databaseUrl).password);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []).toEqual([]);
  }, 40_000);
});
