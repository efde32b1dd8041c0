// @ts-check
/**
 * @web/test-runner reporter: writes the run's results as JSON in the shape of vitest's JSON reporter (the
 * fields the docs build reads: `startTime`, and per file `name`, `status`, `message` and `assertionResults`
 * with `ancestorTitles`, `title`, `fullName`, `status`, `failureMessages`), so `site/lib/test-reports.ts` reads
 * the browser tests' report as it reads vitest's. @web/test-runner 1 ships no JSON or JUnit reporter.
 *
 * Use (in `.config/web-test-runner.config.mjs`): `reporters: [defaultReporter(), jsonReporter({ outputFile })]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * @typedef {import('@web/test-runner').Reporter} Reporter
 * @typedef {import('@web/test-runner').TestSession} TestSession
 * @typedef {import('@web/test-runner').TestSuiteResult} TestSuiteResult
 * @typedef {{ ancestorTitles: string[], title: string, fullName: string, status: 'passed' | 'failed' | 'skipped', failureMessages: string[] }} Assertion
 */

/**
 * @param {TestSuiteResult} suite
 * @param {string[]} ancestors
 * @returns {Assertion[]}
 */
function assertions(suite, ancestors) {
  /** @type {Assertion[]} */
  const own = suite.tests.map((test) => ({
    ancestorTitles: ancestors,
    title: test.name,
    fullName: [...ancestors, test.name].join(' '),
    status: test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed',
    failureMessages: test.error ? [test.error.message] : [],
  }));
  return [...own, ...suite.suites.flatMap((inner) => assertions(inner, [...ancestors, inner.name]))];
}

/**
 * @param {{ outputFile: string, rootDir: string }} options `outputFile` is resolved against `rootDir`.
 * @returns {Reporter}
 */
export function jsonReporter({ outputFile, rootDir }) {
  const path = resolve(rootDir, outputFile);
  let startTime = Date.now();
  return {
    start() {
      startTime = Date.now();
    },
    stop({ sessions }) {
      const testResults = sessions.map((/** @type {TestSession} */ session) => {
        const results = session.testResults ? assertions(session.testResults, []) : [];
        // A file that failed to load or threw outside a test has session errors and maybe no results.
        const failed = session.passed !== true || results.some((result) => result.status === 'failed');
        return {
          name: resolve(rootDir, session.testFile),
          status: failed ? 'failed' : 'passed',
          message: session.errors.map((error) => error.message).join('\n'),
          startTime,
          endTime: Date.now(),
          assertionResults: results,
        };
      });
      const all = testResults.flatMap((file) => file.assertionResults);
      const report = {
        numTotalTests: all.length,
        numPassedTests: all.filter((result) => result.status === 'passed').length,
        numFailedTests: all.filter((result) => result.status === 'failed').length,
        numPendingTests: all.filter((result) => result.status === 'skipped').length,
        startTime,
        success: testResults.every((file) => file.status === 'passed'),
        testResults,
      };
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    },
  };
}
