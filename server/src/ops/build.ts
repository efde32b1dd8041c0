import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../http/logger.ts';
import { statementsFileForBuild } from './docs-build.ts';

/**
 * Runs `npm run build` when the built widget (`dist/widget`) or docs site (`dist/site`) is missing, so that a
 * fresh `npm start` serves everything. The docs build gets the operator's statements file
 * (`statementsFileForBuild`: in development, the example file unless OPERATOR_STATEMENTS names another). A
 * failed build is reported and the API is served anyway.
 */
export function buildIfMissing(
  config: Pick<Config, 'distDir' | 'env' | 'operatorStatements'>,
  logger: Logger,
): void {
  const missing = ['widget', 'site'].filter((part) => !existsSync(join(config.distDir, part)));
  if (missing.length === 0) return;
  const statements = statementsFileForBuild(config);
  console.info(
    `Building ${missing.join(' and ')} first (npm run build)` +
      (statements
        ? `, the docs with the operator statements of ${statements}…`
        : ', the docs stating nothing…'),
  );
  const result = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    // The child is the docs build, a program of its own that reads OPERATOR_STATEMENTS from its environment.
    env: { ...process.env, OPERATOR_STATEMENTS: statements },
  });
  if (result.status !== 0) {
    logger.error(
      { status: result.status },
      'npm run build failed; serving the API without the missing parts',
    );
  }
}
