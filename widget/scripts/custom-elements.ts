import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
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
  // The analyzer's own TypeScript (its syntax kinds must match the trees it walks), not the project's.
  const { ts } = (await import('@custom-elements-manifest/analyzer/index.js')) as unknown as {
    ts: typeof import('typescript');
  };
  const modules = await Promise.all(
    sources.map(async (path) =>
      ts.createSourceFile(relative(root, path), await readFile(path, 'utf8'), ts.ScriptTarget.ES2022, true),
    ),
  );
  const manifest = create({ modules, plugins: litPlugin() }) as {
    modules: {
      declarations?: Record<'attributes' | 'members' | 'events', { name: string }[] | undefined>[];
    }[];
  };
  // Internal members and reactive state (`_name`) are not public API, and `emit(name, …)` is no event.
  for (const declaration of manifest.modules.flatMap((m) => m.declarations ?? [])) {
    if (declaration.members) declaration.members = declaration.members.filter((m) => !m.name.startsWith('_'));
    if (declaration.attributes)
      declaration.attributes = declaration.attributes.filter((a) => !a.name.startsWith('_'));
    if (declaration.events)
      declaration.events = declaration.events.filter((e) => e.name.startsWith('cargopay-'));
  }
  await writeFile(join(outDir, 'custom-elements.json'), JSON.stringify(manifest, null, 2) + '\n');
}
