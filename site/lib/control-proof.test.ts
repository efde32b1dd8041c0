import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controls, type Control } from '../data/controls.ts';
import { nameMatches, proveControls, UnprovenControlsError, verifyControls } from './control-proof.ts';
import { parseTestReport, readTestReports, type RunStatus } from './test-reports.ts';

const root = '/repo';

function control(overrides: Partial<Control> = {}): Control {
  return {
    id: 'webhook-signature',
    area: 'webhooks',
    claim: { en: 'Webhooks are verified.', es: 'Los webhooks se verifican.' },
    how: { en: 'HMAC.', es: 'HMAC.' },
    where: ['src/verify.ts'],
    verifiedBy: [
      { file: 'src/verify.test.ts', name: 'a tampered payload is refused' },
      { file: 'src/verify.test.ts', name: 'refuses %s with 400' },
    ],
    owasp: ['A08'],
    ...overrides,
  };
}

interface Entry {
  title: string;
  status: RunStatus;
  suites?: string[];
}

/** A report in the shape of vitest's JSON reporter. */
function report(files: Record<string, Entry[]>, startTime = Date.UTC(2026, 11, 6, 2, 30)): unknown {
  return {
    numTotalTests: Object.values(files).flat().length,
    startTime,
    success: true,
    testResults: Object.entries(files).map(([file, entries]) => ({
      name: `${root}/${file}`,
      status: entries.some((entry) => entry.status === 'failed') ? 'failed' : 'passed',
      message: '',
      startTime,
      endTime: startTime + 1000,
      assertionResults: entries.map((entry) => ({
        ancestorTitles: entry.suites ?? ['signatures'],
        fullName: `${(entry.suites ?? ['signatures']).join(' ')} ${entry.title}`,
        status: entry.status,
        title: entry.title,
        failureMessages: [],
      })),
    })),
  };
}

const allPassed: Entry[] = [
  { title: 'a tampered payload is refused', status: 'passed' },
  { title: 'refuses a float with 400', status: 'passed' },
  { title: 'refuses a string with 400', status: 'passed' },
];

function prove(entries: Entry[], controlOverrides: Partial<Control> = {}) {
  return proveControls(
    [control(controlOverrides)],
    parseTestReport(report({ 'src/verify.test.ts': entries }), '.reports/node.json', root),
  );
}

function withStatus(title: string, status: RunStatus): Entry[] {
  return allPassed.map((entry) => (entry.title === title ? { ...entry, status } : entry));
}

describe('a control is proven only by tests that ran and passed', () => {
  it('proves a control whose every named test passed, a table test in each of its rows', () => {
    const { proofs, failures } = prove(allPassed);
    expect(failures).toEqual([]);
    const proof = proofs.get('webhook-signature');
    expect(proof?.passed).toBe(true);
    expect(proof?.tests.map((test) => [test.verdict, test.matched])).toEqual([
      ['passed', 1],
      ['passed', 2],
    ]);
    expect(proof?.tests[0]?.ranAt?.toISOString()).toBe('2026-12-06T02:30:00.000Z');
  });

  it('fails a skipped test, naming the control and the test', () => {
    expect(prove(withStatus('a tampered payload is refused', 'skipped')).failures).toEqual([
      'control "webhook-signature": test "a tampered payload is refused" in src/verify.test.ts was skipped',
    ]);
  });

  it('fails a todo, a failed test and one row of a table test that failed', () => {
    expect(prove(withStatus('a tampered payload is refused', 'todo')).failures).toEqual([
      'control "webhook-signature": test "a tampered payload is refused" in src/verify.test.ts is a todo',
    ]);
    expect(prove(withStatus('a tampered payload is refused', 'failed')).failures).toEqual([
      'control "webhook-signature": test "a tampered payload is refused" in src/verify.test.ts failed',
    ]);
    expect(prove(withStatus('refuses a string with 400', 'failed')).failures).toEqual([
      'control "webhook-signature": test "refuses %s with 400" in src/verify.test.ts failed',
    ]);
  });

  it('fails a test the report does not list, and a file no report lists', () => {
    expect(prove(allPassed.slice(1)).failures).toEqual([
      'control "webhook-signature": test "a tampered payload is refused" in src/verify.test.ts is not in the report .reports/node.json',
    ]);
    const elsewhere = prove(allPassed, {
      verifiedBy: [{ file: 'e2e/journeys.test.ts', name: 'a buyer pays' }],
    });
    expect(elsewhere.failures).toEqual([
      'control "webhook-signature": test "a buyer pays" in e2e/journeys.test.ts did not run: no report (.reports/node.json) lists e2e/journeys.test.ts',
    ]);
  });

  it('proves a suite only when it ran tests and every one of them passed', () => {
    const suite = {
      verifiedBy: [{ file: 'src/verify.test.ts', name: 'every endpoint', suite: true as const }],
    };
    const inSuite = (status: RunStatus): Entry[] => [
      { title: 'GET /a', status: 'passed', suites: ['every endpoint'] },
      { title: 'GET /b', status, suites: ['every endpoint', 'nested'] },
    ];
    expect(prove(inSuite('passed'), suite).failures).toEqual([]);
    expect(prove(inSuite('skipped'), suite).failures).toEqual([
      'control "webhook-signature": suite "every endpoint" in src/verify.test.ts was skipped',
    ]);
    expect(prove(allPassed, suite).failures).toEqual([
      'control "webhook-signature": suite "every endpoint" in src/verify.test.ts is not in the report .reports/node.json',
    ]);
  });

  it('matches a table test name with its placeholders filled in, and nothing else', () => {
    expect(nameMatches('refuses %s with 400 naming `%s`', 'refuses a float with 400 naming `amount`')).toBe(
      true,
    );
    expect(nameMatches('%s: a complete request', 'fraudulent: a complete request')).toBe(true);
    expect(nameMatches('refuses %s with 400', 'refuses a float with 500')).toBe(false);
    expect(nameMatches('refuses (a) PAN.', 'refuses (a) PAN.')).toBe(true);
    expect(nameMatches('refuses (a) PAN.', 'refuses a PAN!')).toBe(false);
  });
});

describe('the docs build reads the reports only when CONTROLS_REPORTS names their folder', () => {
  function reportsDir(files: Record<string, Entry[]>): { root: string; dir: string } {
    const repo = mkdtempSync(join(tmpdir(), 'cargopay-proof-'));
    mkdirSync(join(repo, '.reports'));
    const json = report(files) as { testResults: { name: string }[] };
    for (const result of json.testResults) result.name = result.name.replace(root, repo);
    writeFileSync(join(repo, '.reports', 'node.json'), JSON.stringify(json));
    return { root: repo, dir: '.reports' };
  }

  it('shows every control as not verified when built without reports, even if a folder of failures exists', () => {
    const { root: repo } = reportsDir({
      'src/verify.test.ts': withStatus('a tampered payload is refused', 'failed'),
    });
    expect(verifyControls([control()], undefined, repo)).toEqual({ state: 'unverified' });
  });

  it('throws naming the control and the test when a test in the reports was skipped', () => {
    const { root: repo, dir } = reportsDir({
      'src/verify.test.ts': withStatus('a tampered payload is refused', 'skipped'),
    });
    expect(() => verifyControls([control()], dir, repo)).toThrow(UnprovenControlsError);
    expect(() => verifyControls([control()], dir, repo)).toThrow(
      /control "webhook-signature": test "a tampered payload is refused" in src\/verify\.test\.ts was skipped/,
    );
  });

  it('verifies with every test passed, and names the reports read', () => {
    const { root: repo, dir } = reportsDir({ 'src/verify.test.ts': allPassed });
    const verification = verifyControls([control()], dir, repo);
    expect(verification.state).toBe('verified');
    if (verification.state === 'verified') {
      expect(verification.reports).toEqual(['.reports/node.json']);
      expect(verification.proofs.get('webhook-signature')?.passed).toBe(true);
    }
  });

  it('refuses a folder with no report and a report of another shape', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cargopay-proof-'));
    expect(() => readTestReports('.reports', empty)).toThrow(/\.reports does not exist/);
    mkdirSync(join(empty, '.reports'));
    expect(() => readTestReports('.reports', empty)).toThrow(/holds no report/);
    writeFileSync(join(empty, '.reports', 'node.json'), '{"tests": []}');
    expect(() => readTestReports('.reports', empty)).toThrow(/not a test report of the expected shape/);
  });

  it('astro build fails before building anything when one test of the real registry was skipped', () => {
    // Every test the registry names passed, but one: the build must stop and name that control and test.
    const repo = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-reports-'));
    const [first, ...rest] = controls.flatMap((entry) => entry.verifiedBy);
    if (!first) throw new Error('the registry names no test');
    const entries = [
      { ref: first, status: 'skipped' as const },
      ...rest.map((ref) => ({ ref, status: 'passed' as const })),
    ];
    const files = Map.groupBy(entries, (entry) => entry.ref.file);
    writeFileSync(
      join(dir, 'node.json'),
      JSON.stringify({
        startTime: Date.now(),
        testResults: [...files].map(([file, tests]) => ({
          name: join(repo, file),
          status: 'passed',
          assertionResults: tests.map(({ ref, status }) => ({
            ancestorTitles: ref.suite ? [ref.name] : [],
            title: ref.suite ? 'a test of the suite' : ref.name,
            status,
          })),
        })),
      }),
    );
    const outDir = mkdtempSync(join(tmpdir(), 'cargopay-site-'));
    const build = spawnSync(
      process.execPath,
      [join(repo, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir],
      { cwd: repo, env: { ...process.env, CONTROLS_REPORTS: dir }, encoding: 'utf8' },
    );
    expect(build.status).not.toBe(0);
    const owner = controls.find((entry) => entry.verifiedBy.includes(first));
    expect(`${build.stdout}${build.stderr}`).toContain(
      `control "${owner?.id}": test "${first.name}" in ${first.file} was skipped`,
    );
    expect(readdirSync(outDir)).toEqual([]);
  });
});
