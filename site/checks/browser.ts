/**
 * Loads every built page in Debian's Chromium (playwright-core, nothing downloaded), collects what the link,
 * anchor and snippet checks need, and runs axe-core on it.
 */
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export interface Snippet {
  /** Expressive Code's language (`ts`, `html`, `sh`, …). */
  language: string;
  /** The block's title, when it has one. */
  title: string;
  /** Exactly what the copy button copies. */
  code: string;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface CrawledPage {
  url: string;
  status: number;
  ids: string[];
  /** `href`/`src` values as written, with the element they were on. */
  links: { tag: string; value: string }[];
  snippets: Snippet[];
  violations: AxeViolation[];
}

const require = createRequire(import.meta.url);

async function chromiumArgs(): Promise<string[]> {
  const url = new URL('../../.config/web-test-runner.config.mjs', import.meta.url).href;
  const config = (await import(url)) as { chromiumArgs: string[] };
  return config.chromiumArgs;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: await chromiumArgs(),
  });
}

/** Pages loaded at once; the machine is shared, and axe is CPU-bound. */
const CONCURRENCY = 3;

/** Where the checks' static server serves axe-core (see `serveStatic`'s `extra`). */
export const AXE_PATH = '/__checks__/axe.min.js';
export const axeFile = (): string => require.resolve('axe-core/axe.min.js');

export async function crawl(browser: Browser, origin: string, pages: string[]): Promise<CrawledPage[]> {
  const axeUrl = `${origin}${AXE_PATH}`;
  const context = await browser.newContext();
  const crawled: CrawledPage[] = [];
  const queue = [...pages];
  const worker = async (): Promise<void> => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      crawled.push(await crawlOne(context, axeUrl, origin, url));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await context.close();
  return crawled.sort((a, b) => a.url.localeCompare(b.url));
}

async function crawlOne(
  context: BrowserContext,
  axeUrl: string,
  origin: string,
  url: string,
): Promise<CrawledPage> {
  const page = await context.newPage();
  const response = await page.goto(origin + url, { waitUntil: 'load' });
  // What the page holds is read before axe's own script tag is added to it.
  const content = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((element) => element.id);
    ids.push(
      ...[...document.querySelectorAll('a[name]')].map((element) => element.getAttribute('name') ?? ''),
    );
    const links = [
      ...document.querySelectorAll('a[href], link[href], script[src], img[src], iframe[src]'),
    ].map((element) => ({
      tag: element.tagName.toLowerCase(),
      value: element.getAttribute('href') ?? element.getAttribute('src') ?? '',
    }));
    const snippets = [...document.querySelectorAll<HTMLElement>('.expressive-code button[data-code]')].map(
      (button) => {
        const figure = button.closest('figure');
        return {
          language: figure?.querySelector('pre')?.dataset.language ?? '',
          title: figure?.querySelector('figcaption .title')?.textContent ?? '',
          code: (button.dataset.code ?? '').replaceAll('\u007f', '\n'),
        };
      },
    );
    return { ids, links, snippets };
  });
  // Loaded by URL, so Chromium compiles axe once and reuses its code cache on the following pages.
  await page.addScriptTag({ url: axeUrl });
  const violations = await page.evaluate(async () => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  });
  await page.close();
  return { url, status: response?.status() ?? 0, ...content, violations };
}
