// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { jsonReporter } from './wtr-json-reporter.mjs';
import { sandboxPlugin } from './wtr-sandbox.mjs';
import { serverPlugin } from './wtr-server.mjs';

/** Browser tests run in Debian's Chromium; nothing is downloaded. */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const rootDir = new URL('..', import.meta.url).pathname;

export default {
  rootDir,
  files: ['widget/**/*.test.ts', 'server/sandbox/browser/**/*.browser.test.ts', '!widget/**/*.node.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // A file of Chromium journeys can take minutes on a loaded 2-core machine; a hang still ends the run.
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    }),
  ],
  // The JSON report is what the docs build reads to show a control as passed (site/lib/control-proof.ts).
  reporters: [defaultReporter(), jsonReporter({ outputFile: '.reports/browser.json', rootDir })],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), sandboxPlugin(), serverPlugin()],
};
