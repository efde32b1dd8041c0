import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { CLAIM_INBOX_SQL, DEAD_LETTERS_SQL } from './pg-inbox.ts';
import { DISPUTES_FOR_REQUEST_SQL } from './pg-mirror.ts';
import { CLAIM_NOTIFICATIONS_SQL } from './pg-outbox.ts';
import { merchantPageSql } from './pg-page.ts';
import { CAPTURE_DEADLINES_SQL, EXPIRED_REQUESTS_SQL } from './pg-payment-requests.ts';
import { REFUNDS_FOR_REQUEST_SQL } from './pg-refunds.ts';
import { openPgStore } from './pg-store.ts';

/**
 * The reads that grow with the business, each served on PostgreSQL by an index in its own order, as
 * `store.test.ts` holds the SQLite ones: no sequential scan, no sort. Sequential scans are priced out so that the
 * planner, on tables this small, shows the index it would use on large ones (or a Sort, when none fits).
 */
describe('PostgreSQL query plans', () => {
  let client: pg.Client;
  beforeAll(async () => {
    const url = await createDatabaseAt(inject('postgresAdminUrl'));
    const store = await openPgStore({ url, sealer: createSealer({ id: 'k1', key: Buffer.alloc(32, 7) }) });
    await store.ended();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SET enable_seqscan = off');
  });
  afterAll(async () => {
    await client.end();
  });

  const planOf = async (sql: string, params: unknown[]) =>
    (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
      .map((row) => row['QUERY PLAN'])
      .join('\n');
  const now = '2026-11-25T10:00:00.000Z';

  it.each([
    ['the webhook queue (claim)', CLAIM_INBOX_SQL, [now, now, 50], 'webhook_inbox_queue'],
    ['the webhook dead letters', DEAD_LETTERS_SQL, [50], 'webhook_inbox_dead_letters'],
    ['due notifications (claim)', CLAIM_NOTIFICATIONS_SQL, [now, now, 50], 'notifications_due'],
    ["a payment request's disputes", DISPUTES_FOR_REQUEST_SQL, ['pr_1'], 'disputes_by_request'],
    ["a payment request's refunds", REFUNDS_FOR_REQUEST_SQL, ['pr_1'], 'refunds_by_request'],
    ['open requests expired by a time', EXPIRED_REQUESTS_SQL, [now, 50], 'payment_requests_open_expiry'],
    [
      'authorized holds whose warning or deadline is due',
      CAPTURE_DEADLINES_SQL,
      [now, now, 24, now, 50],
      'payment_requests_capture_deadline',
    ],
    [
      "a merchant's payment requests, a page after a cursor",
      merchantPageSql('payment_requests', ['status = ?'], true),
      ['mer_1', 'open', 'pr_1', 50],
      'payment_requests_by_merchant',
    ],
    [
      "a merchant's notifications, a page after a cursor",
      merchantPageSql('notifications', [], true),
      ['mer_1', 'ntf_1', 50],
      'notifications_by_merchant',
    ],
  ])(
    '%s: read through its index in its own order, no scan and no sort',
    async (_name, sql, params, index) => {
      const plan = await planOf(sql, params);
      expect(plan).toMatch(new RegExp(`Index (Only )?Scan (Backward )?using ${index} `));
      expect(plan).not.toMatch(/Seq Scan|Sort/);
      // A page after a cursor starts at the cursor in the index, not at the newest row.
      if (sql.includes('(created_at, id) <')) expect(plan).toMatch(/Index Cond: .*ROW\(created_at, id\) < /);
    },
  );
});
