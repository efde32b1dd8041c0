import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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
  /** Resolves with the first match of `pattern` in the output, once the process has printed it. */
  printed: (pattern: RegExp) => Promise<RegExpExecArray>;
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
  const waiting = new Set<() => void>();
  const append = (d: Buffer) => {
    out += d.toString();
    for (const check of waiting) check();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  // Waits on what the process prints, not on a deadline: the test's own timeout ends a wait that never comes,
  // and an exit before the line fails at once, with the output.
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (!m) return false;
        waiting.delete(check);
        resolve(m);
        return true;
      };
      if (check()) return;
      waiting.add(check);
      void exited.then((code) => {
        if (waiting.delete(check))
          reject(new Error(`exited (${String(code)}) before printing ${pattern}:\n${out}`));
      });
    });
  return { child, output: () => out, printed, exited };
}

/** A port free a moment ago (the OS picks it), for a setting that takes a port number. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(run: { printed: (pattern: RegExp) => Promise<RegExpExecArray> }): Promise<string> {
  return (await run.printed(/listening on (http:\/\/[\d.]+:\d+)/))[1] as string;
}

describe('npm start (server/src/main.ts)', () => {
  it('without Stripe keys: starts the sandbox in-process, says so loudly, prints every URL, stops cleanly on SIGTERM', async () => {
    const viesPort = await freePort();
    const run = start({ VIES_STAND_IN_PORT: String(viesPort) });
    const url = await listening(run);
    await run.printed(/SANDBOX MODE/);
    // PORT=0 and no PUBLIC_URL: the listing names the port taken, in one spelling, never :0.
    await run.printed(/ {2}database {9}/);
    expect(run.output()).toContain(`CargoPay is listening on ${url}\n`);
    expect(run.output()).toContain(`  example shop     ${url}/example-shop/\n`);
    expect(run.output()).not.toMatch(/:0\//);
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
      await run.printed(new RegExp(label));
    }
    // The VIES stand-in on the port asked for, like the Stripe sandbox on SANDBOX_PORT.
    await run.printed(new RegExp(`  VIES stand-in    http://127\\.0\\.0\\.1:${viesPort}\\n`));
    expect((await fetch(`http://127.0.0.1:${viesPort}/`)).status).toBe(200);
    await run.printed(/ {2}database {9}SQLite \S+\.sqlite {2}\(backups every 15 min to /);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    // No METRICS_TOKEN in development: said at start, and /metrics answers this machine only.
    await run.printed(/METRICS_TOKEN is not set: \/metrics answers only requests from a loopback address\./);
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
    await listening(run);
    await run.printed(new RegExp(statePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
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
    await listening(run);
    expect(run.output()).not.toMatch(/SANDBOX MODE|Stripe sandbox/);
    await run.printed(/Stripe: test mode/);
    // The webhook endpoint check cannot reach Stripe with a made-up key (nor, here, the network at all): it
    // says so in one warning and in the listing, and the server serves anyway.
    await run.printed(/Could not check the Stripe webhook endpoint for \S+\/v1\/webhooks\/stripe \(/);
    await run.printed(/Stripe webhooks {2}\S+\/v1\/webhooks\/stripe {3}\(endpoint not checked/);
    expect(run.output()).not.toContain('notreal123');
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
