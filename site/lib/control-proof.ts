/**
 * Whether each control of the registry (`site/data/controls.ts`) is proven in this build: every test it names
 * must be in the test runs' reports (`site/lib/test-reports.ts`) and have passed. Skipped, todo, missing or
 * failed fails the docs build, naming the control and the test.
 *
 * The build requires the reports only when `CONTROLS_REPORTS` names their folder (`npm test` builds the site
 * with `CONTROLS_REPORTS=.reports` after the suites ran). Without it (plain `npm run build`) no report is read,
 * even if `.reports/` holds an earlier run's, and every control shows "not verified in this build".
 */
import { execFileSync } from 'node:child_process';
import type { Control, TestRef } from '../data/controls.ts';
import { readTestReports, type RunStatus, type TestOutcome, type TestReports } from './test-reports.ts';

/** The verdict on one test a control names. */
export type TestVerdict = 'passed' | 'failed' | 'skipped' | 'todo' | 'missing';

export interface TestProof {
  ref: TestRef;
  verdict: TestVerdict;
  /** How many tests of the reports the reference matched (a table test or a suite matches several). */
  matched: number;
  /** When the latest run that reported it started; `null` when missing. */
  ranAt: Date | null;
}

export interface ControlProof {
  control: Control;
  tests: TestProof[];
  /** Every named test matched and passed. */
  passed: boolean;
}

/** The outcome of checking the whole registry against the reports. */
export interface RegistryProof {
  proofs: Map<string, ControlProof>;
  /** One line per test that is not proven, naming the control and the test; empty when all passed. */
  failures: string[];
}

/** What the pages show: either no reports were read, or every control passed in this run. */
export type ControlVerification =
  | { state: 'unverified' }
  | {
      state: 'verified';
      proofs: Map<string, ControlProof>;
      /** `git rev-parse HEAD` when the site was built; `null` outside a git checkout. */
      commit: string | null;
      /** The working tree had changes that are not committed (so the run is of more than `commit`). */
      uncommitted: boolean;
      reports: string[];
    };

/** The docs build refuses to show controls as verified: the message lists every control and test at fault. */
export class UnprovenControlsError extends Error {
  constructor(failures: string[], reportsDir: string) {
    super(
      `${failures.length} test(s) named by the controls registry did not pass in the reports of ${reportsDir}; ` +
        `a control is shown as verified only when every test it names ran and passed:\n` +
        failures.map((line) => `  - ${line}`).join('\n'),
    );
    this.name = 'UnprovenControlsError';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a test's name as it ran matches the name a control gives: exact, or with a table test's
 * placeholders (`%s`, `%d`, `%i`, `%f`, `%j`, `%o`, `%O`, `%#`, `%$`, `$name`) standing for any text.
 */
export function nameMatches(ref: string, ran: string): boolean {
  if (ref === ran) return true;
  const parts = ref.split(/%[sdifjoO#$]|\$[A-Za-z_][\w.]*/);
  if (parts.length === 1) return false;
  const pattern = parts.map(escapeRegExp).join('.*?');
  return new RegExp(`^${pattern}$`, 's').test(ran);
}

const NOT_RUN: Partial<Record<RunStatus, TestVerdict>> = {
  skipped: 'skipped',
  pending: 'skipped',
  disabled: 'skipped',
  todo: 'todo',
};

function verdictOf(outcomes: TestOutcome[]): TestVerdict {
  if (outcomes.length === 0) return 'missing';
  if (outcomes.some((outcome) => outcome.status === 'failed')) return 'failed';
  const notRun = outcomes.map((outcome) => NOT_RUN[outcome.status]).find((verdict) => verdict !== undefined);
  return notRun ?? 'passed';
}

function describeFailure(control: Control, proof: TestProof, reports: TestReports): string {
  const { ref } = proof;
  const what = `${ref.suite ? 'suite' : 'test'} "${ref.name}" in ${ref.file}`;
  const at = `control "${control.id}": ${what}`;
  if (proof.verdict !== 'missing') {
    const verdicts = {
      passed: 'passed',
      failed: 'failed',
      skipped: 'was skipped',
      todo: 'is a todo',
    } as const;
    return `${at} ${verdicts[proof.verdict]}`;
  }
  const file = reports.files.find((outcome) => outcome.file === ref.file);
  if (!file) return `${at} did not run: no report (${reports.reports.join(', ')}) lists ${ref.file}`;
  if (file.message) return `${at} did not run: the file failed (${file.message.split('\n')[0]})`;
  return `${at} is not in the report ${file.report}`;
}

/** Checks every control against the reports (pure: reads nothing). */
export function proveControls(controls: Control[], reports: TestReports): RegistryProof {
  const proofs = new Map<string, ControlProof>();
  const failures: string[] = [];
  for (const control of controls) {
    const tests = control.verifiedBy.map((ref): TestProof => {
      const matched = reports.tests.filter(
        (outcome) =>
          outcome.file === ref.file &&
          (ref.suite
            ? outcome.suites.some((suite) => nameMatches(ref.name, suite))
            : nameMatches(ref.name, outcome.title)),
      );
      const latest = Math.max(...matched.map((outcome) => outcome.ranAt.getTime()));
      return {
        ref,
        verdict: verdictOf(matched),
        matched: matched.length,
        ranAt: matched.length > 0 ? new Date(latest) : null,
      };
    });
    for (const proof of tests) {
      if (proof.verdict !== 'passed') failures.push(describeFailure(control, proof, reports));
    }
    proofs.set(control.id, { control, tests, passed: tests.every((proof) => proof.verdict === 'passed') });
  }
  return { proofs, failures };
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** The checkout the site is built from: `git rev-parse HEAD` (`null` outside git) and uncommitted changes. */
export function checkoutState(root: string): { commit: string | null; uncommitted: boolean } {
  const status = git(root, ['status', '--porcelain']);
  return { commit: git(root, ['rev-parse', 'HEAD']), uncommitted: status !== null && status !== '' };
}

/**
 * The verification the docs build shows: `unverified` when `reportsDir` is unset or empty; otherwise every
 * control proven by the reports in that folder, with the commit the build was made from.
 * @throws TestReportError when the folder holds no readable report.
 * @throws UnprovenControlsError when any control's test is skipped, todo, missing or failed.
 */
export function verifyControls(
  controls: Control[],
  reportsDir: string | undefined,
  root: string,
): ControlVerification {
  if (!reportsDir) return { state: 'unverified' };
  const reports = readTestReports(reportsDir, root);
  const { proofs, failures } = proveControls(controls, reports);
  if (failures.length > 0) throw new UnprovenControlsError(failures, reportsDir);
  return { state: 'verified', proofs, ...checkoutState(root), reports: reports.reports };
}
