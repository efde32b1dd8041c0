import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { request, type RequestOptions } from '../test/harness.ts';
import { createDatabaseAt } from '../test/postgres.ts';
import { createApp, type CargoPayApp } from './app.ts';
import { parseConfig } from './config.ts';
import { createLogger } from './http/logger.ts';
import { createMerchant } from './merchants/service.ts';
import { createSealer } from './store/crypto.ts';
import { openPgStore, type PgStore } from './store/pg-store.ts';
import { createViesClient } from './vat/vies-client.ts';
import { startViesStandIn, type ViesStandIn } from './vat/vies-stand-in.ts';

/** One CargoPay server on the shared PostgreSQL database, with its own pool, as a second process would be. */
interface Instance {
  app: CargoPayApp;
  store: PgStore;
  request(method: string, path: string, o?: RequestOptions): ReturnType<typeof request>;
  close(): Promise<void>;
}

const ENCRYPTION_KEY = `test:${Buffer.alloc(32, 7).toString('base64')}`;

describe('two instances on one PostgreSQL share their limits, their throttle and one monitor', () => {
  let dir: string;
  let url: string;
  let sandbox: Sandbox;
  let vies: ViesStandIn;
  let a: Instance;
  let b: Instance;

  async function instance(): Promise<Instance> {
    const config = parseConfig({
      NODE_ENV: 'test',
      DATABASE_PATH: join(dir, 'unused.sqlite'),
      BACKUP_DIR: join(dir, 'backups'),
      DIST_DIR: join(dir, 'dist'),
      ENCRYPTION_KEY,
      VIES_BASE_URL: vies.url,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_API_PER_MINUTE: '10',
      RATE_LIMIT_AUTH_FAILURES: '5',
      ALERT_THRESHOLDS: JSON.stringify({ webhook_dead_letters: { threshold: 1 } }),
    });
    const store = await openPgStore({
      url,
      sealer: createSealer(config.encryption.current, config.encryption.retired),
      poolSize: 4,
    });
    const app = createApp(config, {
      store,
      stripe: {
        client: sandbox.stripeClient({ maxNetworkRetries: 0 }),
        publishableKey: sandbox.publishableKey,
        webhookSecret: `whsec_${randomBytes(16).toString('hex')}`,
        stripeJsUrl: `${sandbox.url}/v3/`,
        sandboxOrigin: sandbox.url,
      },
      vies: createViesClient({ baseUrl: vies.url, timeoutMs: 500, cacheTtlMs: 0 }),
      logger: createLogger('silent'),
    });
    const server: Server = app.express.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let closed = false;
    return {
      app,
      store,
      request: (method, path, o) => request(base, method, path, o),
      async close() {
        if (closed) return;
        closed = true;
        await app.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.ended();
      },
    };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cargopay-multi-'));
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    sandbox = await startSandbox({ port: 0, quiet: true });
    vies = await startViesStandIn();
    [a, b] = await Promise.all([instance(), instance()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await sandbox.close();
    await vies.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("one merchant's API budget (10 a minute) is spent exactly once over both instances", async () => {
    const { apiKey } = await createMerchant(
      a.store,
      { name: 'Two Instances Freight', origins: ['https://shop.example'], webhookUrl: null },
      false,
    );
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).request('GET', '/v1/payment-requests', { key: apiKey }),
      ),
    ).then((all) => all.map((r) => r.status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('failed authentications from one address, alternating instances, are throttled after 5 on both', async () => {
    const from = { 'x-forwarded-for': '198.51.100.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const bad = `cp_test_${randomBytes(24).toString('base64url')}`;
      const res = await (i % 2 ? a : b).request('GET', '/v1/events', {
        headers: { ...from, authorization: `Bearer ${bad}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('a standing crossing of a store rule is raised by one instance, however often both evaluate', async () => {
    const at = new Date().toISOString();
    await a.store.inbox.insert({ id: 'evt_parked', type: 't', payload: '{}', created: 1, receivedAt: at });
    await a.store.inbox.fail('evt_parked', { error: 'bad', at, retryAt: null });
    for (let i = 0; i < 3; i++) {
      await a.app.monitor.evaluate();
      await b.app.monitor.evaluate();
    }
    const raised = [...a.app.monitor.raised, ...b.app.monitor.raised].filter(
      (alert) => alert.rule === 'webhook_dead_letters',
    );
    expect(raised).toHaveLength(1);
  });

  it('when the monitoring instance stops, the other takes the store rules over and raises the standing crossing once more', async () => {
    const holder = a.app.monitor.raised.some((alert) => alert.rule === 'webhook_dead_letters') ? a : b;
    const other = holder === a ? b : a;
    await holder.close();
    await other.app.monitor.evaluate();
    await other.app.monitor.evaluate();
    expect(other.app.monitor.raised.filter((alert) => alert.rule === 'webhook_dead_letters')).toHaveLength(1);
  });
});
