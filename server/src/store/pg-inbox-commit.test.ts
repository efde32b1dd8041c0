import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import pg from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { at, T0 } from './contract/fixtures.ts';
import { openPgStore, type PgStore } from './pg-store.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 6) });

/**
 * An event whose change writes nothing but its own inbox row is marked applied by one statement, outside a
 * transaction, so it runs at the server's default isolation level, which an operator may have made stricter
 * than the READ COMMITTED every transaction of the store states.
 */
describe('marking an event applied on PostgreSQL, whatever the default isolation', () => {
  let url: string;
  let store: PgStore;
  let other: pg.Client;
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ db: string }>('SELECT current_database() AS db');
      await admin.query(
        `ALTER DATABASE "${rows[0]?.db ?? ''}" SET default_transaction_isolation = 'repeatable read'`,
      );
    } finally {
      await admin.end();
    }
    store = await openPgStore({ url, sealer, poolSize: 2, applicationName: 'strict' });
    other = new pg.Client({ connectionString: url });
    await other.connect();
  });
  afterEach(async () => {
    await other.end();
    await store.ended();
  });

  it('answers duplicate, not an error, when another instance applied it while it waited', async () => {
    const isolation = await other.query<{ level: string }>(
      "SELECT current_setting('transaction_isolation') AS level",
    );
    expect(isolation.rows[0]?.level).toBe('repeatable read');
    await store.inbox.insert({ id: 'evt_1', type: 't', payload: '{}', created: 1, receivedAt: T0 });
    // Another instance in the middle of applying the same event: its row lock held, its commit to come.
    await other.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await other.query("UPDATE webhook_inbox SET processed_at = $1 WHERE id = 'evt_1'", [at(1)]);
    const committing = store.commit({ inboxEventId: 'evt_1' }, at(2));
    await vi.waitFor(
      async () => {
        const waiting = await other.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'strict' AND wait_event_type = 'Lock'",
        );
        if (waiting.rowCount === 0) throw new Error('the store is not waiting for the row yet');
      },
      { timeout: 10_000, interval: 20 },
    );
    await other.query('COMMIT');
    expect(await committing).toBe('duplicate');
    expect((await store.inbox.get('evt_1'))?.processedAt).toBe(at(1));
    expect(await store.commit({ inboxEventId: 'evt_1' }, at(3))).toBe('duplicate');
  });
});
