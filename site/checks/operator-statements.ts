/**
 * The operator's statements in a built site, judged against the marker the build left
 * (`.operator-statements.json`): a build without a statements file states nothing (no statement, figure or
 * security contact, and none of the example file's sentences anywhere); a build from the example file says so
 * on every page, in the page's language; a build from the operator's own file carries no example banner.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ui } from '../data/ui.ts';
import { MARKER_FILE, type OperatorStatementsMarker } from '../lib/operator-statements-marker.ts';
import { EXAMPLE_STATEMENTS_FILE, loadOperatorStatements } from '../lib/operator-statements.ts';
import { result, type CheckResult } from './report.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A page's text as a reader sees it: tags and scripts removed, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ');
}

/** Reads the marker of the site built in `siteDir`, or `null` when the build left none. */
export function readMarker(siteDir: string): OperatorStatementsMarker | null {
  const path = join(siteDir, MARKER_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as OperatorStatementsMarker) : null;
}

function htmlFile(siteDir: string, page: string): string {
  return join(siteDir, page.endsWith('/') ? `${page}index.html` : page);
}

/** Checks every page of `pages` (URL paths from `htmlPages`) of the site built in `siteDir`. */
export function checkOperatorStatements(siteDir: string, pages: string[], root = process.cwd()): CheckResult {
  const check = result('operator statements only as the operator made them');
  const marker = readMarker(siteDir);
  if (!marker) {
    check.failures.push(`${MARKER_FILE} is missing: the build did not say which statements it rendered`);
    return check;
  }
  check.found.push(`built from: ${marker.source}, ${marker.stated.length} statements made`);
  const example = loadOperatorStatements(EXAMPLE_STATEMENTS_FILE, root);
  const exampleSentences = Object.values(example.statements).flatMap((statement) => [
    statement.text.en,
    statement.text.es,
  ]);
  let banners = 0;
  let stated = 0;
  let notStated = 0;
  for (const page of pages) {
    const html = readFileSync(htmlFile(siteDir, page), 'utf8');
    const lang = page.startsWith('/es/') ? 'es' : 'en';
    const hasBanner = html.includes('data-operator-example-banner');
    if (hasBanner) banners++;
    stated += html.match(/data-stated="true"/g)?.length ?? 0;
    notStated += html.match(/data-stated="false"/g)?.length ?? 0;
    if (marker.source === 'example') {
      if (!hasBanner || !visibleText(html).includes(ui.exampleBanner[lang]))
        check.failures.push(`${page}: built from the example file but shows no "${lang}" examples banner`);
    } else if (hasBanner) {
      check.failures.push(`${page}: shows the examples banner, but the build did not use the example file`);
    }
    if (marker.source !== 'none') continue;
    if (html.includes('data-stated="true"'))
      check.failures.push(
        `${page}: shows an operator statement as made, but the build had no statements file`,
      );
    if (html.includes('data-security-contact="stated"'))
      check.failures.push(`${page}: shows a security contact, but the build had no statements file`);
    const text = visibleText(html);
    for (const sentence of exampleSentences) {
      if (text.includes(sentence)) check.failures.push(`${page}: states "${sentence.slice(0, 60)}…"`);
    }
  }
  if (marker.source === 'none' && marker.stated.length > 0)
    check.failures.push(
      `the marker says no file was used, yet lists statements: ${marker.stated.join(', ')}`,
    );
  check.found.push(
    `${pages.length} pages: ${stated} statements shown as made, ${notStated} as not made, ${banners} examples banners`,
  );
  return check;
}
