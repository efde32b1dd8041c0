import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const STORE = join(SRC, 'store');

/** Statements as they begin in SQL text (a string or template literal holding one is SQL). */
const SQL =
  /\b(SELECT\s[\s\S]*?\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|BEGIN\s+IMMEDIATE|PRAGMA\s)/;
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
const DRIVER =
  /from\s+['"]node:sqlite['"]|import\(\s*['"]node:sqlite['"]\s*\)|require\(\s*['"]node:sqlite['"]\s*\)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === STORE ? [] : sources(path);
    // Tests may open the SQLite file itself, to prove what is (and is not) at rest.
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the storage boundary', () => {
  const files = sources(SRC);

  it('finds the server sources it checks', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.includes(`${join('disputes', 'respond.ts')}`))).toBe(true);
  });

  it('has no module outside server/src/store/ import node:sqlite', () => {
    const offenders = files.filter((f) => DRIVER.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('has no module outside server/src/store/ write SQL in a string or template literal', () => {
    const offenders = files.flatMap((f) =>
      (readFileSync(f, 'utf8').match(LITERAL) ?? [])
        .filter((literal) => SQL.test(literal))
        .map((literal) => `${relative(SRC, f)}: ${literal.slice(0, 60)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('would catch a statement written outside the store', () => {
    expect(SQL.test('`SELECT * FROM dispute_cases WHERE id = ?`')).toBe(true);
    expect(SQL.test("'UPDATE casework_jobs SET status = ?'")).toBe(true);
    expect(SQL.test("'Select the carrier from the list'")).toBe(false);
  });
});
