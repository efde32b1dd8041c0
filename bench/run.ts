/**
 * `npm run bench`: measures CargoPay and writes `bench/RESULTS.md`. Everything runs on 127.0.0.1 against the
 * offline sandbox (`npm run sandbox` in a child process, so Stripe's side costs the same for CargoPay and
 * for the bare baselines), in one run, on this machine:
 *   1. the widget's size (`dist/widget/cargopay.js`, gzip -9) and its time to `cargopay-ready` in headless
 *      Chromium (median of 20 fresh page loads against `npm start`);
 *   2. intent creation and webhook ingestion through CargoPay (`createApp`: rate limits, risk rules, SQLite,
 *      logging) against bare Express apps doing only the Stripe call / only the signature check;
 *   3. the time from the sandbox sending `charge.dispute.created` to the evidence being submitted;
 *   4. Lighthouse (its npm CLI, driving /usr/bin/chromium) on /security/, /disputes/ and /integration/.
 * Intermediate files go to `bench/.runs/` (gitignored).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Stripe from 'stripe';
import { SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import { createApp } from '../server/src/app.ts';
import { parseConfig } from '../server/src/config.ts';
import { renderPdf } from '../server/src/disputes/pdf.ts';
import { createLogger } from '../server/src/http/logger.ts';
import { createMerchant } from '../server/src/merchants/service.ts';
import { openSqliteStore } from '../server/src/store/open.ts';
import { stripeClient } from '../server/src/stripe/link.ts';
import { createViesClient } from '../server/src/vat/vies-client.ts';
import { startViesStandIn } from '../server/src/vat/vies-stand-in.ts';
import { eventPayload, stripeSignature } from '../e2e/support/attacker.ts';
import { freePort, poll, ROOT, startStack, DIST } from '../e2e/support/stack.ts';
import {
  bareIntentApp,
  bareWebhookApp,
  combine,
  floorIntentApp,
  floorWebhookApp,
  listen,
  load,
  median,
  type LoadResult,
} from './load.ts';
import { lighthouseScores, type LighthouseRow } from './lighthouse.ts';
import { timeToReady } from './widget.ts';

const RUNS = join(ROOT, 'bench', '.runs');
const INTENTS = Number(process.env.BENCH_INTENTS ?? 400);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 4_000);
const CONCURRENCY = 8;
/** Rounds per comparison; each round runs every app (baseline, floor, CargoPay) once. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SHOP = 'https://shop.example';

const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  chromium: spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  date: new Date().toISOString(),
};

const log = (line: string) => console.info(`[bench] ${line}`);

/**
 * With `--profile`, the CPU profile of `measure` (this process: load generator and CargoPay) is written to
 * `bench/.runs/<name>.cpuprofile`, for Chrome DevTools or any `.cpuprofile` viewer.
 */
async function profiled<T>(name: string, measure: () => Promise<T>): Promise<T> {
  if (!process.argv.includes('--profile')) return measure();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await measure();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(RUNS, { recursive: true });
    writeFileSync(join(RUNS, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
    log(`CPU profile: bench/.runs/${name}.cpuprofile`);
  }
}

/** `npm run sandbox` in a child process on a free port; resolves once it prints its banner. */
async function startSandboxProcess(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server/sandbox/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SANDBOX_PORT: String(port), SANDBOX_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    if (out.length < 10_000) out += c.toString();
  });
  await poll(() => out.includes('/v3/'), 30_000, 'the sandbox to start', 50);
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** CargoPay's app in this process, against the sandbox at `sandboxUrl`, with production defaults. */
async function startCargoPay(sandboxUrl: string, webhookSecret: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-bench-'));
  const vies = await startViesStandIn();
  const config = parseConfig({
    NODE_ENV: 'development',
    DATABASE_PATH: join(dir, 'cargopay.sqlite'),
    BACKUP_DIR: join(dir, 'backups'),
    ENCRYPTION_KEY: `bench:${randomBytes(32).toString('base64')}`,
    VIES_BASE_URL: vies.url,
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000000',
    RATE_LIMIT_API_PER_MINUTE: '1000000',
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: '1000000',
    // Buyers reach CargoPay through a proxy, as in production; the bench sends X-Forwarded-For.
    TRUST_PROXY: 'loopback',
  });
  const store = openSqliteStore(config);
  const u = new URL(sandboxUrl);
  const app = createApp(config, {
    store,
    stripe: {
      client: stripeClient(SANDBOX_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' }),
      publishableKey: SANDBOX_PUBLISHABLE_KEY,
      webhookSecret,
      stripeJsUrl: `${sandboxUrl}/v3/`,
      sandboxOrigin: sandboxUrl,
    },
    vies: createViesClient({ baseUrl: vies.url, timeoutMs: 1_000, cacheTtlMs: 0 }),
    // Production log level; the lines are serialised as in production and dropped instead of written.
    logger: createLogger('info', { write: () => undefined }),
  });
  const server = await listen(app.express);
  app.start();
  const { apiKey } = await createMerchant(
    store,
    { name: 'Bench Freight', origins: [SHOP], webhookUrl: null },
    false,
  );
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    url: server.url,
    apiKey,
    api,
    store,
    /** Stops the background workers (the floor apps use only the store). */
    stopWorkers: () => app.stop(),
    /** Waits until the webhook worker has applied every stored event. */
    settle: () => app.webhooks.drain(),
    /** Group commits so far: how many durable COMMITs carried how many writes. */
    commits: () => store.sqlite?.writeStats() ?? { commits: 0, writes: 0, relaxedCommits: 0 },
    async close() {
      await app.stop();
      await server.close();
      store.close();
      await vies.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Cargo = Awaited<ReturnType<typeof startCargoPay>>;

async function createRequests(cargo: Cargo, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await cargo.api('POST', '/v1/payment-requests', {
      amount: 12_500,
      currency: 'eur',
      reference: `BENCH-${i}`,
      description: 'Air freight Frankfurt → Madrid',
      customer: { email: `buyer${i}@example.com`, name: 'Buyer' },
    });
    if (res.status !== 201) throw new Error(`payment request ${i}: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

interface Side {
  send: (round: number, i: number) => Promise<Response>;
  /** Background work the side left behind, finished before the next side runs and counted for none. */
  settle?: () => Promise<void>;
  /** With --profile, the side whose first round is profiled under this name. */
  profile?: string;
}

/**
 * Runs each side in `ROUNDS` rounds of `perRound` requests, the order of the sides rotating from round to
 * round, so that a change in the machine's load during the run weighs on every side alike; each side's
 * rounds are combined into one result.
 */
async function interleaved<K extends string>(
  perRound: number,
  sides: Record<K, Side>,
): Promise<Record<K, LoadResult>> {
  const names = Object.keys(sides) as K[];
  const runs = new Map<K, LoadResult[]>(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as K;
      const side = sides[name];
      const measure = () => load(perRound, CONCURRENCY, (i) => side.send(round, i));
      // The first round's profile (with --profile) stands for all.
      runs
        .get(name)
        ?.push(round === 0 && side.profile ? await profiled(side.profile, measure) : await measure());
      await side.settle?.();
    }
  }
  return Object.fromEntries(names.map((name) => [name, combine(runs.get(name) ?? [])])) as Record<
    K,
    LoadResult
  >;
}

async function throughput(sandboxUrl: string) {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const cargo = await startCargoPay(sandboxUrl, secret);
  // The floor apps get a CargoPay store of their own, with its workers stopped: nothing but their writes.
  const floorCargo = await startCargoPay(sandboxUrl, secret);
  await floorCargo.stopWorkers();
  const u = new URL(sandboxUrl);
  const sdk = stripeClient(SANDBOX_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' });
  const signingOnly = new Stripe('sk_test_signing_only');
  const bareIntents = await listen(bareIntentApp(sdk));
  const floorIntents = await listen(floorIntentApp(sdk, floorCargo.store));
  const bareHooks = await listen(bareWebhookApp(signingOnly, secret));
  const floorHooks = await listen(floorWebhookApp(signingOnly, secret, floorCargo.store));
  try {
    const ids = await createRequests(cargo, INTENTS + 20);
    const floorIds = await createRequests(floorCargo, INTENTS + 20);
    // Each intent comes from its own buyer (email, browser, address), as real checkouts do, so the risk rules
    // run at their defaults: one address, device or email sending hundreds of attempts would be blocked.
    const buyer = (n: number) => ({
      origin: SHOP,
      // A documentation address (RFC 5737) for each buyer; 762 of them, each used at most a few times an hour.
      'x-forwarded-for': `${['192.0.2', '198.51.100', '203.0.113'][n % 3]}.${(Math.floor(n / 3) % 254) + 1}`,
    });
    const intentBody = (n: number) =>
      JSON.stringify({ device_id: `device-bench-${n}`, signals: { ready_to_submit_ms: 2_400, attempts: 1 } });
    const post = (url: string, body?: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    // Warm-up: JIT, connection pools, SQLite pages.
    await load(20, 4, (i) =>
      post(
        `${cargo.url}/v1/checkout/${ids[INTENTS + i]}/intent`,
        intentBody(INTENTS + i),
        buyer(INTENTS + i),
      ),
    );
    await load(20, 4, (i) => post(`${floorIntents.url}/intent/${floorIds[INTENTS + i]}`));
    await load(20, 4, (i) => post(`${bareIntents.url}/intent/warm${i}`));
    log(`intent creation: ${INTENTS} requests, concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds`);
    const perIntentRound = Math.floor(INTENTS / ROUNDS);
    const intentCommits = cargo.commits();
    const intents = await interleaved(perIntentRound, {
      bare: { send: (round, i) => post(`${bareIntents.url}/intent/r${round}-${i}`) },
      floor: {
        send: (round, i) => post(`${floorIntents.url}/intent/${floorIds[round * perIntentRound + i]}`),
      },
      cargo: {
        send: (round, i) => {
          const n = round * perIntentRound + i;
          return post(`${cargo.url}/v1/checkout/${ids[n]}/intent`, intentBody(n), buyer(n));
        },
        settle: cargo.settle,
        profile: 'intent',
      },
    });
    const afterIntents = cargo.commits();

    const payloads = Array.from({ length: EVENTS }, (_, i) =>
      eventPayload('payment_intent.succeeded', {
        id: `pi_bench${i}`,
        object: 'payment_intent',
        amount: 12_500,
        currency: 'eur',
        status: 'succeeded',
        metadata: {},
      }),
    );
    log(`webhook ingestion: ${EVENTS} events, concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds`);
    const perEventRound = Math.floor(EVENTS / ROUNDS);
    const event = (round: number, i: number) => payloads[round * perEventRound + i] as string;
    const signed = (url: string) => (round: number, i: number) =>
      post(url, event(round, i), { 'stripe-signature': stripeSignature(event(round, i), secret) });
    const hooks = await interleaved(perEventRound, {
      bare: { send: signed(`${bareHooks.url}/webhook`) },
      floor: { send: signed(`${floorHooks.url}/webhook`) },
      cargo: { send: signed(`${cargo.url}/v1/webhooks/stripe`), settle: cargo.settle, profile: 'webhook' },
    });
    const afterHooks = cargo.commits();
    const perCommit = (from: { commits: number; writes: number }, to: { commits: number; writes: number }) =>
      `${to.writes - from.writes} writes in ${to.commits - from.commits} commits`;
    return {
      intents,
      hooks,
      grouping: {
        intents: perCommit(intentCommits, afterIntents),
        webhooks: perCommit(afterIntents, afterHooks),
      },
    };
  } finally {
    await Promise.all([bareIntents.close(), floorIntents.close(), bareHooks.close(), floorHooks.close()]);
    await cargo.close();
    await floorCargo.close();
  }
}

/** Pays requests with the product-not-received test card and times dispute → evidence submitted. */
async function disputeTimes(sandboxUrl: string, runs: number): Promise<number[]> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const cargo = await startCargoPay(sandboxUrl, secret);
  const u = new URL(sandboxUrl);
  const sdk = new Stripe(SANDBOX_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' });
  const endpoint = await fetch(`${sandboxUrl}/_sandbox/webhook_endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${cargo.url}/v1/webhooks/stripe`, secret }),
  });
  if (!endpoint.ok) throw new Error(`webhook endpoint: ${endpoint.status}`);
  await cargo.api('POST', '/v1/settings/disputes', {
    service_description: 'Door-to-door air freight with signed delivery.',
    terms: 'Carriage under the Montreal Convention.',
    refund_policy: 'Full refund if the shipment is not collected.',
  });
  const pod = renderPdf({
    title: 'Proof of delivery',
    paragraphs: ['Received in good order. Signed: B. Buyer'],
  });
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const [id] = await createRequests(cargo, 1);
      await cargo.api('POST', `/v1/payment-requests/${id}/shipment`, {
        carrier: 'Iberia Cargo',
        tracking_number: `IB-${run}`,
        shipped_at: '2026-11-10T08:00:00Z',
        delivered_at: '2026-11-12T15:30:00Z',
        delivery_address: {
          line1: 'Calle de Alcalá 12',
          postal_code: '28014',
          city: 'Madrid',
          country: 'ES',
        },
        recipient: { name: 'Berta Buyer', signed_by: 'B. Buyer' },
      });
      const uploaded = await fetch(`${cargo.url}/v1/payment-requests/${id}/proof-of-delivery`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cargo.apiKey}`, 'content-type': 'application/pdf' },
        body: new Uint8Array(pod),
      });
      if (uploaded.status !== 201) throw new Error(`proof of delivery: ${uploaded.status}`);
      const intent = (await (
        await cargo.api(
          'POST',
          `/v1/checkout/${id}/intent`,
          { device_id: `device-dispute-${run}`, signals: { ready_to_submit_ms: 900, attempts: 1 } },
          { origin: SHOP },
        )
      ).json()) as { payment_intent: string };
      await sdk.paymentIntents.confirm(intent.payment_intent, {
        payment_method: 'pm_card_createDisputeProductNotReceived',
        return_url: `${SHOP}/done`,
      });
      const dispute = await poll(
        async () => (await sdk.disputes.list({ payment_intent: intent.payment_intent })).data[0],
        20_000,
        'the dispute',
        20,
      );
      const submittedAt = await poll(
        async () => {
          const d = await sdk.disputes.retrieve(dispute.id);
          return d.evidence_details.submission_count > 0 ? Date.now() : undefined;
        },
        30_000,
        'the evidence to be submitted',
        20,
      );
      const created = await sdk.events.list({ type: 'charge.dispute.created', limit: 100 });
      const event = created.data.find((e) => (e.data.object as { id: string }).id === dispute.id);
      const deliveries = (await (
        await fetch(`${sandboxUrl}/_sandbox/deliveries?event=${event?.id ?? 'none'}`)
      ).json()) as { data: { started_at: number }[] };
      const sent = deliveries.data.map((d) => d.started_at);
      if (sent.length === 0) throw new Error('no delivery of charge.dispute.created found');
      times.push(submittedAt - Math.min(...sent));
    }
  } finally {
    await cargo.close();
  }
  return times;
}

function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The throughput CargoPay should keep, as a share of its bare baseline's. */
const AIM = 0.8;
const aimMet = (cargo: LoadResult, bare: LoadResult) =>
  cargo.perSecond >= AIM * bare.perSecond ? '**met**' : '**not met**';

function loadRow(name: string, r: LoadResult): string {
  return `| ${name} | ${r.perSecond.toFixed(0)} /s | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`;
}

/**
 * `npm run bench -- --server-only`: only the throughput comparison, printed and not written to RESULTS.md
 * (the report always comes from a full run), for quick iterations on the server's hot paths.
 */
async function serverOnly(): Promise<void> {
  const sandbox = await startSandboxProcess();
  try {
    const t = await throughput(sandbox.url);
    console.info(
      [
        loadRow('bare create PaymentIntent', t.intents.bare),
        loadRow('floor: + its storage', t.intents.floor),
        loadRow('CargoPay intent', t.intents.cargo),
        loadRow('bare verify signature', t.hooks.bare),
        loadRow('floor: + durable inbox write', t.hooks.floor),
        loadRow('CargoPay webhook', t.hooks.cargo),
        `intent ${ratio(t.intents.cargo.perSecond, t.intents.bare.perSecond)} (floor ${ratio(t.intents.floor.perSecond, t.intents.bare.perSecond)}), webhook ${ratio(t.hooks.cargo.perSecond, t.hooks.bare.perSecond)} (floor ${ratio(t.hooks.floor.perSecond, t.hooks.bare.perSecond)})`,
        `group commit: intents ${t.grouping.intents}; webhooks ${t.grouping.webhooks} (while the load ran)`,
      ].join('\n'),
    );
  } finally {
    sandbox.stop();
  }
}

async function main(): Promise<void> {
  mkdirSync(RUNS, { recursive: true });
  const started = Date.now();
  const js = readFileSync(join(DIST, 'widget', 'cargopay.js'));
  const gzip = gzipSync(js, { level: 9 }).length;

  log('widget: time to cargopay-ready, 20 page loads');
  const stack = await startStack({ logLevel: 'warn' });
  let ready: number[];
  let lighthouse: LighthouseRow[] | string;
  try {
    ready = await timeToReady(stack, 20);
    log('lighthouse: /security/, /disputes/, /integration/');
    lighthouse = lighthouseScores(stack.url, ['/security/', '/disputes/', '/integration/'], RUNS);
  } finally {
    await stack.close();
  }

  const sandbox = await startSandboxProcess();
  let t: Awaited<ReturnType<typeof throughput>>;
  let disputes: number[];
  try {
    t = await throughput(sandbox.url);
    log('disputes: charge.dispute.created → evidence submitted, 5 runs');
    disputes = await disputeTimes(sandbox.url, 5);
  } finally {
    sandbox.stop();
  }

  const sortedReady = [...ready].sort((a, b) => a - b);
  const lines = [
    '# Benchmark results',
    '',
    `Produced by \`npm run bench\` (\`bench/run.ts\`) on ${machine.date}, in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
    `Machine: ${machine.cores} cores (\`nproc\`) of ${machine.cpu}, ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.chromium}.`,
    'The machine is shared with other work, so absolute figures vary from run to run; the ratios compare runs',
    'made seconds apart under the same load. Everything is on 127.0.0.1 against the offline Stripe sandbox.',
    '',
    '## Widget',
    '',
    '| figure | value | command |',
    '| --- | --- | --- |',
    `| \`dist/widget/cargopay.js\` | ${js.length} bytes, **${gzip} bytes gzip** (-9) | \`npm run build:widget\` then \`npm run bench\` |`,
    `| time to \`cargopay-ready\`, median of ${ready.length} | **${ms(median(ready))}** (min ${ms(sortedReady[0] ?? 0)}, max ${ms(sortedReady.at(-1) ?? 0)}) | \`npm run bench\` |`,
    '',
    'Time to ready: a fresh headless Chromium profile per load opens a merchant page on its own origin that',
    'loads `cargopay.js` (with SRI) from `npm start`; measured from navigation start to the `cargopay-ready`',
    'event, which fires when the summary is loaded, the PaymentIntent prepared and the Payment Element (the',
    "sandbox's iframe) reports ready.",
    '',
    '## Server throughput and latency, against bare Express baselines',
    '',
    `\`npm run bench\`: closed-loop clients, concurrency ${CONCURRENCY}, after a warm-up, in ${ROUNDS} rounds; in each`,
    'round every app runs once, in an order that rotates from round to round (after each CargoPay round its',
    'worker finishes applying the events before the next app runs, uncounted), so a change in the load of the',
    'shared machine weighs on all alike. The load generator runs in the same process as the apps. CargoPay is',
    '`createApp` with its production defaults (security headers, CORS per merchant, rate limiters, body and',
    'card-number checks, Idempotency-Key handling, risk rules at their defaults with every attempt recorded,',
    'sealed SQLite writes with full sync shared by group commit, WAL checkpoints on their own thread, the',
    'webhook worker applying events as they arrive, pino logging serialised at `info`), behind a trusted',
    'proxy; each intent comes from its own buyer',
    '(`X-Forwarded-For` address, device id, email). Each **baseline** is an Express app doing only the one',
    'thing: the same `stripe.paymentIntents.create` call (same parameters), or only',
    '`stripe.webhooks.constructEvent`. Each **floor** is the baseline plus only the storage the issue asks for',
    'around it, through CargoPay’s own store (`bench/load.ts`): for intents, the payment request read from the',
    'store (the amount comes from there, personal fields unsealed) and the PaymentIntent linked to it; for',
    'webhooks, the event sealed into the inbox with a durable commit before the 200 (the floors share that',
    'store, and its checkpoint thread, between them). The floor has no',
    'middleware, no rules, no logging and no worker: CargoPay, which writes from the event loop’s thread as the',
    'floor does, cannot be faster than it. All talk to the same sandbox (`npm run sandbox`, another process).',
    '',
    '| endpoint | throughput | p50 | p99 | errors |',
    '| --- | --- | --- | --- | --- |',
    loadRow(`baseline: create PaymentIntent (${INTENTS})`, t.intents.bare),
    loadRow(`floor: + read the request, link the PaymentIntent (${INTENTS})`, t.intents.floor),
    loadRow(`CargoPay \`POST /v1/checkout/:id/intent\` (${INTENTS})`, t.intents.cargo),
    loadRow(`baseline: verify signature (${EVENTS})`, t.hooks.bare),
    loadRow(`floor: + durable inbox write (${EVENTS})`, t.hooks.floor),
    loadRow(`CargoPay \`POST /v1/webhooks/stripe\` (${EVENTS})`, t.hooks.cargo),
    '',
    '| throughput ratio | CargoPay / baseline | floor / baseline | CargoPay / floor |',
    '| --- | --- | --- | --- |',
    ...(['intents', 'hooks'] as const).map(
      (k) =>
        `| ${k === 'intents' ? 'intent creation' : 'webhook ingestion'} | ${ratio(t[k].cargo.perSecond, t[k].bare.perSecond)} | ${ratio(t[k].floor.perSecond, t[k].bare.perSecond)} | ${ratio(t[k].cargo.perSecond, t[k].floor.perSecond)} |`,
    ),
    '',
    '| latency ratio CargoPay / baseline | p50 | p99 |',
    '| --- | --- | --- |',
    `| intent creation | ${ratio(t.intents.cargo.p50, t.intents.bare.p50)} | ${ratio(t.intents.cargo.p99, t.intents.bare.p99)} |`,
    `| webhook ingestion | ${ratio(t.hooks.cargo.p50, t.hooks.bare.p50)} | ${ratio(t.hooks.cargo.p99, t.hooks.bare.p99)} |`,
    '',
    `The aim is at least ${AIM.toFixed(2)}× the baseline's throughput: intent creation ${aimMet(t.intents.cargo, t.intents.bare)},`,
    `webhook ingestion ${aimMet(t.hooks.cargo, t.hooks.bare)}. The floor itself: intent creation`,
    `${aimMet(t.intents.floor, t.intents.bare)}, webhook ingestion ${aimMet(t.hooks.floor, t.hooks.bare)}.`,
    '',
    `Group commit while CargoPay was measured: intent creation ${t.grouping.intents}; webhook ingestion`,
    `${t.grouping.webhooks} (the inbox writes and the worker's applies).`,
    '',
    '## Disputes',
    '',
    `| figure | value | command |`,
    '| --- | --- | --- |',
    `| \`charge.dispute.created\` sent → evidence submitted, median of ${disputes.length} | **${ms(median(disputes))}** (all: ${disputes.map((d) => d.toFixed(0)).join(', ')} ms) | \`npm run bench\` |`,
    '',
    'Each run pays a request that has a shipment, a signed proof of delivery and the merchant’s policies with',
    'the sandbox card for a product-not-received dispute; the clock starts when the sandbox starts delivering',
    '`charge.dispute.created` and stops when the sandbox’s dispute shows a submission (polled every 20 ms). It',
    'covers verification, the inbox, the casework queue, compiling the evidence, rendering and uploading the',
    'PDFs and `disputes.update`.',
    '',
    '## Lighthouse',
    '',
  ];
  if (typeof lighthouse === 'string') {
    lines.push(lighthouse);
  } else {
    lines.push(
      '`npm run bench` runs the `lighthouse` npm CLI (default mobile emulation and simulated throttling) with',
      '`--chrome-path=/usr/bin/chromium` against the docs as `npm start` serves them (CSP and all headers on).',
      '',
      '| page | performance | accessibility | best practices | SEO |',
      '| --- | --- | --- | --- | --- |',
      ...lighthouse.map(
        (r) => `| \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} |`,
      ),
    );
  }
  lines.push('');
  writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
  log('wrote bench/RESULTS.md');
}

await (process.argv.includes('--server-only') ? serverOnly() : main());
