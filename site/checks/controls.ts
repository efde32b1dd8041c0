/**
 * The controls registry check: every control names files that exist and tests that its test files declare, by
 * their exact name, as real running `it`/`test` calls (see `declared-tests.ts`). A control whose code or test is
 * gone, skipped or only mentioned fails `npm run test:site`. This is a fast static pre-check: a control is
 * proven only by the test run's reports, which the docs build reads (`site/lib/control-proof.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Control } from '../data/controls.ts';
import { declaresSuite, declaresTest } from './declared-tests.ts';
import { result, type CheckResult } from './report.ts';

/** Checks every control of the registry against the files under `root`. */
export function checkControls(controls: Control[], root: string): CheckResult {
  const check = result('controls registry');
  const ids = new Set<string>();
  for (const control of controls) {
    const where = `control "${control.id}"`;
    if (ids.has(control.id)) check.failures.push(`${where}: the id is used twice`);
    ids.add(control.id);
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(control.id))
      check.failures.push(`${where}: the id is not kebab-case`);
    for (const lang of ['en', 'es'] as const) {
      if (!control.claim[lang].trim() || !control.how[lang].trim()) {
        check.failures.push(`${where}: the claim or the "how" is empty in ${lang}`);
      }
    }
    if (control.where.length === 0) check.failures.push(`${where}: names no implementation path`);
    for (const path of control.where) {
      if (!existsSync(resolve(root, path)))
        check.failures.push(`${where}: implementation path ${path} does not exist`);
    }
    if (control.verifiedBy.length === 0) check.failures.push(`${where}: names no test`);
    for (const test of control.verifiedBy) {
      const file = resolve(root, test.file);
      if (!existsSync(file)) {
        check.failures.push(`${where}: test file ${test.file} does not exist`);
        continue;
      }
      const source = readFileSync(file, 'utf8');
      if (test.suite && !declaresSuite(source, test.name, test.file)) {
        check.failures.push(`${where}: ${test.file} has no running suite (describe) titled "${test.name}"`);
        continue;
      }
      if (!test.suite && !declaresTest(source, test.name, test.file)) {
        check.failures.push(
          `${where}: ${test.file} has no running test named "${test.name}" (it.skip, it.todo, a describe title or a comment do not count)`,
        );
        continue;
      }
      check.found.push(`${control.id}: "${test.name}" in ${test.file}`);
    }
  }
  check.found.unshift(`${controls.length} control(s) registered`);
  return check;
}
