/**
 * One CargoPay instance in a process of its own, for the bench's several-instances comparison (`run.ts`
 * spawns it with an IPC channel): `startCargoPay` on the PostgreSQL at `BENCH_DATABASE_URL`, with the
 * sandbox, webhook secret and sealing key the bench gives it. It sends `{ ready, url, apiKey }` once
 * listening, and answers the bench's messages: `settle` (its webhook worker applies what it can claim), `workers`
 * pause/resume (its background workers),
 * `profile` start/stop (a CPU profile of this process written to the given path) and `stop`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startCargoPay } from './cargopay.ts';

export type ToInstance =
  | { settle: number }
  | { profile: 'start'; id: number }
  | { profile: 'stop'; id: number; path: string }
  | { workers: 'pause' | 'resume'; id: number }
  | { stop: true };

export type FromInstance =
  | { ready: true; url: string; apiKey: string }
  | { settled: number }
  | { profiled: number }
  | { workers: number };

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const send = (message: FromInstance) => process.send?.(message);

const cargo = await startCargoPay({
  sandboxUrl: env('BENCH_SANDBOX_URL'),
  webhookSecret: env('BENCH_WEBHOOK_SECRET'),
  databaseUrl: env('BENCH_DATABASE_URL'),
  encryptionKey: env('BENCH_ENCRYPTION_KEY'),
  merchant: process.env.BENCH_MERCHANT === '1',
});
let session: Session | null = null;

process.on('message', (message: ToInstance) => {
  void (async () => {
    if ('settle' in message) {
      await cargo.settle();
      send({ settled: message.settle });
    } else if ('profile' in message && message.profile === 'start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      send({ profiled: message.id });
    } else if ('profile' in message && message.profile === 'stop') {
      const { profile } = (await session?.post('Profiler.stop')) ?? { profile: null };
      if (profile) writeFileSync(message.path, JSON.stringify(profile));
      session?.disconnect();
      session = null;
      send({ profiled: message.id });
    } else if ('workers' in message) {
      // Paused while the bench measures a single instance: a second one would share its queue's work.
      await (message.workers === 'pause' ? cargo.stopWorkers() : cargo.startWorkers());
      send({ workers: message.id });
    } else if ('stop' in message) {
      await cargo.close();
      process.exit(0);
    }
  })();
});
send({ ready: true, url: cargo.url, apiKey: cargo.apiKey });
