import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Emits the ES build's declarations (`dist/widget/types/`, with the checkout contract types they refer to)
 * using `widget/tsconfig.types.json`, then rewrites relative `.ts` specifiers to `.js`, as published `.d.ts`
 * files expect.
 */
export async function writeTypes(root: string): Promise<void> {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', join(root, 'widget/tsconfig.types.json')], {
    cwd: root,
  });
  const dir = join(root, 'dist/widget/types');
  for (const file of await readdir(dir, { recursive: true })) {
    if (!file.endsWith('.d.ts')) continue;
    const path = join(dir, file);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
  }
}
