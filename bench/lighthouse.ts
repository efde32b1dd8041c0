import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../e2e/support/browser.ts';
import { ROOT } from '../e2e/support/stack.ts';

export interface LighthouseRow {
  path: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
}

/**
 * Runs the `lighthouse` CLI (npm devDependency; it launches /usr/bin/chromium through chrome-launcher and
 * downloads nothing) on each page; answers the four category scores (0–100), or a sentence saying why not.
 */
export function lighthouseScores(base: string, paths: string[], outDir: string): LighthouseRow[] | string {
  const rows: LighthouseRow[] = [];
  for (const path of paths) {
    const out = join(outDir, `lighthouse${path.replace(/\W+/g, '-')}json`);
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'lighthouse'),
      [
        `${base}${path}`,
        '--quiet',
        '--output=json',
        `--output-path=${out}`,
        '--only-categories=performance,accessibility,best-practices,seo',
        '--chrome-path=/usr/bin/chromium',
        `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
    );
    if (run.status !== 0) {
      return `Lighthouse did not run (\`lighthouse ${base}${path}\` exited with ${run.status ?? run.signal}: ${(run.stderr || String(run.error ?? '')).split('\n').find((l) => l.trim()) ?? 'no message'}).`;
    }
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
    };
    const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
    rows.push({
      path,
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
    });
  }
  return rows;
}
