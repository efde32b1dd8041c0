/**
 * `npm run test:site`: checks the built documentation site in `dist/site/` (run after `npm run build`).
 * Prints what each check found; exits non-zero when any check fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiOperations } from '../../server/src/api-reference.ts';
import { PROBLEMS } from '../../server/src/http/problems.ts';
import { pageDirectives } from '../../server/src/http/security-headers.ts';
import { startTestServer } from '../../server/test/harness.ts';
import { controls } from '../data/controls.ts';
import { documentedCalls, documentedProblems } from '../data/freight-snippets.ts';
import { apiBaseUrl, examplePaymentRequestId } from '../data/snippets.ts';
import { checkoutElement, widgetScript } from '../lib/widget-build.ts';
import { AXE_PATH, axeFile, crawl, launchBrowser, type CrawledPage } from './browser.ts';
import { checkControls } from './controls.ts';
import { checkDocumentedCalls, checkDocumentedProblems } from './documented-calls.ts';
import { documentedPolicies } from './csp-header.ts';
import { callsApi, runFetchSnippets } from './live-snippets.ts';
import { checkLinks } from './links.ts';
import { checkOperatorStatements, readMarker } from './operator-statements.ts';
import { result, type CheckResult } from './report.ts';
import { checkLocales, htmlPages } from './site-files.ts';
import { checkSnippets } from './snippets.ts';
import { serveStatic } from './static-server.ts';

const root = process.cwd();
const siteDir = join(root, 'dist', 'site');

/** The pages the site promises, in English; each must also exist under `/es/`. */
const REQUIRED_PAGES = [
  '/',
  '/security/',
  '/compliance/',
  '/best-practices/',
  '/incident-response/',
  '/disputes/',
  '/fraud/',
  '/faq/',
  '/security-contact/',
  '/integration/',
  '/final-amounts/',
  '/pay-by-link/',
  '/several-instances/',
  '/reference/api/',
  '/reference/widget/',
  '/demo/',
];

/** Pages that state regulatory, certification or card-network facts, and so must list their sources. */
const PAGES_WITH_REFERENCES = [
  '/security/',
  '/compliance/',
  '/best-practices/',
  '/incident-response/',
  '/disputes/',
  '/fraud/',
  '/faq/',
  '/security-contact/',
  '/integration/',
  '/final-amounts/',
  '/pay-by-link/',
  '/several-instances/',
];

function checkPagefind(pages: string[]): CheckResult {
  const check = result('Pagefind search index');
  const entryPath = join(siteDir, 'pagefind', 'pagefind-entry.json');
  if (!existsSync(entryPath) || !existsSync(join(siteDir, 'pagefind', 'pagefind.js'))) {
    check.failures.push('dist/site/pagefind/ has no pagefind.js and pagefind-entry.json');
    return check;
  }
  const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as {
    languages?: Record<string, { page_count?: number }>;
  };
  for (const [lang, prefix] of [
    ['en', ''],
    ['es', '/es'],
  ] as const) {
    const indexed = entry.languages?.[lang]?.page_count ?? 0;
    const expected = pages.filter((page) =>
      REQUIRED_PAGES.some((required) => page === prefix + required),
    ).length;
    check.found.push(`${lang}: ${indexed} pages indexed`);
    if (indexed < expected)
      check.failures.push(`${lang}: only ${indexed} pages indexed, expected at least ${expected}`);
  }
  return check;
}

function checkSecurityTxt(): CheckResult {
  const check = result('/.well-known/security.txt (RFC 9116)');
  const path = join(siteDir, '.well-known', 'security.txt');
  // RFC 9116 requires a Contact: without one from the operator, the site must publish no file at all.
  if (readMarker(siteDir)?.securityContact === false) {
    if (existsSync(path)) check.failures.push('built although the operator published no security contact');
    else check.found.push('not published: the operator published no security contact');
    return check;
  }
  if (!existsSync(path)) {
    check.failures.push('dist/site/.well-known/security.txt was not built');
    return check;
  }
  const fields = new Map<string, string[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (match?.[1] && match[2])
      fields.set(match[1].toLowerCase(), [...(fields.get(match[1].toLowerCase()) ?? []), match[2]]);
  }
  const contact = fields.get('contact') ?? [];
  if (contact.length === 0 || !contact.every((value) => /^(mailto:|https:\/\/|tel:)/.test(value))) {
    check.failures.push('Contact must be present, as mailto:, https:// or tel: URIs');
  }
  const expires = fields.get('expires') ?? [];
  const expiresAt = Date.parse(expires[0] ?? '');
  if (expires.length !== 1 || Number.isNaN(expiresAt))
    check.failures.push('Expires must appear exactly once, as a date-time');
  else if (expiresAt <= Date.now()) check.failures.push(`Expires ${expires[0]} is in the past`);
  else if (expiresAt - Date.now() > 366 * 86_400_000)
    check.failures.push(`Expires ${expires[0]} is more than a year ahead`);
  for (const field of ['canonical', 'policy', 'encryption']) {
    for (const value of fields.get(field) ?? []) {
      if (!value.startsWith('https://')) check.failures.push(`${field} ${value} must be an https:// URI`);
    }
  }
  check.found.push(...[...fields].map(([name, values]) => `${name}: ${values.join(' | ')}`));
  return check;
}

/**
 * Runs the integration guide's `fetch` snippets, as built into both locales, against a real server started
 * in-process (a temp SQLite file, the Stripe sandbox on a free port), with a merchant key of its own.
 */
async function checkLiveSnippets(crawled: CrawledPage[]): Promise<CheckResult> {
  const check = result('integration fetch snippets against a live server');
  const unique = new Map<string, string>();
  for (const page of crawled.filter((entry) => /^(\/es)?\/integration\/$/.test(entry.url))) {
    page.snippets.forEach((snippet, index) => {
      if (!['ts', 'typescript'].includes(snippet.language) || !callsApi(snippet.code, apiBaseUrl)) return;
      // Both locales share the snippets; each distinct one runs once, named where it was first seen.
      if (!unique.has(snippet.code)) unique.set(snippet.code, `${page.url} #${index + 1} (${snippet.title})`);
    });
  }
  if (unique.size === 0) {
    check.failures.push('no fetch snippet calling the CargoPay API on /integration/');
    return check;
  }
  const server = await startTestServer({ workers: false, registerWebhook: false });
  try {
    const { apiKey } = await server.merchant();
    const outcome = await runFetchSnippets(
      [...unique].map(([code, name]) => ({ name, code })),
      { url: server.url, apiKey },
      { apiBaseUrl, paymentRequestId: examplePaymentRequestId, operations: apiOperations },
    );
    check.failures.push(...outcome.failures);
    check.found.push(...outcome.found);
  } finally {
    await server.close();
  }
  return check;
}

async function main(): Promise<number> {
  const started = performance.now();
  if (!existsSync(join(siteDir, 'index.html'))) {
    console.error('dist/site/ has not been built: run `npm run build` (or `npm run build:site`) first.');
    return 1;
  }
  const checks: CheckResult[] = [];
  const pages = htmlPages(siteDir);
  checks.push(checkLocales(pages, REQUIRED_PAGES));
  checks.push(checkControls(controls, root));
  checks.push(checkDocumentedCalls(apiOperations, documentedCalls));
  checks.push(checkDocumentedProblems(apiOperations, PROBLEMS, documentedProblems));
  checks.push(checkPagefind(pages));
  checks.push(checkSecurityTxt());
  checks.push(checkOperatorStatements(siteDir, pages));

  const element = checkoutElement();
  const script = widgetScript();
  const server = await serveStatic(siteDir, { [AXE_PATH]: axeFile() });
  const browser = await launchBrowser();
  try {
    let phase = performance.now();
    const crawled = await crawl(browser, server.origin, pages);
    const crawlSeconds = (performance.now() - phase) / 1000;
    checks.push(checkLinks(siteDir, server.origin, crawled));

    const axe = result('axe-core in Chromium');
    for (const page of crawled) {
      if (page.status !== 200 && page.url !== '/404.html')
        axe.failures.push(`${page.url}: HTTP ${page.status}`);
      for (const violation of page.violations) {
        axe.failures.push(
          `${page.url}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.targets.join(', ')}`,
        );
      }
    }
    axe.found.push(
      `${crawled.length} pages loaded and scanned in ${crawlSeconds.toFixed(1)} s, ${axe.failures.length} violations`,
    );
    checks.push(axe);

    const citations = result('primary sources listed on regulatory pages');
    for (const url of PAGES_WITH_REFERENCES.flatMap((page) => [page, `/es${page}`])) {
      const page = crawled.find((entry) => entry.url === url);
      const count = page?.ids.filter((id) => id.startsWith('ref-')).length ?? 0;
      if (count === 0) citations.failures.push(`${url} lists no references`);
      else citations.found.push(`${url}: ${count} references`);
    }
    checks.push(citations);

    const context = await browser.newContext();
    const demo = result('/demo/ opened without the server');
    const demoPage = await context.newPage();
    for (const url of ['/demo/', '/es/demo/']) {
      await demoPage.goto(server.origin + url);
      const status = demoPage.locator('[data-demo-status]');
      await status
        .filter({ hasText: 'npm start' })
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      const text = (await status.textContent()) ?? '';
      const formHidden = await demoPage.locator('[data-demo-form]').isHidden();
      if (!text.includes('npm start') || !formHidden) {
        demo.failures.push(
          `${url}: expected the "needs the server (npm start)" notice and no form; saw "${text}"`,
        );
      } else {
        demo.found.push(`${url}: "${text.slice(0, 60)}…"`);
      }
    }
    await demoPage.close();
    checks.push(demo);
    const parser = await context.newPage();
    phase = performance.now();
    // The server's own page policy in each mode: production (https, no sandbox) and a development sandbox.
    const policies = documentedPolicies(
      ({ sandboxOrigin }) =>
        pageDirectives({ sandboxOrigin, inlineScriptHashes: [], https: true, hstsPreload: false }),
      apiBaseUrl,
    );
    const snippets = await checkSnippets(root, parser, crawled, element, script, policies);
    snippets.found.push(`checked in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
    checks.push(snippets);
    await context.close();
    checks.push(await checkLiveSnippets(crawled));
  } finally {
    await browser.close();
    await server.close();
  }

  let failed = 0;
  for (const check of checks) {
    const ok = check.failures.length === 0;
    if (!ok) failed++;
    console.info(`${ok ? 'PASS' : 'FAIL'} ${check.name}`);
    for (const line of check.found) console.info(`     ${line}`);
    for (const line of check.failures) console.info(`   ✗ ${line}`);
  }
  console.info(
    `\n${checks.length - failed}/${checks.length} site checks passed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
