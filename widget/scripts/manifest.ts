import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built file, as listed in `dist/widget/manifest.json` for the docs' copyable snippets. */
export interface ManifestFile {
  /** Path relative to `dist/widget/`, with `/` separators. */
  name: string;
  /** Bytes on disk. */
  size: number;
  /** Bytes after gzip at level 9. */
  gzip: number;
  /** Subresource Integrity value for `<script integrity>`: `sha384-<base64>`. */
  integrity: string;
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Size, gzip size and SRI hash of one file's bytes. */
export function describe(name: string, bytes: Uint8Array): ManifestFile {
  return {
    name,
    size: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
  };
}

/** Writes `manifest.json` listing every `.js` file under `dir` (the build output), sorted by name. */
export async function writeManifest(dir: string): Promise<ManifestFile[]> {
  const listed: ManifestFile[] = [];
  for await (const path of files(dir)) {
    if (!path.endsWith('.js')) continue;
    listed.push(describe(relative(dir, path).split('\\').join('/'), await readFile(path)));
  }
  listed.sort((a, b) => a.name.localeCompare(b.name));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ files: listed }, null, 2) + '\n');
  return listed;
}
