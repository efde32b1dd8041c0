import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-main-'));
mkdirSync(join(dir, 'dist', 'widget'), { recursive: true });
mkdirSync(join(dir, 'dist', 'site'), { recursive: true });
writeFileSync(join(dir, 'dist', 'site', 'index.html'), '<!doctype html><title>docs</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | string | null>;
} {
  const child = spawn(process.execPath, ['server/src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DIST_DIR: join(dir, 'dist'),
      DATABASE_PATH: join(dir, `${Math.random()}.sqlite`),
      BACKUP_DIR: join(dir, 'backups'),
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => out, exited };
}

async function listening(output: () => string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(output());
    if (m?.[1]) return m[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start:\n${output()}`);
}

describe('npm start (server/src/main.ts)', () => {
  it('without Stripe keys: starts the sandbox in-process, says so loudly, prints every URL, stops cleanly on SIGTERM', async () => {
    const run = start({});
    const url = await listening(run.output);
    expect(run.output()).toMatch(/SANDBOX MODE/);
    for (const label of [
      'docs site',
      'widget',
      'example shop',
      'merchant API',
      'payment links',
      'Stripe webhooks',
      'Stripe sandbox',
      'VIES stand-in',
    ]) {
      expect(run.output()).toContain(label);
    }
    expect(run.output()).toMatch(/ {2}database {9}SQLite \S+\.sqlite {2}\(backups every 15 min to /);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    // No METRICS_TOKEN in development: said at start, and /metrics answers this machine only.
    expect(run.output()).toContain(
      'METRICS_TOKEN is not set: /metrics answers only requests from a loopback address.',
    );
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    const shop = await fetch(`${url}/example-shop/`);
    expect(await shop.text()).toContain('Get a freight quote');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('in sandbox mode keeps the sandbox’s state in a file beside DATABASE_PATH, written by the time it stops', async () => {
    const databasePath = join(dir, 'kept.sqlite');
    const statePath = join(dir, 'kept.stripe-sandbox.json');
    const run = start({ DATABASE_PATH: databasePath, LOG_LEVEL: 'info' });
    await listening(run.output);
    expect(run.output()).toContain(statePath);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { format: string };
    expect(saved.format).toBe('cargopay-sandbox-state');
  });

  it('with Stripe keys: never starts the sandbox', async () => {
    const run = start({
      STRIPE_SECRET_KEY: 'sk_test_notreal123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_notreal123',
    });
    await listening(run.output);
    expect(run.output()).not.toMatch(/SANDBOX MODE|Stripe sandbox/);
    expect(run.output()).toContain('Stripe: test mode');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('in production with a docs build made from the example operator statements: refuses to start, saying why', async () => {
    const dist = join(dir, 'example-dist');
    mkdirSync(join(dist, 'widget'), { recursive: true });
    mkdirSync(join(dist, 'site'), { recursive: true });
    writeFileSync(
      join(dist, 'site', '.operator-statements.json'),
      JSON.stringify({ source: 'example', stated: ['iso-27001'], securityContact: true }),
    );
    const run = start({
      NODE_ENV: 'production',
      DIST_DIR: dist,
      STRIPE_SECRET_KEY: 'sk_live_notreal123',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_notreal123',
      STRIPE_WEBHOOK_SECRET: 'whsec_notreal123',
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_URL: 'https://pay.example',
      TRUST_PROXY: 'loopback',
      METRICS_TOKEN: 'm'.repeat(40),
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('was built from the example operator statements');
    expect(run.output()).toContain('site/data/operator-statements.example.json');
    expect(run.output()).not.toMatch(/listening/);
  });

  it('in production without the required settings: refuses to start, naming each missing one', async () => {
    const run = start({ NODE_ENV: 'production' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration/);
    expect(run.output()).toMatch(/ENCRYPTION_KEY/);
    expect(run.output()).toMatch(/STRIPE_SECRET_KEY/);
    expect(run.output()).toMatch(/METRICS_TOKEN: production needs a token/);
    expect(run.output()).not.toMatch(/listening/);
  });

  it('says in one line which PostgreSQL it could not open, never its password, and exits 1', async () => {
    const run = start({ DATABASE_URL: 'postgres://cargopay:pg-secret-123@127.0.0.1:1/payments' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/^Cannot open the database \(PostgreSQL 127\.0\.0\.1:1\/payments\): .+$/m);
    expect(run.output()).not.toContain('pg-secret-123');
    expect(run.output()).not.toMatch(/^\s+at /m);
  });
});
