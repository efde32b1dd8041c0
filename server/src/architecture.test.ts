import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cycles,
  folderGraph,
  importSpecifiers,
  SERVER_SRC,
  sourceFiles,
  type FileImport,
} from '../test/folder-graph.ts';

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

  it('has no runtime import cycle between folders (type-only imports excepted)', () => {
    expect(cycles(folderGraph())).toEqual([]);
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
