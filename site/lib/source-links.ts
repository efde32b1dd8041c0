/**
 * Where a repository path (a test file, an implementation file) links to on the pages.
 *
 * 1. `SOURCE_BASE_URL`, when set: the path is appended to it; `{commit}` in it becomes the commit the site was
 *    built from (e.g. `https://github.com/acme/cargopay/blob/{commit}/`).
 * 2. Otherwise the `repository` of package.json, when it is an https URL: `<repository>/blob/<commit>/<path>`
 *    (GitHub's form).
 * 3. Otherwise paths are shown unlinked. (The site does not publish test files itself: they hold fake keys that
 *    look like real ones, and the supply-chain test rightly refuses any such string in `dist/site`.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The base URL paths are appended to, `{commit}` not yet filled in, or `null` when the source has no public
 * home (then paths are not linked).
 */
export function sourceBaseTemplate(envValue: string | undefined, root: string): string | null {
  if (envValue) return envValue.endsWith('/') ? envValue : `${envValue}/`;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    repository?: string | { url?: string };
  };
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const url = repository?.replace(/^git\+/, '').replace(/\.git$/, '');
  return url?.startsWith('https://') ? `${url}/blob/{commit}/` : null;
}

/**
 * The link of a repository path, or `null` when it is not linked.
 * @param base from `sourceBaseTemplate`.
 * @param commit the commit the site was built from; `HEAD` stands in when unknown.
 */
export function sourceHref(path: string, base: string | null, commit: string | null): string | null {
  return base ? `${base.replaceAll('{commit}', commit ?? 'HEAD')}${path}` : null;
}
