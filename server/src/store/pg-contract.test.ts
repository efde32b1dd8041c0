import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { at, merchant, paymentRequest, T0 } from './contract/fixtures.ts';
import { storeContract } from './contract/store-contract.ts';
import { openPgStore, type PgStore } from './pg-store.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 7) });

storeContract('PostgreSQL', async () => {
  const url = await createDatabaseAt(inject('postgresAdminUrl'));
  const store = await openPgStore({ url, sealer, poolSize: 4 });
  return {
    store,
    async atRest(text) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const tables = await client.query<{ tablename: string }>(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        );
        for (const { tablename } of tables.rows) {
          const rows = await client.query<{ row: string }>(
            `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`,
          );
          if (rows.rows.some((r) => r.row.includes(text))) return true;
        }
        return false;
      } finally {
        await client.end();
      }
    },
    async close() {
      await store.ended();
    },
  };
});

/**
 * What several instances on one database need of the store, proved with two stores opened on the same database
 * (each its own pool, as two processes would have). These hold on PostgreSQL only: the SQLite adapter serves one
 * instance and keeps its leases in memory (`sqlite-leases.ts`), so two SqliteStore on one file would each hand
 * out the same rows, by design.
 */
describe('several instances on one PostgreSQL', () => {
  let first: PgStore;
  let second: PgStore;
  let stores: PgStore[];
  let url: string;
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    // Opened together, they also migrate together (under the advisory lock).
    const open = (name: string) => openPgStore({ url, sealer, poolSize: 4, applicationName: name });
    [first, second] = await Promise.all([open('i1'), open('i2')]);
    stores = [first, second];
    await first.merchants.insert(merchant('mer_1'));
    await first.paymentRequests.insert(paymentRequest('pr_1', 'mer_1'));
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.ended()));
  });
  const [a, b] = [() => first, () => second];

  /** Claims in `loops` parallel loops per store until no claim gives anything; every id each loop got. */
  async function drain<T extends { id: string }>(claim: (store: PgStore) => Promise<T[]>, loops: number) {
    const got: string[][] = [];
    await Promise.all(
      stores.flatMap((store) =>
        Array.from({ length: loops }, async () => {
          const mine: string[] = [];
          got.push(mine);
          for (let batch = await claim(store); batch.length > 0; batch = await claim(store)) {
            mine.push(...batch.map((row) => row.id));
          }
        }),
      ),
    );
    return got;
  }

  it('hands each of 200 inbox events to exactly one claim while two stores claim in parallel', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `evt_${String(i).padStart(3, '0')}`);
    for (const id of ids)
      await a().inbox.insert({ id, type: 't', payload: '{}', created: 1, receivedAt: T0 });
    // One after the other, each takes the next due events in queue order.
    const first = (await a().inbox.claim(5, 60_000, T0)).map((e) => e.id);
    const second = (await b().inbox.claim(5, 60_000, T0)).map((e) => e.id);
    expect([first, second]).toEqual([ids.slice(0, 5), ids.slice(5, 10)]);
    // All at once, three loops per store: every event claimed once, none twice.
    const all = [
      ...first,
      ...second,
      ...(await drain((store) => store.inbox.claim(7, 60_000, T0), 3)).flat(),
    ];
    expect(all.length).toBe(200);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(await b().inbox.claim(10, 60_000, at(59))).toEqual([]);
  });

  it('hands each of 200 notifications to exactly one claim while two stores claim in parallel', async () => {
    const notice = (i: number) => ({
      id: `ntf_${String(i).padStart(3, '0')}`,
      merchantId: 'mer_1',
      paymentRequestId: 'pr_1',
      type: 't',
      body: '{}',
      createdAt: T0,
    });
    await a().commit({ notifications: Array.from({ length: 200 }, (_, i) => notice(i)) }, T0);
    const got = await drain((store) => store.outbox.claim(7, 60_000, at(1)), 3);
    const all = got.flat();
    expect(all.length).toBe(200);
    expect(new Set(all).size).toBe(200);
    expect(await b().outbox.claim(10, 60_000, at(60))).toEqual([]);
  });

  it('gives the rows of a store that stopped to the other once their lease ran out, and ends leases on completion', async () => {
    for (const id of ['evt_1', 'evt_2', 'evt_3'])
      await a().inbox.insert({ id, type: 't', payload: '{}', created: 1, receivedAt: T0 });
    await a().commit(
      {
        notifications: [
          { id: 'ntf_1', merchantId: 'mer_1', paymentRequestId: null, type: 't', body: '{}', createdAt: T0 },
        ],
      },
      T0,
    );
    expect((await a().inbox.claim(10, 30_000, T0)).map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect((await a().outbox.claim(10, 30_000, T0)).map((n) => n.id)).toEqual(['ntf_1']);
    // The first instance applies one event and gives one back, then dies holding the third.
    expect(await a().commit({ inboxEventId: 'evt_1' }, at(1))).toBe('applied');
    await a().inbox.release('evt_2');
    expect((await b().inbox.claim(10, 30_000, at(2))).map((e) => e.id)).toEqual(['evt_2']);
    expect(await b().inbox.claim(10, 30_000, at(29))).toEqual([]);
    expect(await b().outbox.claim(10, 30_000, at(29))).toEqual([]);
    expect((await b().inbox.claim(10, 30_000, at(30))).map((e) => e.id)).toEqual(['evt_3']);
    expect((await b().outbox.claim(10, 30_000, at(30))).map((n) => n.id)).toEqual(['ntf_1']);
    // The dead instance's late commit of an event now held by the other still applies it once.
    expect(await b().commit({ inboxEventId: 'evt_3' }, at(31))).toBe('applied');
    expect(await a().commit({ inboxEventId: 'evt_3' }, at(32))).toBe('duplicate');
  });

  it('passes over a row another instance holds locked instead of waiting for it', async () => {
    for (const id of ['evt_1', 'evt_2'])
      await a().inbox.insert({ id, type: 't', payload: '{}', created: 1, receivedAt: T0 });
    // Another instance in the middle of its claim: the row is locked, its lease not yet written.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query("SELECT id FROM webhook_inbox WHERE id = 'evt_1' FOR UPDATE");
      expect((await b().inbox.claim(10, 60_000, T0)).map((e) => e.id)).toEqual(['evt_2']);
      await other.query('ROLLBACK');
      expect((await b().inbox.claim(10, 60_000, T0)).map((e) => e.id)).toEqual(['evt_1']);
    } finally {
      await other.end();
    }
  });

  it('applies an event once when two stores commit it at the same time', async () => {
    await a().inbox.insert({ id: 'evt_1', type: 't', payload: '{}', created: 1, receivedAt: T0 });
    const change = (n: string) => ({
      inboxEventId: 'evt_1',
      notifications: [
        { id: n, merchantId: 'mer_1', paymentRequestId: 'pr_1', type: 't', body: '{}', createdAt: T0 },
      ],
    });
    const results = await Promise.all([
      a().commit(change('ntf_a'), at(1)),
      b().commit(change('ntf_b'), at(1)),
    ]);
    expect(results.sort()).toEqual(['applied', 'duplicate']);
    expect((await a().outbox.list('mer_1', { limit: 10 })).data).toHaveLength(1);
  });

  it('changes a payment request once when two stores commit from the same version', async () => {
    const change = (status: 'paid' | 'canceled') => ({
      paymentRequest: { id: 'pr_1', expectedVersion: 0, patch: { status } },
      notifications: [
        {
          id: `ntf_${status}`,
          merchantId: 'mer_1',
          paymentRequestId: 'pr_1',
          type: status,
          body: '{}',
          createdAt: T0,
        },
      ],
    });
    const results = await Promise.all([
      a().commit(change('paid'), at(1)),
      b().commit(change('canceled'), at(1)),
    ]);
    expect(results.sort()).toEqual(['applied', 'conflict']);
    const pr = await a().paymentRequests.get('pr_1');
    expect(pr?.version).toBe(1);
    // The notification that went with the losing change was rolled back with it.
    expect((await a().outbox.list('mer_1', { limit: 10 })).data.map((n) => n.type)).toEqual([pr?.status]);
  });

  it('keeps the newest event of a dispute whatever order two stores commit them in', async () => {
    const dispute = (created: number) => ({
      id: 'dp_1',
      paymentRequestId: 'pr_1',
      chargeId: 'ch_1',
      status: `status_${created}`,
      reason: 'fraudulent',
      amount: 100,
      currency: 'eur',
      dueBy: null,
      updatedAt: at(created),
      event: { created, rank: 0, eventId: `evt_${created}` },
    });
    const order = [7, 3, 19, 1, 12, 20, 5, 16, 9, 2, 14, 11, 18, 4, 8, 13, 6, 17, 10, 15];
    await Promise.all(
      order.map((created, i) => (i % 2 ? b() : a()).commit({ dispute: dispute(created) }, at(created))),
    );
    expect(await a().mirror.dispute('dp_1')).toMatchObject({ status: 'status_20', event: { created: 20 } });
  });

  it('writes the same Stripe objects from two stores at once without a deadlock, whatever order each change lists them in', async () => {
    const record = (objectId: string, created: number) => ({
      objectId,
      objectType: 'radar.early_fraud_warning',
      paymentRequestId: 'pr_1',
      data: { created },
      event: { created, rank: 0, eventId: `evt_${created}` },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? b() : a()).commit(
          {
            records:
              i % 2
                ? [record('issfr_x', i), record('issfr_y', i)]
                : [record('issfr_y', i), record('issfr_x', i)],
          },
          at(i),
        ),
      ),
    );
    expect(results.every((r) => r === 'applied')).toBe(true);
    expect(await a().mirror.record('issfr_x')).toMatchObject({ data: { created: 19 } });
    expect(await a().mirror.record('issfr_y')).toMatchObject({ data: { created: 19 } });
  });

  it('begins an idempotency key, or takes over a stale one, for exactly one of two stores', async () => {
    const first = await Promise.all([
      a().idempotency.begin('mer_1', 'k1', 'fp', T0),
      b().idempotency.begin('mer_1', 'k1', 'fp', T0),
    ]);
    expect(first.map((r) => r.state).sort()).toEqual(['in-progress', 'new']);
    const takeover = await Promise.all([
      a().idempotency.begin('mer_1', 'k1', 'fp', at(60)),
      b().idempotency.begin('mer_1', 'k1', 'fp', at(60)),
    ]);
    expect(takeover.map((r) => r.state).sort()).toEqual(['in-progress', 'new']);
  });

  it('links one PaymentIntent when two stores link different ones at once', async () => {
    const links = await Promise.all([
      a().paymentRequests.linkIntent('pr_1', 'pi_a', at(1)),
      b().paymentRequests.linkIntent('pr_1', 'pi_b', at(1)),
    ]);
    expect(links[0]).toBe(links[1]);
    expect((await a().paymentRequests.get('pr_1'))?.paymentIntentId).toBe(links[0]);
  });
});

describe('opening PostgreSQL', () => {
  it('says which server it could not reach, never its password', async () => {
    const url = new URL(inject('postgresAdminUrl'));
    url.port = String(await closedPort());
    url.password = 'sekret-password';
    const opening = openPgStore({ url: url.toString(), sealer });
    await expect(opening).rejects.toThrow(
      `PostgreSQL at 127.0.0.1:${url.port}${url.pathname} could not be opened`,
    );
    await expect(opening).rejects.not.toThrow(/sekret/);
  });
});

/** A port nothing listens on (it was free a moment ago and is closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
