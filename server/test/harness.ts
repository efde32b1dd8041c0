import { keepConnectionsAlive } from '../src/http/keep-alive.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { createApp, type CargoPayApp } from '../src/app.ts';
import { parseConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/http/logger.ts';
import { createMerchant, type CreatedMerchant } from '../src/merchants/service.ts';
import { openStore } from '../src/store/open.ts';
import { PgStore } from '../src/store/pg-store.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/types.ts';
import { createViesClient } from '../src/vat/vies-client.ts';
import { startViesStandIn, type ViesStandIn } from '../src/vat/vies-stand-in.ts';
import { databaseFor, dropDatabase, numberedPlaceholders, onPostgres } from './test-store.ts';

/**
 * A real CargoPay server for tests: a real SQLite file in a fresh temp dir (or, with
 * `CARGOPAY_TEST_STORE=postgres`, a fresh database on the run's real PostgreSQL: `test-store.ts`), the real
 * `stripe` SDK against an in-process sandbox on a free port, the VIES stand-in, real HTTP on 127.0.0.1:0. Logs
 * are captured so tests can assert what never reaches them.
 */
export interface TestServer {
  url: string;
  dir: string;
  config: Config;
  store: Store;
  /** The SQLite adapter when the server stores in SQLite (`null` on PostgreSQL), for SQLite-only checks. */
  sqlite: SqliteStore | null;
  /**
   * The rows `sql` reads from this server's database, on either engine: `?` placeholders, as SQLite writes them.
   * On PostgreSQL, `bigint` values (e.g. `count(*)`) come as strings: wrap them in `Number()`.
   */
  rows<T = Record<string, unknown>>(sql: string, params?: (string | number | null)[]): Promise<T[]>;
  sandbox: Sandbox;
  vies: ViesStandIn;
  app: CargoPayApp;
  webhookSecret: string;
  /** The `METRICS_TOKEN` this server requires at `/metrics` (`null` when a test unset it). */
  metricsToken: string | null;
  /** `GET /metrics` with the token: the Prometheus text. */
  metrics(): Promise<string>;
  logs: string[];
  clock: { offsetMs: number };
  merchant(options?: {
    origins?: string[];
    webhookUrl?: string | null;
    vatUnavailableAllowsPayment?: boolean;
  }): Promise<CreatedMerchant>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /**
   * Stops accepting connections (clients are refused, open ones closed) while the app, its store and workers
   * keep running, for "the server is unreachable"; `up()` listens again on the same port.
   */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Stops the app; `keepDir` keeps the database (SQLite file or PostgreSQL database) for a restart, `keepSandbox` the sandbox. */
  close(options?: { keepDir?: boolean; keepSandbox?: boolean }): Promise<void>;
}

export interface RequestOptions {
  key?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Start the background workers (webhook apply, notifications). Default true. */
  workers?: boolean;
  /** Reuse a directory (and so its database), e.g. to restart after a simulated crash. */
  dir?: string;
  sandbox?: Sandbox;
  /** The Stripe webhook signing secret (a restart keeps its configuration). Random by default. */
  webhookSecret?: string;
  /** Register this server's webhook endpoint with the sandbox. Default true. */
  registerWebhook?: boolean;
  /** The Stripe.js the checkout summary names (the sandbox's stand-in, `<sandbox>/v3/`, by default). */
  stripeJsUrl?: string;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'cargopay-test-'));
  const sandbox =
    options.sandbox ??
    (await startSandbox({
      port: 0,
      quiet: true,
      followUpDelayMs: 20,
      webhookRetry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, timeoutMs: 2_000 },
    }));
  const vies = await startViesStandIn();
  const databaseUrl = onPostgres ? await databaseFor(dir) : null;
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: join(dir, 'cargopay.sqlite'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    BACKUP_DIR: join(dir, 'backups'),
    DIST_DIR: join(dir, 'dist'),
    ENCRYPTION_KEY: `test:${Buffer.alloc(32, 7).toString('base64')}`,
    VIES_BASE_URL: vies.url,
    VIES_TIMEOUT_MS: '500',
    LOG_LEVEL: 'info',
    METRICS_TOKEN: `metrics-${randomBytes(24).toString('base64url')}`,
    ...options.env,
  });
  const store = await openStore(config);
  const sqlite = store instanceof SqliteStore ? store : null;
  // The tests' own reads on PostgreSQL, apart from the server's pool (whose size the server's tests may count).
  const reader = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 1 }) : null;
  const logs: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`;
  const clock = { offsetMs: 0 };
  const app = createApp(config, {
    store,
    stripe: {
      client: sandbox.stripeClient({ maxNetworkRetries: 0 }),
      publishableKey: sandbox.publishableKey,
      webhookSecret,
      stripeJsUrl: options.stripeJsUrl ?? `${sandbox.url}/v3/`,
      sandboxOrigin: sandbox.url,
    },
    vies: createViesClient({
      baseUrl: vies.url,
      timeoutMs: config.vies.timeoutMs,
      cacheTtlMs: config.vies.cacheTtlMs,
    }),
    logger,
    now: () => new Date(Date.now() + clock.offsetMs),
    workerIntervalMs: 100,
  });
  const listen = async (port: number): Promise<Server> => {
    const listening = keepConnectionsAlive(app.express.listen(port, '127.0.0.1'));
    await once(listening, 'listening');
    return listening;
  };
  const stopListening = async (): Promise<void> => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  let server = await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  if (options.workers !== false) app.start();
  if (options.registerWebhook !== false) {
    sandbox.addWebhookEndpoint({ url: `${url}/v1/webhooks/stripe`, secret: webhookSecret });
  }

  return {
    url,
    dir,
    config,
    store,
    sqlite,
    async rows<T>(sql: string, params: (string | number | null)[] = []): Promise<T[]> {
      if (reader) return (await reader.query(numberedPlaceholders(sql), params)).rows as T[];
      if (!sqlite) throw new Error('a test server stores in SQLite or in PostgreSQL');
      return sqlite.db.prepare(sql).all(...params) as T[];
    },
    sandbox,
    vies,
    app,
    webhookSecret,
    metricsToken: config.metricsToken,
    async metrics() {
      const headers: Record<string, string> = config.metricsToken
        ? { authorization: `Bearer ${config.metricsToken}` }
        : {};
      const res = await request(url, 'GET', '/metrics', { headers });
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${res.text}`);
      return res.text;
    },
    logs,
    clock,
    merchant: (o = {}) =>
      createMerchant(
        store,
        {
          name: 'Test Freight',
          origins: o.origins ?? ['https://shop.example'],
          webhookUrl: o.webhookUrl ?? null,
          vatUnavailableAllowsPayment: o.vatUnavailableAllowsPayment,
        },
        false,
      ),
    request: (method, path, o = {}) => request(url, method, path, o),
    down: stopListening,
    async up() {
      if (!server.listening) server = await listen(port);
    },
    async close(o = {}) {
      await app.stop();
      await stopListening();
      store.close();
      if (store instanceof PgStore) await store.ended();
      await reader?.end();
      await vies.close();
      if (!o.keepSandbox && !options.sandbox) await sandbox.close();
      if (!o.keepDir) {
        if (databaseUrl) await dropDatabase(databaseUrl);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The test server's SQLite adapter, for a test that checks SQLite itself (skipped on PostgreSQL: `onPostgres`). */
export function sqliteOf(t: TestServer): SqliteStore {
  if (!t.sqlite) throw new Error('this check is of SQLite itself; skip it when onPostgres');
  return t.sqlite;
}

export async function request(
  base: string,
  method: string,
  path: string,
  o: RequestOptions = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  let body: string | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A valid create body; override fields per test. */
export function paymentRequestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    amount: 12_500,
    currency: 'eur',
    reference: 'AWB-176-12345675',
    description: 'Air freight Frankfurt → Madrid, 2 pallets',
    customer: { email: 'buyer@example.com', name: 'Berta Buyer' },
    ...overrides,
  };
}

export const problemType = (slug: string): string => `urn:cargopay:problem:${slug}`;

/** Confirms a PaymentIntent server-side with a test payment method, as the buyer's browser would. */
export async function pay(t: TestServer, paymentIntent: string, paymentMethod = 'pm_card_visa') {
  return t.sandbox.stripeClient().paymentIntents.confirm(paymentIntent, {
    payment_method: paymentMethod,
    return_url: 'https://shop.example/done',
  });
}

export const intentBody = { device_id: 'device-12345', signals: { ready_to_submit_ms: 1200, attempts: 1 } };

/** A connected account in the sandbox whose onboarding is complete (charges enabled), for carrier tests. */
export async function onboardedCarrier(t: TestServer): Promise<string> {
  const account = await t.sandbox.stripeClient().accounts.create({ type: 'express', country: 'ES' });
  const res = await fetch(`${t.sandbox.url}/_sandbox/accounts/${account.id}/onboard`, { method: 'POST' });
  if (!res.ok) throw new Error(`onboarding ${account.id} failed: ${res.status}`);
  return account.id;
}
