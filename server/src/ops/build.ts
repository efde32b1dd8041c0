import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../http/logger.ts';
import { statementsFileForBuild } from './docs-build.ts';

/** One build step: what it builds, for the progress line, and the command that builds it. */
export interface BuildStep {
  what: string;
  command: readonly string[];
}

/** The parts `npm start` builds when missing, and roughly how long each takes on a laptop (seconds). */
const PARTS: Record<'widget' | 'site', BuildStep & { aboutS: number }> = {
  widget: { what: 'the widget', command: ['npm', 'run', '--silent', 'build:widget'], aboutS: 15 },
  site: { what: 'the docs site', command: ['npm', 'run', '--silent', 'build:site'], aboutS: 25 },
};

/** How much of a failed step's output is shown: its end, where the error is. */
const FAILURE_LINES = 40;

/**
 * Builds the widget (`dist/widget`) and the docs site (`dist/site`) when missing, so that a fresh `npm start`
 * serves everything. Says first that this happens once and about how long it takes (40 s for both), then prints one line per step
 * with its time; a step's own output is shown only when it fails. The docs build gets the operator's
 * statements file (`statementsFileForBuild`: in development, the example file unless OPERATOR_STATEMENTS names
 * another). A failed build is reported and the API is served anyway.
 */
export function buildIfMissing(
  config: Pick<Config, 'distDir' | 'env' | 'operatorStatements'>,
  logger: Logger,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  const missing = (['widget', 'site'] as const).filter((part) => !existsSync(join(config.distDir, part)));
  if (missing.length === 0) return;
  const statements = statementsFileForBuild(config);
  write(
    `Building ${missing.map((part) => PARTS[part].what).join(' and ')} first ` +
      `(about ${missing.reduce((sum, part) => sum + PARTS[part].aboutS, 0)} s, once: later starts skip this)` +
      (missing.includes('site')
        ? statements
          ? `; the docs with the operator statements of ${statements}\n`
          : '; the docs stating nothing\n'
        : '\n'),
  );
  const ok = runBuildSteps(
    missing.map((part) => PARTS[part]),
    // The child is the docs build, a program of its own that reads OPERATOR_STATEMENTS from its environment.
    { ...process.env, OPERATOR_STATEMENTS: statements },
    write,
  );
  if (!ok) logger.error('the build failed (see above); serving the API without the missing parts');
}

/**
 * Runs `steps` one after the other, writing `  [i/n] <what>… built in 12.3 s` for each; stops at the first
 * that fails, writing the end of its output and the command to run again. Returns whether all succeeded.
 */
export function runBuildSteps(
  steps: readonly BuildStep[],
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
): boolean {
  const started = performance.now();
  for (const [index, step] of steps.entries()) {
    write(`  [${index + 1}/${steps.length}] ${step.what}… `);
    const stepStarted = performance.now();
    const [command = '', ...args] = step.command;
    const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const took = seconds(performance.now() - stepStarted);
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
      write(`FAILED after ${took}\n`);
      write(`${output.trimEnd().split('\n').slice(-FAILURE_LINES).join('\n')}\n`);
      write(`Run \`${step.command.join(' ').replace(' --silent', '')}\` to see the whole output.\n`);
      return false;
    }
    write(`built in ${took}\n`);
  }
  write(`Built in ${seconds(performance.now() - started)}.\n`);
  return true;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
