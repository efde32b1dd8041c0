/** Every internal link and anchor in the built HTML resolves to a built file and an element id. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CrawledPage } from './browser.ts';
import { result, type CheckResult } from './report.ts';

/**
 * Paths that `npm start` serves from outside `dist/site/` (the server's API, the built widget and the example
 * shop). Links into them are listed, not resolved against the static site.
 */
export const SERVED_BY_SERVER = ['/widget/', '/v1/', '/example-shop/'];

function fileExists(root: string, pathname: string): boolean {
  const path = join(root, decodeURIComponent(pathname));
  if (existsSync(path) && statSync(path).isFile()) return true;
  return pathname.endsWith('/') && existsSync(join(path, 'index.html'));
}

export function checkLinks(root: string, origin: string, pages: CrawledPage[]): CheckResult {
  const check = result('internal links and anchors');
  const idsByPage = new Map(pages.map((page) => [page.url, new Set(page.ids)]));
  let internal = 0;
  let anchors = 0;
  const external = new Set<string>();
  const served = new Set<string>();
  for (const page of pages) {
    for (const link of page.links) {
      if (link.value.startsWith('mailto:') || link.value.startsWith('data:')) continue;
      const target = new URL(link.value, origin + page.url);
      if (target.origin !== origin) {
        external.add(target.origin);
        continue;
      }
      if (SERVED_BY_SERVER.some((prefix) => target.pathname.startsWith(prefix))) {
        served.add(target.pathname);
        continue;
      }
      internal++;
      const where = `${page.url}: <${link.tag}> ${link.value}`;
      if (!fileExists(root, target.pathname)) {
        check.failures.push(`${where} points to ${target.pathname}, which was not built`);
        continue;
      }
      const hash = decodeURIComponent(target.hash.slice(1));
      if (!hash || hash === '_top') continue;
      anchors++;
      const ids = idsByPage.get(target.pathname);
      if (!ids) {
        check.failures.push(`${where}: the anchor #${hash} is on a page that was not crawled`);
      } else if (!ids.has(hash)) {
        check.failures.push(`${where}: ${target.pathname} has no element with id "${hash}"`);
      }
    }
  }
  check.found.push(`${internal} internal links (${anchors} with an anchor) on ${pages.length} pages resolve`);
  check.found.push(`served by the server, not the static site: ${[...served].sort().join(', ') || 'none'}`);
  check.found.push(`external origins linked: ${external.size}`);
  return check;
}
