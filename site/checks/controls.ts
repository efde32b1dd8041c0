/**
 * The controls registry check: every control names files that exist and tests that occur, by their exact
 * name, in the test files it names. A control whose code or test is gone fails `npm run test:site`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Control } from '../data/controls.ts';
import { result, type CheckResult } from './report.ts';

/** Whether `source` declares a test, suite or case named exactly `name` (as a quoted string literal). */
export function declaresTest(source: string, name: string): boolean {
  const quoted = [`'${name.replaceAll("'", "\\'")}'`, `"${name.replaceAll('"', '\\"')}"`, `\`${name}\``];
  return quoted.some((literal) => {
    let from = 0;
    for (;;) {
      const at = source.indexOf(literal, from);
      if (at === -1) return false;
      // The literal must be the first argument of a call: `it(`, `test(`, `it.each(…)(`, `describe(` …
      const before = source.slice(Math.max(0, at - 80), at);
      if (/\b(?:it|test|describe|bench)(?:\.[A-Za-z]+)*(?:\([^()]*\))?\(\s*$/.test(before)) return true;
      from = at + literal.length;
    }
  });
}

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
      if (!declaresTest(readFileSync(file, 'utf8'), test.name)) {
        check.failures.push(`${where}: ${test.file} has no test named "${test.name}"`);
        continue;
      }
      check.found.push(`${control.id}: "${test.name}" in ${test.file}`);
    }
  }
  check.found.unshift(`${controls.length} control(s) registered`);
  return check;
}
