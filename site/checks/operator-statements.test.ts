/**
 * Real docs builds (`astro build` into a temporary directory), judged by the same check `npm run test:site`
 * runs over `dist/site`: without OPERATOR_STATEMENTS the site states nothing; from the example file every
 * page says the statements are examples; an invalid file stops the build naming the field.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_STATEMENTS_FILE } from '../lib/operator-statements.ts';
import { checkOperatorStatements, readMarker } from './operator-statements.ts';
import { htmlPages } from './site-files.ts';

const ASTRO = join('node_modules', 'astro', 'bin', 'astro.mjs');
const BUILD_TIMEOUT_MS = 240_000;
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs `astro build` into a fresh directory with `OPERATOR_STATEMENTS` set to `statements` ('' for none). */
async function build(statements: string): Promise<{ outDir: string; status: number | null; output: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'cargopay-site-'));
  made.push(outDir);
  const child = spawn(process.execPath, [ASTRO, 'build', '--outDir', outDir], {
    env: { ...process.env, OPERATOR_STATEMENTS: statements, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((done) => child.on('close', done));
  return { outDir, status, output };
}

describe('docs build and the operator statements file', () => {
  it(
    'a docs build without OPERATOR_STATEMENTS states no certification, insurance, figure or security contact',
    async () => {
      const { outDir, status, output } = await build('');
      expect(status, output).toBe(0);
      expect(readMarker(outDir)).toEqual({ source: 'none', stated: [], securityContact: false });
      const pages = htmlPages(outDir);
      expect(checkOperatorStatements(outDir, pages).failures).toEqual([]);
      const compliance = readFileSync(join(outDir, 'compliance', 'index.html'), 'utf8');
      expect(compliance).toContain('data-statement="iso-27001" data-stated="false"');
      expect(compliance).not.toContain('data-stated="true"');
      const figures = readFileSync(join(outDir, 'disputes', 'index.html'), 'utf8');
      expect(figures).not.toContain('78 %');
      expect(existsSync(join(outDir, '.well-known', 'security.txt'))).toBe(false);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'a docs build from the example statements file shows the examples banner on every page, in English and Spanish',
    async () => {
      const { outDir, status, output } = await build(EXAMPLE_STATEMENTS_FILE);
      expect(status, output).toBe(0);
      expect(readMarker(outDir)?.source).toBe('example');
      const pages = htmlPages(outDir);
      expect(pages).toContain('/es/security/');
      const check = checkOperatorStatements(outDir, pages);
      expect(check.failures).toEqual([]);
      expect(check.found.join('\n')).toContain(`${pages.length} examples banners`);
      expect(readFileSync(join(outDir, 'disputes', 'index.html'), 'utf8')).toContain('78 %');
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'a docs build from an invalid statements file fails, naming the field',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'cargopay-statements-')), 'statements.json');
      const example = JSON.parse(readFileSync(EXAMPLE_STATEMENTS_FILE, 'utf8')) as {
        statements: { 'soc2-type2': { date: string } };
      };
      example.statements['soc2-type2'].date = 'last year';
      writeFileSync(file, JSON.stringify(example));
      const { status, output } = await build(file);
      expect(status).not.toBe(0);
      expect(output).toContain('statements.soc2-type2.date: must be a date, YYYY-MM-DD');
    },
    BUILD_TIMEOUT_MS,
  );
});
