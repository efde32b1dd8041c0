/**
 * Stripe failing while the widget asks for a PaymentIntent: a proxy between the server and the sandbox lets
 * the sandbox create the PaymentIntent and then loses or spoils the answer (500, connection reset, no answer
 * until the client's 15 s timeout). The server's Stripe client (`stripeClient` of `server/src/stripe/link.ts`,
 * the production settings) retries with the same idempotency key, the buyer's own retry after a 503 does
 * too, and in every case exactly one PaymentIntent exists for the payment request.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SECRET_KEY } from '../../server/sandbox/keys.ts';
import type { Sandbox } from '../../server/sandbox/sandbox.ts';
import { startTestSandbox } from '../../server/sandbox/testing.ts';
import { createApp, type CargoPayApp } from '../../server/src/app.ts';
import { parseConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/http/logger.ts';
import { createMerchant } from '../../server/src/merchants/service.ts';
import { openSqliteStore } from '../../server/src/store/open.ts';
import type { SqliteStore } from '../../server/src/store/sqlite-store.ts';
import { stripeClient } from '../../server/src/stripe/link.ts';
import { createViesClient } from '../../server/src/vat/vies-client.ts';
import { startViesStandIn, type ViesStandIn } from '../../server/src/vat/vies-stand-in.ts';
import { FULL } from '../support/attacker.ts';
import { keepScreenshot, launchChromium, pay, waitForState } from '../support/browser.ts';
import { startMerchantSite, type MerchantSite } from '../support/merchant-site.ts';
import { api, DIST } from '../support/stack.ts';

type Fault = 'answer-500' | 'reset' | 'hang';

let sandbox: Sandbox;
let proxy: Server;
let server: Server;
let app: CargoPayApp;
let store: SqliteStore;
let vies: ViesStandIn;
let dir: string;
let url = '';
let key = '';
let site: MerchantSite;
let siteKey = '';
const SHOP = 'https://shop.example';
/** Faults for the next `POST /v1/payment_intents` calls, in order; then calls pass. */
const faults: Fault[] = [];
/** Idempotency-Key of every create call that reached the proxy. */
const createKeys: string[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const target = new URL(sandbox.url);
  proxy = createServer((req, res) => {
    const create = req.method === 'POST' && req.url === '/v1/payment_intents';
    const fault = create ? faults.shift() : undefined;
    if (create) createKeys.push(String(req.headers['idempotency-key']));
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          // The sandbox has done the work; now the answer is lost or spoiled on the way back.
          if (fault === 'reset') return req.socket.destroy();
          if (fault === 'hang') return;
          if (fault === 'answer-500') {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { type: 'api_error', message: 'Injected failure' } }));
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    req.pipe(upstream);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const proxyPort = (proxy.address() as AddressInfo).port;

  dir = mkdtempSync(join(tmpdir(), 'cargopay-faults-'));
  vies = await startViesStandIn();
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: join(dir, 'cargopay.sqlite'),
    BACKUP_DIR: join(dir, 'backups'),
    ENCRYPTION_KEY: `test:${Buffer.alloc(32, 3).toString('base64')}`,
    VIES_BASE_URL: vies.url,
    LOG_LEVEL: 'silent',
    DIST_DIR: DIST,
  });
  store = openSqliteStore(config);
  app = createApp(config, {
    store,
    stripe: {
      client: stripeClient(SANDBOX_SECRET_KEY, { host: '127.0.0.1', port: proxyPort, protocol: 'http' }),
      publishableKey: sandbox.publishableKey,
      webhookSecret: null,
      stripeJsUrl: `${sandbox.url}/v3/`,
      sandboxOrigin: sandbox.url,
    },
    vies: createViesClient({ baseUrl: vies.url, timeoutMs: 500, cacheTtlMs: 0 }),
    logger: createLogger('silent'),
  });
  server = app.express.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  key = (await createMerchant(store, { name: 'Fault Freight', origins: [SHOP], webhookUrl: null }, false))
    .apiKey;
  site = await startMerchantSite(url);
  const page = { name: 'Page Freight', origins: [site.origin], webhookUrl: null };
  siteKey = (await createMerchant(store, page, false)).apiKey;
});

afterAll(async () => {
  await site?.close();
  await app?.stop();
  server?.closeAllConnections();
  server?.close();
  proxy?.closeAllConnections();
  proxy?.close();
  store?.close();
  await vies?.close();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newRequest(merchantKey = key): Promise<string> {
  const res = await api(url, 'POST', '/v1/payment-requests', {
    key: merchantKey,
    body: {
      amount: 7_700,
      currency: 'eur',
      reference: 'FLT-1',
      description: 'Parcel',
      customer: { email: 'b@example.com', name: 'B' },
    },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.json.id);
}

const intent = (id: string) =>
  api(url, 'POST', `/v1/checkout/${id}/intent`, {
    body: { device_id: 'device-faults-1', signals: { ready_to_submit_ms: 500, attempts: 1 } },
    headers: { origin: SHOP },
    timeoutMs: 45_000,
  });

async function intentsFor(id: string): Promise<string[]> {
  const all = await sandbox.stripeClient().paymentIntents.list({ limit: 100 });
  return all.data.filter((pi) => pi.metadata.payment_request === id).map((pi) => pi.id);
}

describe('Stripe failing while a PaymentIntent is created', () => {
  it('two 500s after the sandbox created it: retried with one idempotency key, one PaymentIntent', async () => {
    const id = await newRequest();
    createKeys.length = 0;
    faults.push('answer-500', 'answer-500');
    const res = await intent(id);
    expect(res.status, res.text).toBe(200);
    expect(createKeys).toHaveLength(3);
    expect(new Set(createKeys).size).toBe(1);
    expect(await intentsFor(id)).toEqual([res.json.payment_intent]);
  });

  it("every retry fails: a retryable 503 with Retry-After, and the buyer's retry gets the same one PaymentIntent", async () => {
    const id = await newRequest();
    faults.push('answer-500', 'answer-500', 'answer-500');
    const failed = await intent(id);
    expect(failed.status).toBe(503);
    expect(failed.json.type).toBe('urn:cargopay:problem:stripe-unavailable');
    expect(failed.headers.get('retry-after')).toBe('5');
    const retried = await intent(id);
    expect(retried.status, retried.text).toBe(200);
    expect(await intentsFor(id)).toEqual([retried.json.payment_intent]);
  });

  it('the connection is reset after the sandbox created it: one PaymentIntent', async () => {
    const id = await newRequest();
    faults.push('reset');
    const res = await intent(id);
    expect(res.status, res.text).toBe(200);
    expect(await intentsFor(id)).toEqual([res.json.payment_intent]);
  });

  it.runIf(FULL)(
    'no answer until the 15 s client timeout: retried, one PaymentIntent',
    async () => {
      const id = await newRequest();
      faults.push('hang');
      const res = await intent(id);
      expect(res.status, res.text).toBe(200);
      expect(await intentsFor(id)).toEqual([res.json.payment_intent]);
    },
    60_000,
  );
});

describe('what the buyer sees when Stripe fails', () => {
  it('the widget retries the 503 by itself, becomes ready with the one PaymentIntent, and pays', async () => {
    const id = await newRequest(siteKey);
    createKeys.length = 0;
    faults.push('answer-500', 'answer-500', 'answer-500');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(site.payUrl(id));
      await waitForState(page, 'ready', 40_000);
      // Three spoiled answers (the server's first call and its two SDK retries), then the widget's own retry.
      expect(faults).toEqual([]);
      expect(createKeys.length).toBeGreaterThanOrEqual(4);
      expect(new Set(createKeys).size).toBe(1);
      expect(await intentsFor(id)).toHaveLength(1);
      await pay(page, { number: '4242424242424242' });
      await waitForState(page, 'succeeded');
      await keepScreenshot(page, 'stripe-failed-then-paid');
      expect(await intentsFor(id)).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });
});
