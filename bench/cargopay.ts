import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import { createApp } from '../server/src/app.ts';
import { parseConfig } from '../server/src/config.ts';
import { createLogger } from '../server/src/http/logger.ts';
import { createMerchant } from '../server/src/merchants/service.ts';
import { openStore } from '../server/src/store/open.ts';
import { PgStore } from '../server/src/store/pg-store.ts';
import { stripeClient } from '../server/src/stripe/link.ts';
import { createViesClient } from '../server/src/vat/vies-client.ts';
import { startViesStandIn } from '../server/src/vat/vies-stand-in.ts';
import { listen } from './load.ts';

export const SHOP = 'https://shop.example';

export interface CargoPayOptions {
  sandboxUrl: string;
  webhookSecret: string;
  /** PostgreSQL to store everything in (`DATABASE_URL`); without it, a fresh SQLite file. */
  databaseUrl?: string;
  /** The sealing key (`ENCRYPTION_KEY`); instances sharing one database must share it. Fresh by default. */
  encryptionKey?: string;
  /** Whether to create the bench merchant (one per database: the first instance creates it). */
  merchant?: boolean;
}

export const freshEncryptionKey = (): string => `bench:${randomBytes(32).toString('base64')}`;

/**
 * CargoPay's app listening on 127.0.0.1, against the sandbox at `sandboxUrl`, with production defaults (as
 * `npm start` builds it, logs serialised and dropped), on SQLite or on the PostgreSQL at `databaseUrl`.
 */
export async function startCargoPay(options: CargoPayOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-bench-'));
  const vies = await startViesStandIn();
  const config = parseConfig({
    NODE_ENV: 'development',
    DATABASE_PATH: join(dir, 'cargopay.sqlite'),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    BACKUP_DIR: join(dir, 'backups'),
    ENCRYPTION_KEY: options.encryptionKey ?? freshEncryptionKey(),
    VIES_BASE_URL: vies.url,
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000000',
    RATE_LIMIT_API_PER_MINUTE: '1000000',
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: '1000000',
    // Buyers reach CargoPay through a proxy, as in production; the bench sends X-Forwarded-For.
    TRUST_PROXY: 'loopback',
  });
  const store = await openStore(config);
  const u = new URL(options.sandboxUrl);
  const app = createApp(config, {
    store,
    stripe: {
      client: stripeClient(SANDBOX_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' }),
      publishableKey: SANDBOX_PUBLISHABLE_KEY,
      webhookSecret: options.webhookSecret,
      stripeJsUrl: `${options.sandboxUrl}/v3/`,
      sandboxOrigin: options.sandboxUrl,
    },
    vies: createViesClient({ baseUrl: vies.url, timeoutMs: 1_000, cacheTtlMs: 0 }),
    // Production log level; the lines are serialised as in production and dropped instead of written.
    logger: createLogger('info', { write: () => undefined }),
  });
  const server = await listen(app.express);
  app.start();
  const apiKey =
    options.merchant === false
      ? ''
      : (await createMerchant(store, { name: 'Bench Freight', origins: [SHOP], webhookUrl: null }, false))
          .apiKey;
  return {
    url: server.url,
    apiKey,
    api: bearerApi(server.url, apiKey),
    store,
    /** Stops the background workers (the floor apps use only the store). */
    stopWorkers: () => app.stop(),
    startWorkers: () => app.start(),
    /** Waits until the webhook worker has applied every stored event it can claim. */
    settle: () => app.webhooks.drain(),
    /** Group commits so far (SQLite only): how many durable COMMITs carried how many writes. */
    commits: () => store.sqlite?.writeStats() ?? { commits: 0, writes: 0, relaxedCommits: 0 },
    async close() {
      await app.stop();
      await server.close();
      if (store instanceof PgStore) await store.ended();
      else store.close();
      await vies.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type CargoPay = Awaited<ReturnType<typeof startCargoPay>>;

export type Api = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** Calls CargoPay's merchant API at `url` with `apiKey`. */
export function bearerApi(url: string, apiKey: string): Api {
  return (method, path, body, headers = {}) =>
    fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
