/**
 * Which tests a test file declares, read from its syntax tree: only a real `it(…)` or `test(…)` call counts
 * (`.each`, `.for`, `.concurrent`, `.sequential` are still real tests). `it.skip`, `it.todo`, `it.fails`,
 * `it.skipIf(…)`, `it.only`, a test inside a skipped `describe` and a commented-out call declare nothing a
 * control may name; a `describe` title counts only where the control names it as a suite (`suite: true`). This is the fast pre-check; the proof is the test run's report
 * (`site/lib/control-proof.ts`).
 */
import ts from 'typescript';

/** Modifiers that keep a test a real, running test. */
const RUNNING_MODIFIERS = new Set(['each', 'for', 'concurrent', 'sequential']);
/** Suite modifiers under which the suite's tests still run. */
const RUNNING_SUITE_MODIFIERS = new Set(['each', 'for', 'concurrent', 'sequential', 'shuffle']);

/** `it.each(table)` → ['it', 'each']; `test` → ['test']; anything else → null. */
function calleeChain(node: ts.Expression): string[] | null {
  if (ts.isIdentifier(node)) return [node.text];
  if (ts.isPropertyAccessExpression(node)) {
    const head = calleeChain(node.expression);
    return head ? [...head, node.name.text] : null;
  }
  // `it.each([...])('name', …)`: the table call is part of the chain.
  if (ts.isCallExpression(node)) return calleeChain(node.expression);
  return null;
}

function literalText(node: ts.Expression | undefined): string | null {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return null;
}

/** The names a test file declares that run: its tests, and its suites (`describe` titles). */
export interface DeclaredNames {
  tests: string[];
  suites: string[];
}

/**
 * The tests and suites `source` declares and that run (see the module comment), in source order.
 * @param fileName used only to choose the parser's script kind (`.ts`, `.js`, …).
 */
export function declaredNames(source: string, fileName = 'test.ts'): DeclaredNames {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false);
  const names: DeclaredNames = { tests: [], suites: [] };
  const visit = (node: ts.Node, suiteRuns: boolean): void => {
    if (ts.isCallExpression(node)) {
      const chain = calleeChain(node.expression);
      const name = literalText(node.arguments[0]);
      if (chain && name !== null) {
        const [head, ...modifiers] = chain;
        if (head === 'describe' || head === 'suite') {
          const runs = suiteRuns && modifiers.every((m) => RUNNING_SUITE_MODIFIERS.has(m));
          if (runs) names.suites.push(name);
          node.arguments.forEach((argument) => visit(argument, runs));
          return;
        }
        if (
          (head === 'it' || head === 'test') &&
          suiteRuns &&
          modifiers.every((m) => RUNNING_MODIFIERS.has(m))
        ) {
          names.tests.push(name);
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, suiteRuns));
  };
  visit(file, true);
  return names;
}

/** Whether `source` declares a running test named exactly `name` (see `declaredNames`). */
export function declaresTest(source: string, name: string, fileName?: string): boolean {
  return declaredNames(source, fileName).tests.includes(name);
}

/** Whether `source` declares a running suite (`describe`) titled exactly `name` (see `declaredNames`). */
export function declaresSuite(source: string, name: string, fileName?: string): boolean {
  return declaredNames(source, fileName).suites.includes(name);
}
