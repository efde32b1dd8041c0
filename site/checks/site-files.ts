/** The built site's pages, and the check that every page exists in both locales. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { result, type CheckResult } from './report.ts';

/** URL paths (`/security/`, `/es/security/`, `/404.html`) of every HTML page under `dist/site/`. */
export function htmlPages(root: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['_astro', 'pagefind', '.prerender'].includes(entry.name)) walk(path);
      } else if (entry.name.endsWith('.html')) {
        const url = `/${relative(root, path).split('\\').join('/')}`;
        pages.push(url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url);
      }
    }
  };
  walk(root);
  return pages.sort();
}

/** Pages that exist in one locale only by design. */
const SINGLE_LOCALE = new Set(['/404.html']);

export function checkLocales(pages: string[], required: string[]): CheckResult {
  const check = result('every page in both locales');
  const set = new Set(pages);
  const english = pages.filter((page) => !page.startsWith('/es/') && !SINGLE_LOCALE.has(page));
  const spanish = pages.filter((page) => page.startsWith('/es/'));
  for (const page of english) {
    if (!set.has(`/es${page}`)) check.failures.push(`${page} has no Spanish page at /es${page}`);
  }
  for (const page of spanish) {
    const en = page.slice('/es'.length);
    if (!set.has(en)) check.failures.push(`${page} has no English page at ${en}`);
  }
  for (const page of required) {
    for (const localized of [page, `/es${page}`]) {
      if (!set.has(localized)) check.failures.push(`required page ${localized} was not built`);
    }
  }
  check.found.push(`${english.length} English and ${spanish.length} Spanish pages`);
  return check;
}
