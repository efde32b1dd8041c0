import {
  CAPTURED,
  FREIGHT_COUNT,
  FREIGHT_LABEL,
  FREIGHT_PATHS,
  REFUNDED,
  type FreightPath,
  type FreightResults,
  type FreightRun,
} from './freight.ts';
import type { LoadResult } from './load.ts';
import { ms, ratio } from './server-report.ts';
import { CONCURRENCY, ROUNDS, STORE_LABEL, type ServerResults } from './server.ts';
import { topStatements, type Counted } from './statement-count.ts';

/** The freight paths' section of `bench/RESULTS.md` (or of `--server-only`'s output). */

const STORES = ['sqlite', 'pg'] as const;

const WHAT: Record<FreightPath, { bare: string; floor: string; cargo: string }> = {
  'intents-manual': {
    bare: 'create PaymentIntent, `capture_method: manual`',
    floor: '+ read the request, link the PaymentIntent',
    cargo: '`POST /v1/checkout/:id/intent` (capture "manual")',
  },
  captures: {
    bare: '`stripe.paymentIntents.capture`',
    floor: '+ read the request, commit it paid with its notification',
    cargo: '`POST /v1/payment-requests/:id/capture`',
  },
  refunds: {
    bare: '`stripe.refunds.create`',
    floor: '+ read the request, commit the refund, the request and its notification',
    cargo: '`POST /v1/payment-requests/:id/refunds`',
  },
};

/**
 * The command line that produced these figures: the `BENCH_*` knobs set in the environment, then `command`
 * (`npm run bench`, or the runner with its flags).
 */
export function benchCommand(command: string): string {
  const knobs = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v ?? ''}`);
  return [...knobs, command].join(' ');
}

const row = (name: string, r: LoadResult) =>
  `| ${name} | ${r.perSecond.toFixed(0)} /s | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`;

/**
 * `classic`: the same run's intent creation and webhook ingestion, if it ran, for the comparison the issue asks
 * for (the new paths keep the bench's ratios).
 */
export function freightSection(
  f: FreightResults,
  cores: number,
  command: string,
  classic?: ServerResults['runs'],
): string[] {
  const paths = FREIGHT_PATHS.filter((p) => f.runs[p]);
  const run = (p: FreightPath) => f.runs[p] as FreightRun;
  const automatic = f.runs['intents-manual']?.['automatic-bare'] ? f.runs['intents-manual'] : undefined;
  const cmd = `\`${command}\``;
  const n = (p: FreightPath) => run(p).bare.requests;
  const lines = [
    '## Freight: manual-capture intents, capture and refunds (issue 16)',
    '',
    `${cmd}: the server comparison’s harness (\`bench/server.ts\`: closed-loop clients, concurrency ${CONCURRENCY}, after a warm-up, in ${ROUNDS}`,
    'interleaved rounds with a rotating order, the load generator in the same process), the same CargoPay',
    '(`createApp`, production defaults, merchant API key, no Idempotency-Key) and a CargoPay store of its own',
    'per store for the floors. What each measured call needs is prepared before the timing: for **capture**,',
    'manual-capture requests created through the API, their PaymentIntents made by CargoPay’s checkout and',
    'confirmed with `pm_card_mastercard` at the sandbox, and the `payment_intent.amount_capturable_updated`',
    'webhook (signed, with the PaymentIntent as the sandbox has it) applied by CargoPay’s worker: each request is',
    `\`authorized\`, and each call captures ${CAPTURED} of its 12500 hold; for **refunds**, automatic-capture requests paid`,
    `the same way (\`payment_intent.succeeded\`), each call refunding ${REFUNDED} with reason \`requested_by_customer\`.`,
    'The **baselines** call Stripe alone on PaymentIntents made and confirmed at the sandbox directly with',
    'CargoPay’s parameters; the **floors** (`bench/freight-apps.ts`) add the request read and the one commit',
    'CargoPay needs. The sandbox has no webhook endpoint during the timing, so neither side receives the',
    'events the capture or refund causes (as for intent creation); the bench merchant has no webhook URL, so',
    'CargoPay’s worker records each notification’s delivery as failed without an HTTP call. Each capture here is',
    'within the stored hold, so CargoPay makes one Stripe call, as the baseline and the floor do (only a capture',
    'above the stored hold asks Stripe what the hold allows now, and raises it, first).',
    '**Manual-capture intents** take the same route, risk rules and store writes as intent creation; only',
    'the PaymentIntent’s parameters differ (`capture_method: manual`, extended and incremental authorization',
    'asked for, as `ensurePaymentIntent` sends them, and in the baseline and floor alike). They run beside',
    'automatic-capture intent creation (its three apps again, on requests and buyers of their own) in the same',
    'rounds, so the two CargoPay / floor ratios are read under the same load.',
    `The machine’s 1-minute load average was ${f.loadAverage.before.toFixed(1)} when this comparison started and ${f.loadAverage.after.toFixed(1)} when it ended, on ${cores} cores.`,
    '',
    '| throughput ratio | CargoPay / floor | CargoPay / baseline | floor / baseline | command |',
    '| --- | --- | --- | --- | --- |',
  ];
  /**
   * Automatic-capture intent creation to read the manual variant against: measured in the same rounds when the
   * manual path ran, else the comparison above (same run, earlier).
   */
  const classicRow = (store: (typeof STORES)[number]) => {
    const sides = (c: { bare: LoadResult; floor: LoadResult; cargo: LoadResult }, label: string) => [
      `| ${label}, ${STORE_LABEL[store]} | **${ratio(c.cargo.perSecond, c.floor.perSecond)}** | ${ratio(c.cargo.perSecond, c.bare.perSecond)} | ${ratio(c.floor.perSecond, c.bare.perSecond)} | ${cmd} |`,
    ];
    const a = automatic;
    const floor = a?.[`automatic-floor-${store}`];
    const cargo = a?.[`automatic-cargo-${store}`];
    if (a?.['automatic-bare'] && floor && cargo)
      return sides(
        { bare: a['automatic-bare'], floor, cargo },
        'intent creation, capture "automatic", same rounds',
      );
    const c = classic?.intents;
    if (!c) return [];
    return sides(
      { bare: c.bare, floor: c[`floor-${store}`], cargo: c[`cargo-${store}`] },
      'intent creation (automatic, above)',
    );
  };
  for (const store of STORES) {
    lines.push(...classicRow(store));
    for (const p of paths) {
      const r = run(p);
      lines.push(
        `| ${FREIGHT_LABEL[p]}, ${STORE_LABEL[store]} | **${ratio(r[`cargo-${store}`].perSecond, r[`floor-${store}`].perSecond)}** | ${ratio(r[`cargo-${store}`].perSecond, r.bare.perSecond)} | ${ratio(r[`floor-${store}`].perSecond, r.bare.perSecond)} | ${cmd} |`,
      );
    }
  }
  lines.push(
    '',
    '| latency ratio CargoPay / baseline | p50 | p99 |',
    '| --- | --- | --- |',
    ...STORES.flatMap((store) =>
      paths.map((p) => {
        const r = run(p);
        return `| ${FREIGHT_LABEL[p]}, ${STORE_LABEL[store]} | ${ratio(r[`cargo-${store}`].p50, r.bare.p50)} | ${ratio(r[`cargo-${store}`].p99, r.bare.p99)} |`;
      }),
    ),
    '',
    `The figures behind the ratios (they vary with the machine’s load; ${cmd}):`,
    '',
    '| endpoint | throughput | p50 | p99 | errors |',
    '| --- | --- | --- | --- | --- |',
    ...paths.flatMap((p) => {
      const r = run(p);
      const automaticRows: string[] = [];
      const ab = r['automatic-bare'];
      if (ab) {
        automaticRows.push(row(`baseline: create PaymentIntent, automatic capture (${n(p)})`, ab));
        for (const store of STORES) {
          const floor = r[`automatic-floor-${store}`];
          const cargo = r[`automatic-cargo-${store}`];
          if (floor)
            automaticRows.push(row(`floor, ${STORE_LABEL[store]}: ${WHAT[p].floor} (${n(p)})`, floor));
          if (cargo)
            automaticRows.push(
              row(
                `CargoPay, ${STORE_LABEL[store]}: \`POST /v1/checkout/:id/intent\` (capture "automatic") (${n(p)})`,
                cargo,
              ),
            );
        }
      }
      return [
        row(`baseline: ${WHAT[p].bare} (${n(p)})`, r.bare),
        ...STORES.flatMap((store) => [
          row(`floor, ${STORE_LABEL[store]}: ${WHAT[p].floor} (${n(p)})`, r[`floor-${store}`]),
          row(`CargoPay, ${STORE_LABEL[store]}: ${WHAT[p].cargo} (${n(p)})`, r[`cargo-${store}`]),
        ]),
        ...automaticRows,
      ];
    }),
    '',
    'Statements per request while each app was measured (counted as above):',
    '',
    '| per request | floor: statements | floor: transactions | CargoPay: statements | CargoPay: transactions |',
    '| --- | --- | --- | --- | --- |',
    ...paths.flatMap((p) =>
      STORES.map((store) => {
        const r = run(p);
        const per = (x: LoadResult & { sent: Counted }, k: 'statements' | 'transactions') =>
          (x.sent[store][k] / x.requests).toFixed(1);
        const fl = r[`floor-${store}`];
        const c = r[`cargo-${store}`];
        return `| ${FREIGHT_LABEL[p]}, ${STORE_LABEL[store]} | ${per(fl, 'statements')} | ${per(fl, 'transactions')} | ${per(c, 'statements')} | ${per(c, 'transactions')} |`;
      }),
    ),
    '',
    ...paths
      .filter((p) => p !== 'intents-manual')
      .flatMap((p) => {
        const c = run(p)['cargo-pg'];
        return [
          `CargoPay’s statements per request on PostgreSQL, ${FREIGHT_LABEL[p]} (the most frequent, by their start):`,
          '',
          '| per request | statement |',
          '| --- | --- |',
          ...topStatements(c.sent.pg, 20)
            .filter(([, k]) => k / c.requests >= 0.05)
            .map(([text, k]) => `| ${(k / c.requests).toFixed(2)} | \`${text.replaceAll('|', '\\|')}\` |`),
          '',
        ];
      }),
    `Knobs: \`BENCH_MANUAL_INTENTS\` (${FREIGHT_COUNT['intents-manual']}), \`BENCH_CAPTURES\` (${FREIGHT_COUNT.captures}), \`BENCH_REFUNDS\` (${FREIGHT_COUNT.refunds}) requests per`,
    'side, `BENCH_ROUNDS`; `node bench/run.ts --server-only --paths=captures` (or `refunds`, `intents-manual`, comma',
    'separated) measures only those paths and prints this section.',
    '',
  );
  return lines;
}
