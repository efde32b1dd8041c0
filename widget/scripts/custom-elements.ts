import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { create } from '@custom-elements-manifest/analyzer/src/create.js';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

/**
 * Writes `custom-elements.json` (schema of webcomponents/custom-elements-manifest) for the widget's sources,
 * with the analyzer's Lit support. The docs site renders `/reference/widget/` from it.
 */
export async function writeCustomElementsManifest(
  root: string,
  sources: string[],
  outDir: string,
): Promise<void> {
  const modules = await Promise.all(
    sources.map(async (path) =>
      ts.createSourceFile(relative(root, path), await readFile(path, 'utf8'), ts.ScriptTarget.ES2022, true),
    ),
  );
  const manifest = create({ modules, plugins: litPlugin() });
  await writeFile(join(outDir, 'custom-elements.json'), JSON.stringify(manifest, null, 2) + '\n');
}
