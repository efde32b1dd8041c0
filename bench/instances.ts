import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { FromInstance, ToInstance } from './instance.ts';

export interface InstanceOptions {
  sandboxUrl: string;
  webhookSecret: string;
  databaseUrl: string;
  encryptionKey: string;
  /** Whether this instance creates the bench merchant (the first one on the database). */
  merchant: boolean;
  root: string;
}

/** A CargoPay instance in its own process (`instance.ts`), driven over the IPC channel. */
export interface Instance {
  url: string;
  apiKey: string;
  /** Its webhook worker applies every event it can claim. */
  settle(): Promise<void>;
  /** Stops or restarts its background workers (the webhook worker would take a share of another's queue). */
  workers(state: 'pause' | 'resume'): Promise<void>;
  startProfile(): Promise<void>;
  /** Writes the CPU profile since `startProfile` to `path`. */
  stopProfile(path: string): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnInstance(options: InstanceOptions): Promise<Instance> {
  const child: ChildProcess = fork(join(options.root, 'bench', 'instance.ts'), {
    cwd: options.root,
    env: {
      PATH: process.env.PATH ?? '',
      BENCH_SANDBOX_URL: options.sandboxUrl,
      BENCH_WEBHOOK_SECRET: options.webhookSecret,
      BENCH_DATABASE_URL: options.databaseUrl,
      BENCH_ENCRYPTION_KEY: options.encryptionKey,
      BENCH_MERCHANT: options.merchant ? '1' : '0',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, () => void>();
  let next = 0;
  const exited = once(child, 'exit');
  const ready = new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    child.on('message', (message: FromInstance) => {
      if ('ready' in message) resolve(message);
      const id =
        'settled' in message
          ? message.settled
          : 'profiled' in message
            ? message.profiled
            : 'workers' in message
              ? message.workers
              : -1;
      waiting.get(id)?.();
      waiting.delete(id);
    });
    void exited.then(([code]) =>
      reject(new Error(`bench instance exited (${String(code)}) before it was ready`)),
    );
  });
  const ask = (message: (id: number) => ToInstance) =>
    new Promise<void>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send(message(id));
    });
  const { url, apiKey } = await ready;
  return {
    url,
    apiKey,
    settle: () => ask((id) => ({ settle: id })),
    workers: (state) => ask((id) => ({ workers: state, id })),
    startProfile: () => ask((id) => ({ profile: 'start', id })),
    stopProfile: (path) => ask((id) => ({ profile: 'stop', id, path })),
    async stop() {
      child.send({ stop: true } satisfies ToInstance);
      await exited;
    },
  };
}
