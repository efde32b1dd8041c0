import { defineConfig } from 'vitest/config';

/** Node-side tests: the server, the sandbox API, node-only widget checks and the site's output checks. The
 * end-to-end, security and reliability suites have their own config (`e2e/vitest.config.ts`, `npm run test:e2e`). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['server/**/*.test.ts', '.config/*.test.ts', 'widget/**/*.node.test.ts', 'site/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', '**/*.browser.test.ts'],
    // One PostgreSQL server for the run (server/test/postgres.ts); tests create their own databases on it.
    globalSetup: ['server/test/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The JSON report is what the docs build reads to show a control as passed (site/lib/control-proof.ts). A run
    // on PostgreSQL (`npm run test:node:postgres`) skips SQLite-only tests that controls name, so its report goes
    // to a folder of its own, which the docs build does not read.
    reporters: [
      'default',
      [
        'json',
        {
          outputFile:
            process.env.CARGOPAY_TEST_STORE === 'postgres'
              ? '.reports/postgres/node.json'
              : '.reports/node.json',
        },
      ],
    ],
  },
});
