import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/**
 * One Node.js program run as a real operating-system process (a CargoPay server, the stand-alone sandbox),
 * that tests start, crash with SIGKILL and start again. Its stdout and stderr are kept, across restarts, in
 * memory and in `logFile`, so that tests can wait on what it prints instead of sleeping.
 */
export interface NodeProcess {
  /** Everything the process wrote, across restarts. */
  output(): string;
  /**
   * Resolves with the first match of `pattern` in what the process writes from character `from` of `output()`
   * on (already written text included). Driven by the process's own output, with no deadline of its own (the
   * calling test's time limit bounds it); rejects at once when the process exits without writing it.
   */
  waitForOutput(pattern: RegExp, from: number): Promise<RegExpExecArray>;
  /** Starts the program (again); resolves once it printed `ready` (the pattern given at creation). */
  start(): Promise<RegExpExecArray>;
  /** Whether a started process is still running. */
  running(): boolean;
  /** SIGKILL: no shutdown handler runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (graceful stop). */
  stop(): Promise<void>;
}

export interface NodeProcessOptions {
  /** Script and arguments after `node`. */
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** What the program prints once it serves (waited for by `start()`). */
  ready: RegExp;
  logFile?: string;
}

export function nodeProcess(options: NodeProcessOptions): NodeProcess {
  let out = '';
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const waiters = new Set<() => void>();
  const alive = () => child !== null && child.exitCode === null && child.signalCode === null;

  const waitForOutput = (pattern: RegExp, from: number): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out.slice(from));
        if (match) {
          waiters.delete(check);
          resolve(match);
        } else if (!alive()) {
          waiters.delete(check);
          reject(new Error(`the process exited before writing ${String(pattern)}:\n${out.slice(from)}`));
        }
      };
      waiters.add(check);
      check();
    });

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (!alive()) return;
    (child as ChildProcess).kill(name);
    await exited;
    child = null;
  };

  return {
    output: () => out,
    waitForOutput,
    running: alive,
    async start() {
      const started = out.length;
      const proc = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env });
      child = proc;
      const collect = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        out += text;
        if (options.logFile) appendFileSync(options.logFile, text);
        for (const check of [...waiters]) check();
      };
      proc.stdout?.on('data', collect);
      proc.stderr?.on('data', collect);
      exited = new Promise((done) =>
        proc.once('exit', () => {
          for (const check of [...waiters]) check();
          done();
        }),
      );
      // A start that takes long on a loaded machine is waited for, not failed.
      return waitForOutput(options.ready, started);
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
