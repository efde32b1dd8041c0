/**
 * Files that other parts of the build produce and the site is generated from. A missing input stops the
 * build with a message naming the command that produces it; the site never renders a placeholder instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The package root: `astro build` and `npm run …` run there. */
export const repoRoot = process.cwd();

export class MissingBuildInputError extends Error {
  constructor(path: string, producedBy: string, problem = 'is missing') {
    super(
      `The documentation site is generated from ${path}, which ${problem}. Run \`${producedBy}\` first ` +
        '(`npm run build` runs it before `build:site`).',
    );
    this.name = 'MissingBuildInputError';
  }
}

/** Reads and parses a JSON build input, or throws `MissingBuildInputError`. */
export function readJsonInput(path: string, producedBy: string): unknown {
  const file = resolve(repoRoot, path);
  if (!existsSync(file)) throw new MissingBuildInputError(path, producedBy);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new MissingBuildInputError(path, producedBy, `is not valid JSON (${String(error)})`);
  }
}
