import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRequestBody, problemType, sqliteOf, type TestServer } from '../../test/harness.ts';
import { startWithMerchant } from '../../test/payments.ts';
import { onPostgres } from '../../test/test-store.ts';

/**
 * A full disk, simulated where SQLite meets it: `PRAGMA max_page_count` caps the file at its current size, so
 * the next write that needs a new page fails with SQLITE_FULL exactly as it would on a full file system.
 * PostgreSQL has no per-database size cap to simulate its full disk (SQLSTATE 53100) with, so this runs on SQLite.
 */
let t: TestServer;
let key: string;

beforeAll(async () => {
  ({ t, key } = await startWithMerchant({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' } }));
});
afterAll(() => t.close());

const create = (reference: string) =>
  t.request('POST', '/v1/payment-requests', { key, body: paymentRequestBody({ reference }) });
const db = () => sqliteOf(t).db;
const count = (): number =>
  Number((db().prepare('SELECT count(*) AS n FROM payment_requests').get() as { n: number }).n);

describe('the disk full while writing', () => {
  it.skipIf(onPostgres)(
    'answers 507 storage-full, saves nothing half-written, and works again once there is room (SQLite-only: PRAGMA max_page_count simulates the full disk)',
    async () => {
      const pages = Number((db().prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
      db().exec(`PRAGMA max_page_count = ${pages}`);

      const created: string[] = [];
      let refused: Awaited<ReturnType<typeof create>> | undefined;
      for (let i = 0; i < 500 && !refused; i++) {
        const res = await create(`FULL-${i}-${'x'.repeat(40)}`);
        if (res.status === 201) created.push(String(res.json.id));
        else refused = res;
      }

      expect(refused?.status).toBe(507);
      expect(refused?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused?.json.type).toBe(problemType('storage-full'));
      expect(refused?.headers.get('retry-after')).toBe('60');
      // Every 201 is stored and the refused request left no row behind.
      expect(count()).toBe(created.length);
      expect(db().prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(t.logs.some((line) => line.includes('storage full: write refused'))).toBe(true);

      db().exec('PRAGMA max_page_count = 1073741823');
      const after = await create('AFTER-FULL');
      expect(after.status).toBe(201);
      expect(count()).toBe(created.length + 1);
    },
  );
});
