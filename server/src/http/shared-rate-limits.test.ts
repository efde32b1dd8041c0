import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Pool } from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from '../store/crypto.ts';
import { migratePostgres } from '../store/pg-migrations.ts';
import { rateLimitsMigration } from '../store/pg-migrations/0004-rate-limits.ts';
import { createPool } from '../store/pg-pool.ts';
import { PgRateLimits } from '../store/pg-rate-limits.ts';
import { PgScope } from '../store/pg-scope.ts';
import { createLogger } from './logger.ts';
import { rateLimiter } from './rate-limits.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 9) });

/** One "instance": an HTTP server whose only route sits behind the `api` limiter, counting on `pool`. */
async function instance(pool: Pool, logs: string[] = []): Promise<{ url: string; server: Server }> {
  const app = express();
  const logger = createLogger('warn', { write: (line: string) => void logs.push(line) });
  app.get(
    '/',
    rateLimiter(
      'api',
      { limit: 25, windowMs: 60_000 },
      () => 'client-1',
      () => undefined,
      {
        counters: new PgRateLimits(new PgScope(pool, sealer)),
        logger,
      },
    ),
    (_req, res) => void res.json({ ok: true }),
  );
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('request limits shared through PostgreSQL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  let url: string;
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const pool = (connectionString = url) => {
    const p = createPool(connectionString, { max: 4 });
    cleanup.push(() => p.end());
    return p;
  };
  const serve = async (p: Pool, logs?: string[]) => {
    const i = await instance(p, logs);
    cleanup.push(() => new Promise<void>((resolve) => i.server.close(() => resolve())));
    return i;
  };

  it('two instances on one database let exactly the limit through, 120 requests at once spread over both', async () => {
    await migratePostgres(pool(), [rateLimitsMigration]);
    const [a, b] = [await serve(pool()), await serve(pool())];
    const responses = await Promise.all(Array.from({ length: 120 }, (_, i) => fetch(i % 2 ? a.url : b.url)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(25);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    const refused = responses.find((r) => r.status === 429);
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('fails open: with the database unreachable, requests pass uncounted and the error is logged', async () => {
    const unreachable = new URL(url);
    unreachable.port = '1';
    const logs: string[] = [];
    const a = await serve(pool(unreachable.toString()), logs);
    const statuses = await Promise.all(Array.from({ length: 30 }, () => fetch(a.url).then((r) => r.status)));
    expect(statuses).toEqual(Array<number>(30).fill(200));
    expect(logs.join('\n')).toMatch(/error from store, allowing request/);
  });
});
