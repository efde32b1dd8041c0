/**
 * The folder-level runtime import graph of `server/src`, and its cycles.
 *
 * A node is a top-level folder of `server/src` (`disputes`, `store`, …; subfolders belong to their top-level
 * folder) or a file at its root (`config`, `app`, …). An edge `a → b` exists when a non-test file in `a` imports
 * a file in `b` at run time. Type-only imports (`import type …`, `import { type A, type B } …`, `export type
 * … from`) are left out: they vanish when the types are stripped, so they cannot make a load-order loop.
 *
 * `node server/test/folder-graph.ts` prints the graph and its cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The `server/src` directory this file sits beside. */
export const SERVER_SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** One runtime import between two files of `server/src` (paths relative to it, `/`-separated). */
export interface FileImport {
  from: string;
  to: string;
}

/** Folder-level graph: `edges.get(a).get(b)` lists the file imports that make `a → b`. */
export interface FolderGraph {
  nodes: string[];
  edges: Map<string, Map<string, FileImport[]>>;
}

const isTest = (path: string) => /\.test\.ts$/.test(path) || /(^|\/)test-helpers\.ts$/.test(path);

/** Non-test `.ts` files under `root`, relative and `/`-separated. */
export function sourceFiles(root = SERVER_SRC): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split(sep).join('/'))
    .filter((p) => p.endsWith('.ts') && !isTest(p))
    .sort();
}

/** The node a file belongs to: its top-level folder, or its own name (without `.ts`) at the root. */
export function nodeOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path.replace(/\.ts$/, '') : path.slice(0, slash);
}

/** Whether an import or re-export declaration survives type stripping. */
function isRuntime(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return true; // `import './x.ts'`: run for its effects
    if (clause.isTypeOnly) return false;
    if (clause.name) return true; // a default import
    const bindings = clause.namedBindings;
    if (!bindings || ts.isNamespaceImport(bindings)) return true;
    // `import { type A } from` still loads the module under verbatimModuleSyntax, but only when it names a
    // value too; `import { type A, type B }` alone is elided by Node's type stripping as well.
    return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
  }
  if (statement.isTypeOnly) return false;
  const clause = statement.exportClause;
  if (!clause || ts.isNamespaceExport(clause)) return true;
  return clause.elements.length === 0 || clause.elements.some((e) => !e.isTypeOnly);
}

/**
 * The runtime imports of one file: static imports and re-exports, and `import('…')` with a literal; with
 * `typeOnly: true`, the type-only ones as well.
 */
export function importSpecifiers(source: string, fileName = 'file.ts', typeOnly = false): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      (typeOnly || isRuntime(node))
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * Builds the folder graph of `root` (default `server/src`); imports leaving `root` are ignored. With
 * `typeOnly: true` it counts type-only imports too (the graph a reader sees, not the one that loads).
 */
export function folderGraph(root = SERVER_SRC, { typeOnly = false } = {}): FolderGraph {
  const files = sourceFiles(root);
  const nodes = [...new Set(files.map(nodeOf))].sort();
  const edges = new Map<string, Map<string, FileImport[]>>(nodes.map((n) => [n, new Map()]));
  for (const from of files) {
    for (const specifier of importSpecifiers(readFileSync(join(root, from), 'utf8'), from, typeOnly)) {
      if (!specifier.startsWith('.')) continue;
      const to = relative(root, resolve(root, dirname(from), specifier))
        .split(sep)
        .join('/');
      if (to.startsWith('..')) continue;
      const [a, b] = [nodeOf(from), nodeOf(to)];
      if (a === b) continue;
      const out = edges.get(a) as Map<string, FileImport[]>;
      out.set(b, [...(out.get(b) ?? []), { from, to }]);
    }
  }
  return { nodes, edges };
}

/** Removes the file imports `drop` says to (e.g. known edges on their way out), and any edge left empty. */
export function withoutImports(graph: FolderGraph, drop: (i: FileImport) => boolean): FolderGraph {
  const edges = new Map<string, Map<string, FileImport[]>>();
  for (const [a, out] of graph.edges) {
    const kept = new Map<string, FileImport[]>();
    for (const [b, imports] of out) {
      const left = imports.filter((i) => !drop(i));
      if (left.length) kept.set(b, left);
    }
    edges.set(a, kept);
  }
  return { nodes: graph.nodes, edges };
}

/**
 * The strongly connected components with more than one node (Tarjan): each is a set of folders that import
 * one another in a loop. Sorted, largest first.
 */
export function cycles(graph: FolderGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.nodes) if (!indices.has(v)) connect(v);
  return found.sort((x, y) => y.length - x.length || x.join().localeCompare(y.join()));
}

/** The edges whose two ends sit in one cycle: the imports that would have to go for the folders to layer. */
export function edgesInCycles(graph: FolderGraph): [string, string][] {
  const component = new Map<string, number>();
  cycles(graph).forEach((c, i) => c.forEach((n) => component.set(n, i)));
  const inside: [string, string][] = [];
  for (const [a, out] of graph.edges) {
    for (const b of out.keys()) {
      if (component.has(a) && component.get(a) === component.get(b)) inside.push([a, b]);
    }
  }
  return inside;
}

/** A readable listing: one line per edge with the files that make it, then the cycles. */
export function describe(graph: FolderGraph): string {
  const lines: string[] = [];
  let count = 0;
  for (const [a, out] of graph.edges) {
    for (const [b, imports] of [...out].sort(([x], [y]) => x.localeCompare(y))) {
      count++;
      lines.push(`${a} → ${b}  (${imports.map((i) => `${i.from} → ${i.to}`).join(', ')})`);
    }
  }
  const found = cycles(graph);
  lines.push(
    '',
    `${graph.nodes.length} nodes, ${count} folder edges (${edgesInCycles(graph).length} inside cycles), ` +
      `${found.length} cycle(s)` +
      (found.length ? `: ${found.map((c) => `[${c.join(', ')}]`).join(' ')}` : ''),
  );
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--types`: count type-only imports too.
  console.info(describe(folderGraph(SERVER_SRC, { typeOnly: process.argv.includes('--types') })));
}
