import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';

/**
 * Which operator statements the built docs site renders, as the docs build recorded it, and the production
 * refusal of a site built from the repository's example statements. The names below are the docs build's
 * (`site/lib/operator-statements.ts`, `site/lib/operator-statements-marker.ts`); the server imports nothing
 * from `site/`, so they are repeated here, and `docs-build.test.ts` builds nothing but reads the real example.
 */

/** The repository's example statements file, relative to the package root. */
export const EXAMPLE_STATEMENTS_FILE = 'site/data/operator-statements.example.json';

/** The marker the docs build leaves in `dist/site/`: `{ "source": "none" | "example" | "file", … }`. */
export const DOCS_MARKER_FILE = '.operator-statements.json';

/** What the built site renders: `null` when no site is built, `unknown` when it left no readable marker. */
export type DocsStatementsSource = 'none' | 'example' | 'file' | 'unknown' | null;

/**
 * The statements file a docs build started by `npm start` uses (`OPERATOR_STATEMENTS` for the child
 * process): the configured one; else, in development only, the example file, so that a newcomer's first
 * `npm start` shows every kind of statement (under a banner saying they are examples); else none ('').
 */
export function statementsFileForBuild(config: Pick<Config, 'env' | 'operatorStatements'>): string {
  return config.operatorStatements ?? (config.env === 'development' ? EXAMPLE_STATEMENTS_FILE : '');
}

/** Reads the marker of the docs site built in `distDir/site`. */
export function docsStatementsSource(distDir: string): DocsStatementsSource {
  const siteDir = join(distDir, 'site');
  if (!existsSync(siteDir)) return null;
  try {
    const marker = JSON.parse(readFileSync(join(siteDir, DOCS_MARKER_FILE), 'utf8')) as { source?: unknown };
    return marker.source === 'none' || marker.source === 'example' || marker.source === 'file'
      ? marker.source
      : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Why this process must not serve the built docs, or `null`. Production refuses a site built from the example
 * statements (certifications, insurance and figures that no company made) and a site that does not say what
 * it was built from.
 */
export function docsBuildRefusal(config: Pick<Config, 'env' | 'distDir'>): string | null {
  if (config.env !== 'production') return null;
  const source = docsStatementsSource(config.distDir);
  const rebuild =
    'Rebuild the docs with `OPERATOR_STATEMENTS=/path/to/your-statements.json npm run build` (or without ' +
    'OPERATOR_STATEMENTS, to state nothing) before starting in production.';
  if (source === 'example') {
    return (
      `Refusing to start: ${join(config.distDir, 'site')} was built from the example operator statements ` +
      `(${EXAMPLE_STATEMENTS_FILE}), which no company has made; production must not publish them. ${rebuild}`
    );
  }
  if (source === 'unknown') {
    return (
      `Refusing to start: ${join(config.distDir, 'site')} has no readable ${DOCS_MARKER_FILE}, so which ` +
      `operator statements it publishes is unknown. ${rebuild}`
    );
  }
  return null;
}
