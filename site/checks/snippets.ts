/**
 * Every code snippet on `/integration/` (both locales), exactly as its copy button copies it:
 * - TypeScript snippets typecheck, with the TypeScript compiler API and the repository's own compiler
 *   options, against the packages really installed (`stripe`, `@stripe/stripe-js`, `@types/node`, the
 *   widget's types, …);
 * - HTML snippets parse, and use on `<cargopay-checkout>` only the attributes and events that the widget's
 *   custom-elements manifest declares; the widget's script tag carries the build's SRI hash;
 * - JSON snippets parse;
 * - each locale shows the Content-Security-Policy of both modes (live and sandbox), each exactly the line
 *   `site/data/content-security-policy.ts` makes, one valid header whose directives allow what the widget needs
 *   in that mode, as derived from the page policy the server sends around the widget (`csp-header.ts`).
 */
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { Page } from 'playwright-core';
import type { CemCustomElement, WidgetFile } from '../lib/widget-build.ts';
import type { CrawledPage, Snippet } from './browser.ts';
import { compareWithWidgetNeeds, parseCspHeader, type DocumentedPolicy } from './csp-header.ts';
import { result, type CheckResult } from './report.ts';

const GLOBAL_ATTRIBUTES = new Set([
  'id',
  'class',
  'style',
  'lang',
  'dir',
  'hidden',
  'title',
  'slot',
  'part',
  'exportparts',
  'tabindex',
  'inert',
  'role',
]);

const TS_LANGUAGES = new Set(['ts', 'typescript', 'tsx']);
const HTML_LANGUAGES = new Set(['html']);

/** Typechecks each snippet as its own module; returns one message per diagnostic, prefixed with the snippet's name. */
export function typecheck(root: string, snippets: { name: string; code: string }[]): string[] {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
  const files = new Map(
    snippets.map((snippet, index) => [
      join(root, 'site', 'checks', '.snippets', `snippet-${index + 1}.ts`),
      // Each snippet is its own module, as it would be in the merchant's project.
      { name: snippet.name, text: `${snippet.code}\nexport {};\n` },
    ]),
  );
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const snippet = files.get(fileName);
    return snippet
      ? ts.createSourceFile(fileName, snippet.text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => files.get(fileName)?.text ?? readFile(fileName);
  host.directoryExists = (directory) =>
    [...files.keys()].some((file) => dirname(file) === directory) || ts.sys.directoryExists(directory);

  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    const position =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    const where = file
      ? `${file.name}${position ? `:${position.line + 1}:${position.character + 1}` : ''}`
      : 'program';
    return `${where}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** `cargopay-*` event names a snippet listens to. */
export function listenedEvents(code: string): string[] {
  return [...code.matchAll(/addEventListener\(\s*['"`](cargopay-[a-z-]+)['"`]/g)].map(
    (match) => match[1] ?? '',
  );
}

interface ParsedHtml {
  sourceTags: string[];
  parsedTags: string[];
  checkouts: string[][];
  scripts: { src: string | null; integrity: string | null; crossorigin: string | null; text: string }[];
}

async function parseHtml(page: Page, code: string): Promise<ParsedHtml> {
  return page.evaluate((source) => {
    // Tags as written, outside <script> bodies and comments.
    const stripped = source
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
    const sourceTags = [...stripped.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b/g)].map((match) =>
      (match[1] ?? '').toLowerCase(),
    );
    const documentParsed = new DOMParser().parseFromString(source, 'text/html');
    const parsedTags = [...documentParsed.querySelectorAll('head *, body *')].map(
      (element) => element.localName,
    );
    return {
      sourceTags,
      parsedTags,
      checkouts: [...documentParsed.querySelectorAll('cargopay-checkout')].map((element) =>
        element.getAttributeNames(),
      ),
      scripts: [...documentParsed.querySelectorAll('script')].map((script) => ({
        src: script.getAttribute('src'),
        integrity: script.getAttribute('integrity'),
        crossorigin: script.getAttribute('crossorigin'),
        text: script.textContent ?? '',
      })),
    };
  }, code);
}

export async function checkSnippets(
  root: string,
  page: Page,
  pages: CrawledPage[],
  element: CemCustomElement,
  script: WidgetFile,
  policies: DocumentedPolicy[],
): Promise<CheckResult> {
  const check = result('integration snippets');
  const integration = pages.filter(
    (entry) => entry.url === '/integration/' || entry.url === '/es/integration/',
  );
  if (integration.length !== 2) check.failures.push('/integration/ was not built in both locales');
  // Attributes named with a leading underscore are internal state, not part of the element's interface.
  const attributes = new Set(
    (element.attributes ?? []).map((attribute) => attribute.name).filter((name) => !name.startsWith('_')),
  );
  const events = new Set((element.events ?? []).map((event) => event.name));
  const cssProperties = new Set((element.cssProperties ?? []).map((property) => property.name));
  const parts = new Set((element.cssParts ?? []).map((part) => part.name));
  const named = integration.flatMap((entry) =>
    entry.snippets.map((snippet: Snippet, index) => ({
      ...snippet,
      name: `${entry.url} #${index + 1}${snippet.title ? ` (${snippet.title})` : ''}`,
    })),
  );
  const counts = new Map<string, number>();
  for (const snippet of named) counts.set(snippet.language, (counts.get(snippet.language) ?? 0) + 1);
  check.found.push(
    `${named.length} snippets: ${[...counts].map(([language, count]) => `${count} ${language || 'plain'}`).join(', ')}`,
  );

  const typescript = named.filter((snippet) => TS_LANGUAGES.has(snippet.language));
  const diagnostics = typecheck(root, typescript);
  check.failures.push(...diagnostics);
  check.found.push(`${typescript.length} TypeScript snippets typechecked, ${diagnostics.length} diagnostics`);

  let widgetTags = 0;
  let policyCount = 0;
  const modesShown = new Map<string, Set<string>>();
  for (const snippet of named) {
    if (snippet.language === 'http' || /content-security-policy/i.test(snippet.title)) {
      policyCount++;
      const policy = policies.find((p) => p.header === snippet.code.trim());
      if (!policy) {
        check.failures.push(
          `${snippet.name}: is neither the live nor the sandbox policy of site/data/content-security-policy.ts`,
        );
        continue;
      }
      const url = snippet.name.slice(0, snippet.name.indexOf(' '));
      modesShown.set(url, (modesShown.get(url) ?? new Set()).add(policy.mode));
      const parsed = parseCspHeader(snippet.code);
      const problems = [...parsed.problems, ...compareWithWidgetNeeds(parsed, policy.needs)];
      check.failures.push(
        ...problems.map((problem) => `${snippet.name}: the ${policy.mode} header ${problem}`),
      );
      if (problems.length === 0)
        check.found.push(
          `${snippet.name}: ${policy.mode} mode, one header line, ${[...parsed.directives.keys()].join(', ')}`,
        );
    }
    for (const property of snippet.code.match(/--cargopay-[a-z-]+/g) ?? []) {
      if (!cssProperties.has(property)) {
        check.failures.push(
          `${snippet.name}: ${property} is not a CSS custom property the manifest declares`,
        );
      }
    }
    for (const [, attribute] of snippet.code.matchAll(/cargopay-checkout\[([a-z-]+)/g)) {
      if (attribute && !attributes.has(attribute)) {
        check.failures.push(
          `${snippet.name}: selects on [${attribute}], which the manifest does not declare`,
        );
      }
    }
    for (const [, part] of snippet.code.matchAll(/::part\(([a-z-]+)\)/g)) {
      if (part && !parts.has(part)) check.failures.push(`${snippet.name}: ::part(${part}) is not declared`);
    }
    for (const event of listenedEvents(snippet.code)) {
      if (!events.has(event))
        check.failures.push(`${snippet.name}: listens to "${event}", which the manifest does not declare`);
    }
    if (snippet.language === 'json') {
      try {
        JSON.parse(snippet.code);
      } catch (error) {
        check.failures.push(`${snippet.name}: JSON does not parse (${String(error)})`);
      }
    }
    if (!HTML_LANGUAGES.has(snippet.language)) continue;
    const parsed = await parseHtml(page, snippet.code);
    if (parsed.sourceTags.join(' ') !== parsed.parsedTags.join(' ')) {
      check.failures.push(
        `${snippet.name}: the HTML does not parse as written (tags written: ${parsed.sourceTags.join(' ')}; parsed: ${parsed.parsedTags.join(' ')})`,
      );
    }
    for (const names of parsed.checkouts) {
      for (const name of names) {
        if (!attributes.has(name) && !GLOBAL_ATTRIBUTES.has(name) && !/^(data|aria)-/.test(name)) {
          check.failures.push(
            `${snippet.name}: <cargopay-checkout ${name}> is not an attribute the manifest declares`,
          );
        }
      }
    }
    for (const tag of parsed.scripts) {
      for (const event of listenedEvents(tag.text)) {
        if (!events.has(event))
          check.failures.push(`${snippet.name}: listens to "${event}", which the manifest does not declare`);
      }
      if (!tag.src?.endsWith(`/${script.name}`)) continue;
      widgetTags++;
      if (tag.integrity !== script.integrity) {
        check.failures.push(
          `${snippet.name}: the script tag's integrity ${tag.integrity} is not the build's ${script.integrity}`,
        );
      }
      if (tag.crossorigin !== 'anonymous')
        check.failures.push(`${snippet.name}: the script tag lacks crossorigin="anonymous"`);
    }
  }
  if (policyCount === 0) check.failures.push('no Content-Security-Policy snippet on /integration/');
  for (const entry of integration) {
    const shown = modesShown.get(entry.url) ?? new Set();
    const missing = policies.map((p) => p.mode).filter((mode) => !shown.has(mode));
    if (missing.length)
      check.failures.push(`${entry.url}: shows no Content-Security-Policy for ${missing.join(' or ')} mode`);
  }
  if (widgetTags < 2)
    check.failures.push('no script tag for the widget with its SRI hash on /integration/ (both locales)');
  check.found.push(`${widgetTags} widget script tags carry ${script.integrity}`);
  check.found.push(`attributes declared by the manifest: ${[...attributes].join(', ')}`);
  check.found.push(`events declared by the manifest: ${[...events].join(', ')}`);
  return check;
}
