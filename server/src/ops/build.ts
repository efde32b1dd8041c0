import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../http/logger.ts';

/**
 * Runs `npm run build` when the built widget (`dist/widget`) or docs site (`dist/site`) is missing, so that a
 * fresh `npm start` serves everything. A failed build is reported and the API is served anyway.
 */
export function buildIfMissing(distDir: string, logger: Logger): void {
  const missing = ['widget', 'site'].filter((part) => !existsSync(join(distDir, part)));
  if (missing.length === 0) return;
  console.info(`Building ${missing.join(' and ')} first (npm run build)…`);
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    logger.error(
      { status: result.status },
      'npm run build failed; serving the API without the missing parts',
    );
  }
}
