/**
 * The test runs' machine-readable reports, as the docs build reads them: vitest's JSON reporter
 * (`npm run test:node` → `.reports/node.json`, the e2e suites → `.reports/e2e.json`) and the browser tests'
 * reporter, which writes the same shape (`.config/wtr-json-reporter.mjs` → `.reports/browser.json`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';

/** What happened to one test in a run: vitest's statuses (mocha's skipped tests are `skipped`). */
export type RunStatus = z.infer<typeof runStatus>;
const runStatus = z.enum(['passed', 'failed', 'skipped', 'pending', 'todo', 'disabled']);

const reportSchema = z.object({
  startTime: z.number(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(
        z.object({
          ancestorTitles: z.array(z.string()),
          title: z.string(),
          status: runStatus,
        }),
      ),
    }),
  ),
});

/** One test as a report lists it. */
export interface TestOutcome {
  /** Repo-relative path of the test file, with `/` separators. */
  file: string;
  /** Titles of the enclosing suites (`describe`), outermost first. */
  suites: string[];
  /** The test's name as it ran (a table test's placeholders filled in). */
  title: string;
  status: RunStatus;
  /** When the run that reported it started. */
  ranAt: Date;
  /** The report it came from (a path relative to the repository). */
  report: string;
}

/** A test file as a report lists it, whether or not any test in it ran. */
export interface FileOutcome {
  file: string;
  /** `failed` when the file failed to load or any of its tests failed. */
  status: 'passed' | 'failed';
  /** Why the file failed outside its tests (an import error, a timeout in a hook …), or empty. */
  message: string;
  report: string;
}

/** Everything the reports of one test pipeline say. */
export interface TestReports {
  /** The report files read, relative to the repository. */
  reports: string[];
  files: FileOutcome[];
  tests: TestOutcome[];
}

/** A report that is missing, unreadable or not of the expected shape. */
export class TestReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestReportError';
  }
}

function repoPath(root: string, file: string): string {
  return relative(root, isAbsolute(file) ? file : resolve(root, file))
    .split(sep)
    .join('/');
}

/**
 * Reads one report's JSON into outcomes.
 * @param json the parsed report.
 * @param report the report's path relative to the repository, for messages.
 * @param root the repository root, against which the report's absolute file paths are made relative.
 */
export function parseTestReport(json: unknown, report: string, root: string): TestReports {
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    throw new TestReportError(
      `${report} is not a test report of the expected shape (vitest's JSON reporter): ${z.prettifyError(parsed.error)}`,
    );
  }
  const ranAt = new Date(parsed.data.startTime);
  const files: FileOutcome[] = [];
  const tests: TestOutcome[] = [];
  for (const result of parsed.data.testResults) {
    const file = repoPath(root, result.name);
    files.push({
      file,
      status: result.status === 'passed' ? 'passed' : 'failed',
      message: result.message ?? '',
      report,
    });
    for (const test of result.assertionResults) {
      tests.push({
        file,
        suites: test.ancestorTitles,
        title: test.title,
        status: test.status,
        ranAt,
        report,
      });
    }
  }
  return { reports: [report], files, tests };
}

/**
 * Reads every `*.json` report in `dir`.
 * @throws TestReportError when the folder does not exist, holds no report, or a report cannot be read.
 */
export function readTestReports(dir: string, root: string): TestReports {
  const folder = resolve(root, dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new TestReportError(
      `the test reports folder ${dir} does not exist: run the tests first (\`npm test\` writes .reports/)`,
    );
  }
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (names.length === 0) {
    throw new TestReportError(`the test reports folder ${dir} holds no report (*.json): run the tests first`);
  }
  const all: TestReports = { reports: [], files: [], tests: [] };
  for (const name of names) {
    const path = join(folder, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (error) {
      throw new TestReportError(`${repoPath(root, path)} is not valid JSON (${String(error)})`);
    }
    const one = parseTestReport(json, repoPath(root, path), root);
    all.reports.push(...one.reports);
    all.files.push(...one.files);
    all.tests.push(...one.tests);
  }
  return all;
}
