import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  docsBuildRefusal,
  docsStatementsSource,
  DOCS_MARKER_FILE,
  EXAMPLE_STATEMENTS_FILE,
  statementsFileForBuild,
} from './docs-build.ts';

/** A dist directory whose docs site left `marker` (a string written as is; `null`: no marker). */
function dist(marker: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-docs-'));
  mkdirSync(join(dir, 'site'));
  if (marker !== null) writeFileSync(join(dir, 'site', DOCS_MARKER_FILE), marker);
  return dir;
}

describe('docs build and operator statements, at start', () => {
  it('production refuses a docs build made from the example statements file, naming the file and the fix', () => {
    const distDir = dist(JSON.stringify({ source: 'example', stated: ['iso-27001'], securityContact: true }));
    const refusal = docsBuildRefusal({ env: 'production', distDir });
    expect(refusal).toContain('Refusing to start');
    expect(refusal).toContain(EXAMPLE_STATEMENTS_FILE);
    expect(refusal).toContain('OPERATOR_STATEMENTS=');
  });

  it('production refuses a docs build that does not say which statements it publishes', () => {
    expect(docsBuildRefusal({ env: 'production', distDir: dist(null) })).toContain(DOCS_MARKER_FILE);
    expect(docsBuildRefusal({ env: 'production', distDir: dist('{ not json') })).toContain(DOCS_MARKER_FILE);
  });

  it("production serves a docs build that states nothing or the operator's own statements", () => {
    for (const source of ['none', 'file']) {
      const distDir = dist(JSON.stringify({ source, stated: [], securityContact: false }));
      expect(docsBuildRefusal({ env: 'production', distDir })).toBeNull();
    }
    // No docs built at all: nothing to refuse (the API is served without them).
    expect(docsBuildRefusal({ env: 'production', distDir: join(tmpdir(), 'cargopay-no-dist') })).toBeNull();
  });

  it('development serves the example build (its pages carry the examples banner)', () => {
    const distDir = dist(JSON.stringify({ source: 'example', stated: [], securityContact: true }));
    expect(docsStatementsSource(distDir)).toBe('example');
    expect(docsBuildRefusal({ env: 'development', distDir })).toBeNull();
  });

  it('npm start builds missing docs from the example file in development only, unless OPERATOR_STATEMENTS is set', () => {
    expect(statementsFileForBuild({ env: 'development', operatorStatements: null })).toBe(
      EXAMPLE_STATEMENTS_FILE,
    );
    expect(existsSync(EXAMPLE_STATEMENTS_FILE)).toBe(true);
    expect(statementsFileForBuild({ env: 'production', operatorStatements: null })).toBe('');
    expect(statementsFileForBuild({ env: 'test', operatorStatements: null })).toBe('');
    expect(statementsFileForBuild({ env: 'development', operatorStatements: '/etc/ours.json' })).toBe(
      '/etc/ours.json',
    );
  });
});
