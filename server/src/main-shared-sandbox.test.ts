import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SANDBOX_SECRET_KEY } from '../sandbox/keys.ts';
import { startTestSandbox, waitFor } from '../sandbox/testing.ts';
import { intentBody } from '../test/harness.ts';
import { createDatabaseAt } from '../test/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-shared-sandbox-'));
mkdirSync(join(dir, 'dist', 'widget'), { recursive: true });
mkdirSync(join(dir, 'dist', 'site'), { recursive: true });
writeFileSync(join(dir, 'dist', 'site', 'index.html'), '<!doctype html><title>docs</title>');

interface Process {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | string | null>;
}

const processes: Process[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await Promise.all(closers.map((close) => close()));
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, env: Record<string, string>): Process {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const started = { child, output: () => out, exited };
  processes.push(started);
  return started;
}

/** The first match of `pattern` in what the process prints, once it has printed it. */
async function printed(p: Process, pattern: RegExp, what: string): Promise<string> {
  return waitFor(
    () => {
      if (p.child.exitCode !== null) throw new Error(`${what}: the process exited:\n${p.output()}`);
      return pattern.exec(p.output())?.[1];
    },
    30_000,
    what,
  );
}

function startInstance(env: Record<string, string>): Process {
  return run('server/src/main.ts', {
    PORT: '0',
    DIST_DIR: join(dir, 'dist'),
    DATABASE_PATH: join(dir, `${Math.random()}.sqlite`),
    BACKUP_DIR: join(dir, 'backups'),
    ...env,
  });
}

interface ProxiedDelivery {
  event: string;
  backend: string;
  status: number;
}

/** The load balancer in front of the instances: one public URL, requests sent to each backend in turn. */
async function roundRobinProxy(): Promise<{
  url: string;
  backends: string[];
  deliveries: ProxiedDelivery[];
}> {
  const backends: string[] = [];
  const deliveries: ProxiedDelivery[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const backend = backends[next++ % backends.length] as string;
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'stripe-signature']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      void fetch(`${backend}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      }).then(
        async (answer) => {
          if (req.url === '/v1/webhooks/stripe') {
            const event = (JSON.parse(body.toString('utf8')) as { id: string }).id;
            deliveries.push({ event, backend, status: answer.status });
          }
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'text/plain',
          });
          res.end(Buffer.from(await answer.arrayBuffer()));
        },
        () => {
          res.writeHead(502).end();
        },
      );
    });
  });
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, backends, deliveries };
}

describe('several instances share one stand-alone sandbox (STRIPE_SANDBOX_URL)', () => {
  it.each(['SQLite, a file each', 'PostgreSQL, one database'] as const)(
    'two instances behind one public URL (%s): a payment made through one reaches the URL once per event, verified by either',
    async (database) => {
      const sandbox = run('server/sandbox/main.ts', {
        SANDBOX_PORT: '0',
        SANDBOX_STATE_PATH: join(dir, `${Math.random()}.stripe-sandbox.json`),
      });
      const sandboxUrl = await printed(sandbox, /Sandbox URL:\s+(http:\/\/\S+)/, 'the sandbox URL');
      const proxy = await roundRobinProxy();
      const shared = database.startsWith('PostgreSQL');
      const env = {
        STRIPE_SANDBOX_URL: sandboxUrl,
        PUBLIC_URL: proxy.url,
        ...(shared ? { DATABASE_URL: await createDatabaseAt(inject('postgresAdminUrl')) } : {}),
      };
      const [a, b] = [startInstance(env), startInstance(env)];
      const listening = /listening on (http:\/\/[\d.]+:\d+)/;
      const urlA = await printed(a, listening, 'instance A listening');
      const urlB = await printed(b, listening, 'instance B listening');
      proxy.backends.push(urlA, urlB);
      expect(a.output()).toContain(`Stripe sandbox   ${sandboxUrl}  (shared, STRIPE_SANDBOX_URL`);

      // Both registered the same URL: the sandbox holds one endpoint for it.
      const endpoints = (await (await fetch(`${sandboxUrl}/_sandbox/webhook_endpoints`)).json()) as {
        data: { url: string }[];
      };
      expect(endpoints.data).toEqual([expect.objectContaining({ url: `${proxy.url}/v1/webhooks/stripe` })]);

      // A payment request and its PaymentIntent made on instance A, paid at the shared sandbox.
      const quote = await fetch(`${urlA}/example-shop/quote`, {
        method: 'POST',
        body: new URLSearchParams({
          from: 'Rotterdam',
          to: 'Milano',
          weight_kg: '150',
          service: 'express',
          name: 'Ada',
          email: 'ada@example.com',
        }),
        redirect: 'manual',
      });
      expect(quote.status).toBe(303);
      const id = /pr_[0-9A-Za-z]+/.exec(quote.headers.get('location') ?? '')?.[0] ?? '';
      const intent = await fetch(`${urlA}/v1/checkout/${id}/intent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(intentBody),
      });
      expect(intent.status).toBe(200);
      const paymentIntent = ((await intent.json()) as { payment_intent: string }).payment_intent;
      const u = new URL(sandboxUrl);
      const stripe = new Stripe(SANDBOX_SECRET_KEY, {
        host: u.hostname,
        port: Number(u.port),
        protocol: 'http',
      });
      await stripe.paymentIntents.confirm(paymentIntent, {
        payment_method: 'pm_card_visa',
        return_url: 'https://shop.example/done',
      });

      const events = await waitFor(
        async () => {
          const ids = (await stripe.events.list({ limit: 100 })).data.map((e) => e.id);
          return ids.every((e) => proxy.deliveries.some((d) => d.event === e)) && ids;
        },
        15_000,
        'every event at the public URL',
      );
      expect(events.length).toBeGreaterThanOrEqual(3);
      // Once per event, each accepted (so signed with the secret both instances verify with), by both instances.
      for (const event of events) expect(proxy.deliveries.filter((d) => d.event === event)).toHaveLength(1);
      expect(proxy.deliveries.every((d) => d.status === 200)).toBe(true);
      expect(new Set(proxy.deliveries.map((d) => d.backend))).toEqual(new Set([urlA, urlB]));

      if (shared) {
        // Whichever instance applied payment_intent.succeeded, the request made on A is paid, seen through B.
        await waitFor(
          async () =>
            ((await (await fetch(`${urlB}/v1/checkout/${id}`)).json()) as { status?: string }).status ===
            'paid',
          15_000,
          'the request made on A paid, seen through B',
        );
      }
      for (const p of [a, b, sandbox]) p.child.kill('SIGTERM');
      expect(await Promise.all([a.exited, b.exited, sandbox.exited])).toEqual([0, 0, 0]);
    },
    90_000,
  );

  it('refuses to start, saying what to do, when no sandbox answers at STRIPE_SANDBOX_URL', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const p = startInstance({
      STRIPE_SANDBOX_URL: `http://127.0.0.1:${port}`,
      PUBLIC_URL: 'http://127.0.0.1:1',
    });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(`STRIPE_SANDBOX_URL: no sandbox answers at http://127.0.0.1:${port}`);
    expect(p.output()).toContain('npm run sandbox');
  }, 30_000);

  it('refuses to start when the public URL is registered with another STRIPE_WEBHOOK_SECRET', async () => {
    const sandbox = await startTestSandbox();
    closers.push(() => sandbox.close());
    const publicUrl = 'http://127.0.0.1:1';
    sandbox.addWebhookEndpoint({ url: `${publicUrl}/v1/webhooks/stripe`, secret: 'whsec_first_instance' });
    const p = startInstance({
      STRIPE_SANDBOX_URL: sandbox.url,
      PUBLIC_URL: publicUrl,
      STRIPE_WEBHOOK_SECRET: 'whsec_second_instance',
    });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(
      'already delivers to http://127.0.0.1:1/v1/webhooks/stripe with another signing secret',
    );
    expect(p.output()).not.toContain('whsec_first_instance');
  }, 30_000);
});
