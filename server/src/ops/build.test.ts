import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../http/logger.ts';
import { buildIfMissing, runBuildSteps } from './build.ts';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (script: string): string[] => [process.execPath, '-e', script];

describe('the first start builds what is missing, saying so and how far it got', () => {
  it('prints one line per step with its time, and the total; the steps’ own output stays out of the way', () => {
    let out = '';
    const ok = runBuildSteps(
      [
        { what: 'the widget', command: node('console.log("vite chatter")') },
        { what: 'the docs site', command: node('console.error("astro chatter")') },
      ],
      process.env,
      (text) => (out += text),
    );
    expect(ok).toBe(true);
    expect(out).toMatch(
      /^ {2}\[1\/2\] the widget… built in \d+\.\d s\n {2}\[2\/2\] the docs site… built in \d+\.\d s\nBuilt in \d+\.\d s\.\n$/,
    );
  });

  it('a failing step shows the end of its output and the command to rerun, and the next step does not run', () => {
    const marker = join(dir, 'second-step-ran');
    let out = '';
    const ok = runBuildSteps(
      [
        {
          what: 'the widget',
          command: node('for (let i = 1; i <= 60; i++) console.error("line " + i); process.exit(3)'),
        },
        {
          what: 'the docs site',
          command: node(`require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`),
        },
      ],
      process.env,
      (text) => (out += text),
    );
    expect(ok).toBe(false);
    expect(existsSync(marker)).toBe(false);
    expect(out).toMatch(/^ {2}\[1\/2\] the widget… FAILED after \d+\.\d s\n/);
    expect(out).toContain('line 21\n');
    expect(out).toContain('line 60\n');
    expect(out).not.toContain('line 20\n');
    expect(out).toMatch(/Run `.+` to see the whole output\.\n$/);
  });

  it('says nothing and builds nothing when the widget and the docs site are there', () => {
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'widget'), { recursive: true });
    mkdirSync(join(dist, 'site'), { recursive: true });
    let out = '';
    buildIfMissing(
      { distDir: dist, env: 'development', operatorStatements: null },
      createLogger('silent'),
      (text) => (out += text),
    );
    expect(out).toBe('');
  });
});
