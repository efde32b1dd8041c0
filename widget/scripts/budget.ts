/**
 * `npm run test:budget`: checks the built widget (`dist/widget/`, from `npm run build:widget`) and prints the
 * figures. Fails when `cargopay.js` (the self-contained classic script, Lit included) is over 15 KB gzip, when
 * `manifest.json` does not match the files on disk, or when any built file contains a Stripe secret key or
 * webhook secret prefix (`sk_`, `whsec_`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, type ManifestFile } from './manifest.ts';

/** 15 KB, gzip, for `cargopay.js`. */
export const BUDGET_GZIP_BYTES = 15 * 1024;
/** Strings that must never appear in anything shipped to browsers. */
export const FORBIDDEN = ['sk_', 'whsec_'];

const dir = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

/** Reads the manifest, re-measures every file, and returns the problems found (empty when all is well). */
export async function checkBuild(): Promise<{ files: ManifestFile[]; problems: string[] }> {
  const problems: string[] = [];
  let listed: ManifestFile[];
  try {
    listed = (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] })
      .files;
  } catch {
    return { files: [], problems: ['dist/widget/manifest.json is missing: run npm run build:widget first'] };
  }
  const files: ManifestFile[] = [];
  for (const entry of listed) {
    const bytes = await readFile(join(dir, entry.name));
    const actual = describe(entry.name, bytes);
    files.push(actual);
    if (actual.integrity !== entry.integrity || actual.size !== entry.size || actual.gzip !== entry.gzip)
      problems.push(`${entry.name}: manifest.json does not match the file on disk`);
    const text = bytes.toString('utf8');
    for (const needle of FORBIDDEN)
      if (text.includes(needle)) problems.push(`${entry.name} contains "${needle}"`);
  }
  const main = files.find((f) => f.name === 'cargopay.js');
  if (!main) problems.push('cargopay.js is not in the manifest');
  else if (main.gzip > BUDGET_GZIP_BYTES)
    problems.push(`cargopay.js is ${main.gzip} B gzip, over the ${BUDGET_GZIP_BYTES} B (15 KB) budget`);
  return { files, problems };
}

if (import.meta.main) {
  const { files, problems } = await checkBuild();
  const width = Math.max(...files.map((f) => f.name.length), 10);
  console.info(`${'file'.padEnd(width)}  ${'bytes'.padStart(7)}  ${'gzip'.padStart(7)}`);
  for (const f of files)
    console.info(`${f.name.padEnd(width)}  ${String(f.size).padStart(7)}  ${String(f.gzip).padStart(7)}`);
  const main = files.find((f) => f.name === 'cargopay.js');
  if (main)
    console.info(
      `\ncargopay.js: ${(main.gzip / 1024).toFixed(2)} KB gzip of ${BUDGET_GZIP_BYTES / 1024} KB budget (${Math.round((main.gzip / BUDGET_GZIP_BYTES) * 100)} %)`,
    );
  for (const p of problems) console.error(`budget: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}
