// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { sandboxPlugin } from './wtr-sandbox.mjs';
import { checkoutPlugin } from './wtr-checkout.mjs';

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

export default {
  rootDir: new URL('..', import.meta.url).pathname,
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
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), sandboxPlugin(), checkoutPlugin()],
};
