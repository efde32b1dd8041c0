import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { APIRoute, GetStaticPaths } from 'astro';
import { repoRoot } from '../../lib/build-inputs.ts';
import { sourceBase } from '../../lib/build-proof.ts';
import { publishedSourceFiles } from '../../lib/source-links.ts';

/**
 * The test files that controls name, as plain text, so a reader can open the test behind each control when the
 * source has no public home (no `SOURCE_BASE_URL`, no package.json `repository`; see `lib/source-links.ts`).
 */
export const getStaticPaths = (() =>
  sourceBase
    ? []
    : publishedSourceFiles().map((file) => ({
        params: { path: `${file}.txt` },
        props: { file },
      }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ file: string }> = ({ props }) =>
  new Response(readFileSync(resolve(repoRoot, props.file), 'utf8'), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
