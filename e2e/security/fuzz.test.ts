/**
 * Everything a client controls, generated (fast-check, fixed seed) against every endpoint of a running
 * server process: paths (malformed percent-encoding, dot segments, Latin-1, 10 kB segments), query strings
 * (arrays, objects, operators, prototype keys), headers (X-Request-Id, Idempotency-Key, Content-Type,
 * Content-Encoding, Origin, Authorization, a Content-Length shorter than the body), bodies (depth, size,
 * number of keys, charsets, broken UTF-8, lone surrogates, control characters, special numbers, prototype
 * keys) and correctly signed Stripe envelopes of the wrong shape. Every request must be answered, in time and
 * never with a 5xx, and the server must log no "unhandled error" (a stack trace) while it runs.
 * Quick form (`npm test`): `QUICK_RUNS` cases per endpoint; full form (`npm run test:security`): 2,000.
 */
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL, stripeSignature } from '../support/attacker.ts';
import {
  describeCase,
  envelopeCase,
  fuzzCase,
  type EndpointSpec,
  type FuzzCase,
} from '../support/fuzz-cases.ts';
import {
  api,
  createMerchantWithCli,
  LIFTED_RATE_LIMITS,
  startStack,
  type CliMerchant,
  type Stack,
} from '../support/stack.ts';

const QUICK_RUNS = 40;
const RUNS = FULL ? 2_000 : QUICK_RUNS;
const SEED = 20_261_206;
const BATCH = 100;
/** Generous: a loaded 2-core machine answers in milliseconds; only a hang takes this long. */
const REQUEST_TIMEOUT_MS = 30_000;
const SHOP = 'https://shop-a.example';

let stack: Stack;
let merchant: CliMerchant;
const ids = { pr: '', cancel: '', account: '' };
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  stack = await startStack({
    logLevel: 'warn',
    // Fuzzed Authorization headers fail authentication by the thousand: every limit is out of the way.
    env: LIFTED_RATE_LIMITS,
  });
  merchant = createMerchantWithCli(stack, { name: 'Fuzzed Freight', origins: [SHOP] });
  const key = merchant.apiKey;
  await api(stack.url, 'POST', '/v1/settings/risk', { key, body: { enabled: false } });
  const create = async () => {
    const res = await api(stack.url, 'POST', '/v1/payment-requests', {
      key,
      body: {
        amount: 12_500,
        currency: 'eur',
        reference: 'AWB-176-12345675',
        description: 'Fuzzed freight',
        customer: { email: 'fuzz@example.com', name: 'Fuzz Buyer' },
      },
    });
    expect(res.status, res.text).toBe(201);
    return String(res.json.id);
  };
  ids.pr = await create();
  ids.cancel = await create();
  const carrier = await api(stack.url, 'POST', '/v1/carriers', {
    key,
    body: { name: 'Fuzz Cargo', country: 'ES' },
  });
  expect(carrier.status, carrier.text).toBe(201);
  ids.account = String(carrier.json.account);
});
afterAll(async () => {
  agent.destroy();
  await stack?.close();
});

type Outcome = { status: number } | { failure: string; reset?: boolean };

/**
 * Whether Node's HTTP parser refuses the case before the app sees it and closes the connection: a raw byte
 * outside printable ASCII in the request target, a request head over Node's 16 kB limit, or a body longer
 * than its Content-Length (the rest is a garbage second request). Node answers 400/431 and closes; while a
 * large body is still being written, the client may see that close as a reset instead of the answer. Such a
 * reset is counted, not failed; any other reset is a failure.
 */
function refusedByParser(c: FuzzCase): boolean {
  const head =
    c.path.length + Object.entries(c.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  return c.shortLength || /[^\x21-\x7e]/.test(c.path) || head > 16_000;
}

/** Sends one case exactly as generated (node:http: no URL normalisation) and waits for the whole answer. */
function send(c: FuzzCase): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.body !== null) {
      headers['content-length'] = String(c.shortLength ? Math.floor(c.body.length / 2) : c.body.length);
    }
    let settled = false;
    const done = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = http.request({
      host: '127.0.0.1',
      port: stack.port,
      method: c.method,
      path: c.path,
      headers,
      // A short Content-Length leaves garbage on the connection: give that case a connection of its own.
      agent: c.shortLength ? false : agent,
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ failure: `no answer within ${REQUEST_TIMEOUT_MS} ms` });
    }, REQUEST_TIMEOUT_MS);
    req.on('response', (res) => {
      res.on('error', () => done({ status: res.statusCode ?? 0 }));
      res.on('end', () => done({ status: res.statusCode ?? 0 }));
      res.resume();
    });
    req.on('error', (error) =>
      done({
        failure: `connection error: ${error.message}`,
        reset: (error as { code?: string }).code === 'ECONNRESET',
      }),
    );
    if (c.body !== null) req.write(c.body);
    req.end();
  });
}

const merchantHeaders = () => ({ authorization: `Bearer ${merchant.apiKey}` });
const shopHeaders = () => ({ origin: SHOP });

/** Every endpoint of `server/src/app.ts`, and the pages. */
const endpoints: [string, string, () => Record<string, string>, string[]][] = [
  [
    'POST',
    '/v1/payment-requests',
    merchantHeaders,
    ['amount', 'currency', 'reference', 'description', 'customer', 'carrier', 'expires_at', 'metadata'],
  ],
  ['GET', '/v1/payment-requests', merchantHeaders, []],
  ['GET', '/v1/payment-requests/:pr', merchantHeaders, []],
  ['POST', '/v1/payment-requests/:cancel/cancel', merchantHeaders, []],
  ['GET', '/v1/payment-requests/:pr/evidence', merchantHeaders, []],
  [
    'POST',
    '/v1/payment-requests/:pr/shipment',
    merchantHeaders,
    ['carrier', 'tracking_number', 'shipped_at', 'delivered_at', 'delivery_address', 'recipient'],
  ],
  ['POST', '/v1/payment-requests/:pr/messages', merchantHeaders, ['channel', 'direction', 'at', 'text']],
  [
    'POST',
    '/v1/payment-requests/:pr/policies',
    merchantHeaders,
    ['service_description', 'terms', 'refund_policy'],
  ],
  ['POST', '/v1/payment-requests/:pr/proof-of-delivery', merchantHeaders, []],
  ['GET', '/v1/payment-requests/:pr/risk', merchantHeaders, []],
  ['GET', '/v1/disputes', merchantHeaders, []],
  ['GET', '/v1/disputes/stats', merchantHeaders, []],
  ['GET', '/v1/disputes/:dispute', merchantHeaders, []],
  ['POST', '/v1/disputes/:dispute/evidence', merchantHeaders, ['text', 'submit']],
  ['POST', '/v1/disputes/:dispute/submit', merchantHeaders, []],
  ['GET', '/v1/settings/disputes', merchantHeaders, []],
  [
    'POST',
    '/v1/settings/disputes',
    merchantHeaders,
    ['submission', 'service_description', 'terms', 'refund_policy'],
  ],
  ['GET', '/v1/settings/risk', merchantHeaders, []],
  [
    'POST',
    '/v1/settings/risk',
    merchantHeaders,
    ['enabled', 'velocity', 'amount_anomaly', 'behaviour', 'history', 'score'],
  ],
  ['POST', '/v1/carriers', merchantHeaders, ['name', 'email', 'country']],
  ['GET', '/v1/carriers/:account', merchantHeaders, []],
  ['POST', '/v1/carriers/:account/onboarding-link', merchantHeaders, ['return_url', 'refresh_url']],
  ['GET', '/v1/events', merchantHeaders, []],
  ['GET', '/v1/checkout/:pr', shopHeaders, []],
  ['POST', '/v1/checkout/:pr/intent', shopHeaders, ['device_id', 'signals']],
  ['POST', '/v1/checkout/:pr/vat', shopHeaders, ['vat_number']],
  ['OPTIONS', '/v1/checkout/:pr/intent', shopHeaders, []],
  ['GET', '/v1/nothing-here', () => ({}), []],
  ['GET', '/healthz', () => ({}), []],
  ['GET', '/readyz', () => ({}), []],
  ['GET', '/metrics', () => ({}), []],
  ['GET', '/example-shop/', () => ({}), []],
  ['POST', '/example-shop/quote', () => ({}), ['from', 'to', 'weight_kg', 'service', 'name', 'email']],
  ['GET', '/example-shop/pay/:pr', () => ({}), []],
  ['POST', '/example-shop/send-link', () => ({}), ['from', 'to', 'weight_kg', 'service', 'name', 'email']],
  ['GET', '/example-shop/link/:pr', () => ({}), []],
  ['GET', '/pay/:pr', () => ({}), ['lang']],
  ['GET', '/widget/cargopay.js', () => ({}), []],
  ['GET', '/security/', () => ({}), []],
  ['GET', '/.well-known/security.txt', () => ({}), []],
];

const specOf = (
  method: string,
  template: string,
  headers: Record<string, string>,
  fields: string[],
): EndpointSpec => ({
  method,
  template,
  params: { pr: ids.pr, cancel: ids.cancel, account: ids.account, dispute: 'dp_1FuzzNoSuchDispute' },
  headers,
  fields: fields.length ? fields : ['a'],
});

/** Generates `RUNS` cases in batches (each from the fixed seed plus its batch number), sends each in turn. */
async function fuzz(name: string, arbitrary: fc.Arbitrary<FuzzCase>, prepare = (c: FuzzCase) => c) {
  const unhandledBefore = unhandledLines().length;
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let parserResets = 0;
  for (let batch = 0; batch * BATCH < RUNS; batch += 1) {
    const cases = fc.sample(arbitrary, {
      seed: SEED + batch,
      numRuns: Math.min(BATCH, RUNS - batch * BATCH),
    });
    for (const generated of cases) {
      const c = prepare(generated);
      const outcome = await send(c);
      if ('failure' in outcome) {
        if (outcome.reset && refusedByParser(c)) parserResets += 1;
        else failures.push(`${outcome.failure}: ${describeCase(c)}`);
      } else {
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        if (outcome.status >= 500) failures.push(`answered ${outcome.status}: ${describeCase(c)}`);
      }
    }
  }
  await logCaughtUp();
  const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, count]) => n + count, 0);
  const byStatus = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  console.info(
    `fuzz ${name}: ${RUNS} cases, 5xx = ${fivexx}, unanswered = ${failures.length - fivexx}, ` +
      `closed by Node's HTTP parser = ${parserResets} (${byStatus})`,
  );
  expect(failures.slice(0, 5), `${failures.length} of ${RUNS} cases failed`).toEqual([]);
  expect(unhandledLines().slice(unhandledBefore).slice(0, 3), 'stack traces in the server log').toEqual([]);
}

/**
 * The server writes a stack trace before it answers, but its log reaches us through a pipe, the answer
 * through a socket: one more round trip and two turns of the event loop let the pipe's bytes, already
 * written, be read before the lines are counted (so each trace is counted against the endpoint that caused it).
 */
async function logCaughtUp(): Promise<void> {
  await send({ method: 'GET', path: '/healthz', headers: {}, body: null, shortLength: false });
  for (let turn = 0; turn < 2; turn += 1) await new Promise((r) => setImmediate(r));
}

const unhandledLines = () =>
  stack
    .output()
    .split('\n')
    .filter((l) => l.includes('unhandled error'));

describe('every endpoint, generated requests: always answered in time, never 5xx, no stack trace logged', () => {
  for (const [method, template, headers, fields] of endpoints) {
    it(
      `${method} ${template}`,
      async () => {
        await fuzz(`${method} ${template}`, fuzzCase(specOf(method, template, headers(), fields)));
      },
      FULL ? 900_000 : 60_000,
    );
  }

  it(
    'POST /v1/webhooks/stripe: everything else a client controls, unsigned or badly signed',
    async () => {
      await fuzz(
        'POST /v1/webhooks/stripe (unsigned)',
        fuzzCase(
          specOf('POST', '/v1/webhooks/stripe', { 'stripe-signature': `t=1,v1=${'ab'.repeat(32)}` }, [
            'id',
            'type',
            'data',
          ]),
        ),
      );
    },
    FULL ? 900_000 : 60_000,
  );

  it(
    'POST /v1/webhooks/stripe: correctly signed envelopes of the wrong shape',
    async () => {
      await fuzz('POST /v1/webhooks/stripe (signed)', envelopeCase(ids.pr), (c) => ({
        ...c,
        headers: {
          ...c.headers,
          'stripe-signature': stripeSignature(c.body?.toString('utf8') ?? '', stack.webhookSecret),
        },
      }));
    },
    FULL ? 900_000 : 60_000,
  );
});
