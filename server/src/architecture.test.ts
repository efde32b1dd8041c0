import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cycles,
  folderGraph,
  importSpecifiers,
  SERVER_SRC,
  sourceFiles,
  withoutImports,
  type FileImport,
} from '../test/folder-graph.ts';

/**
 * Runtime imports between folders that go through the files the storage port removes (`disputes/sqlite.ts`
 * with `dbOf()`, `disputes/repository.ts`, `disputes/queue.ts`, `risk/repository.ts`; the SQL in
 * `connect/accounts.ts` reaches the database through `dbOf()`). They go when the store port lands; until then
 * they are the only imports allowed to close a loop (today `connect/accounts.ts → disputes/sqlite.ts` closes
 * connect → disputes → payment-requests → connect). The list is exact: an entry that no longer exists fails
 * the test, so that it is deleted here and the check tightens.
 */
const LEAVING_WITH_THE_STORE_PORT = [
  'app.ts → disputes/queue.ts',
  'app.ts → disputes/repository.ts',
  'app.ts → disputes/sqlite.ts',
  'app.ts → risk/repository.ts',
  'connect/accounts.ts → disputes/sqlite.ts',
  'disputes/repository.ts → ids.ts',
  'disputes/repository.ts → stripe/event-order.ts',
  'disputes/sqlite.ts → store/crypto.ts',
  'disputes/sqlite.ts → store/sqlite-store.ts',
  'disputes/sqlite.ts → store/sqlite.ts',
  'risk/repository.ts → disputes/sqlite.ts',
  'risk/repository.ts → ids.ts',
];

const key = (i: FileImport) => `${i.from} → ${i.to}`;

describe('server/src folders import downward', () => {
  it('counts only imports that load a module at run time', () => {
    const source = [
      "import type { A } from './a.ts';",
      "import { type B, type C } from './b.ts';",
      "import { type D, e } from './d.ts';",
      "import f from './f.ts';",
      "import * as g from './g.ts';",
      "import './h.ts';",
      "export type { I } from './i.ts';",
      "export { j } from './j.ts';",
      "export * from './k.ts';",
      "const l = await import('./l.ts');",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './d.ts',
      './f.ts',
      './g.ts',
      './h.ts',
      './j.ts',
      './k.ts',
      './l.ts',
    ]);
    expect(importSpecifiers(source, 'x.ts', true)).toHaveLength(10);
  });

  it('finds a loop between folders, and none in a chain', () => {
    const edges = (pairs: [string, string][]) => {
      const map = new Map<string, Map<string, FileImport[]>>();
      for (const n of ['a', 'b', 'c']) map.set(n, new Map());
      for (const [a, b] of pairs) map.get(a)?.set(b, [{ from: `${a}/x.ts`, to: `${b}/y.ts` }]);
      return { nodes: ['a', 'b', 'c'], edges: map };
    };
    expect(
      cycles(
        edges([
          ['a', 'b'],
          ['b', 'c'],
        ]),
      ),
    ).toEqual([]);
    expect(
      cycles(
        edges([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('has no runtime import cycle between folders, but for the imports leaving with the store port', () => {
    const graph = folderGraph();
    const leaving = new Set(LEAVING_WITH_THE_STORE_PORT);
    expect(cycles(withoutImports(graph, (i) => leaving.has(key(i))))).toEqual([]);
  });

  it('lists exactly the imports that still go through the files the store port removes', () => {
    const present = [...folderGraph().edges.values()]
      .flatMap((out) => [...out.values()].flat())
      .map(key)
      .filter((k) => /(disputes\/(sqlite|repository|queue)|risk\/repository)\.ts/.test(k));
    expect(present.sort()).toEqual(LEAVING_WITH_THE_STORE_PORT);
  });

  it('mounts every router in app.ts', () => {
    const mounting = sourceFiles().filter((file) =>
      importSpecifiers(readFileSync(join(SERVER_SRC, file), 'utf8'), file).some((s) => /router\.ts$/.test(s)),
    );
    expect(mounting).toEqual(['app.ts']);
  });

  it('keeps no module-level registry beside AppContext', () => {
    const registries = sourceFiles()
      .filter((file) => !file.startsWith('store/') && file !== 'disputes/sqlite.ts')
      .filter((file) => /new WeakMap\b/.test(readFileSync(join(SERVER_SRC, file), 'utf8')));
    expect(registries).toEqual([]);
  });
});
