import { defineConfig } from 'vitest/config';

/**
 * The end-to-end, security, reliability and multi-instance suites: real server processes, Chromium, many
 * requests. One file at a time (they start their own servers and browsers on a 2-core machine), with timeouts
 * sized for that. `npm run test:e2e` (part of `npm test`) runs all four in their time-bounded form;
 * `E2E_SUITES` narrows the files (`journeys`, `security`, `reliability`, `instances`), `E2E_FULL=1` selects the
 * full counts (`npm run test:security`, `npm run test:reliability`, `npm run test:instances`) and
 * `E2E_STORE=postgres` runs the single-server suites on a PostgreSQL of their own (`support/stack.ts`).
 */
const suites = (process.env.E2E_SUITES ?? 'journeys,security,reliability,instances').split(',');
const include = suites.flatMap((s) =>
  s === 'journeys'
    ? [
        'e2e/first-run.test.ts',
        'e2e/journeys.test.ts',
        'e2e/pay-link.test.ts',
        'e2e/freight.test.ts',
        'e2e/dispute-languages.test.ts',
        'e2e/strict-csp.test.ts',
      ]
    : [`e2e/${s}/**/*.test.ts`],
);

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include,
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // The JSON report is what the docs build reads to show a control as passed (site/lib/control-proof.ts).
    // A run on PostgreSQL reports beside, not over, the run the docs' controls are proven by.
    reporters: [
      'default',
      [
        'json',
        {
          outputFile:
            process.env.E2E_STORE === 'postgres' ? '.reports/postgres/e2e.json' : '.reports/e2e.json',
        },
      ],
    ],
  },
});
