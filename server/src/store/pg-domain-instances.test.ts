import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDatabaseAt } from '../../test/postgres.ts';
import { at, disputeCase, merchant, paymentRequest, T0 } from './contract/fixtures.ts';
import { createSealer } from './crypto.ts';
import { openPgStore, type PgStore } from './pg-store.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 5) });

/**
 * The domain repositories as two instances use them at once: two stores, each with its own pool, on one
 * database. Every race here is started by the test (all writes fired together); what is asserted holds for
 * every interleaving.
 */
describe('dispute cases, casework and carrier accounts shared by several instances (PostgreSQL)', () => {
  let a: PgStore;
  let b: PgStore;
  beforeEach(async () => {
    const url = await createDatabaseAt(inject('postgresAdminUrl'));
    a = await openPgStore({ url, sealer, poolSize: 4, applicationName: 'instance-a' });
    b = await openPgStore({ url, sealer, poolSize: 4, applicationName: 'instance-b' });
    await a.merchants.insert(merchant('mer_1'));
    await a.paymentRequests.insert(paymentRequest('pr_1', 'mer_1'));
  });
  afterEach(async () => {
    await Promise.all([a.ended(), b.ended()]);
  });

  it('hands each casework item to one claim only while instances claim at once, and a dead holder’s after its lease', async () => {
    for (let i = 0; i < 60; i++)
      await a.casework.enqueue({ eventId: `evt_${i}`, type: 't', object: { i }, created: i }, T0);
    const claimed: string[] = [];
    const drain = async (store: PgStore) => {
      for (;;) {
        const jobs = await store.casework.claimNext(4, 60_000, T0);
        if (jobs.length === 0) return;
        claimed.push(...jobs.map((j) => j.eventId));
      }
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
    // Say the instance holding evt_0 died with it: another gets it once the lease ran out, not before.
    expect(await b.casework.claimNext(10, 60_000, at(59))).toEqual([]);
    const taken = await b.casework.claimNext(1, 60_000, at(60));
    expect(taken.map((j) => [j.eventId, j.object])).toEqual([['evt_0', { i: 0 }]]);
    await b.casework.complete('evt_0', at(61));
    expect((await a.casework.claimNext(100, 60_000, at(200))).map((j) => j.eventId)).not.toContain('evt_0');
  });

  it('leaves a dispute case as its newest event said, and announces its outcome once, whatever the order', async () => {
    await a.disputes.openCase(disputeCase('dp_1', 'mer_1', 'pr_1'), T0);
    // Events 101…140 (newer than the opening's 100): every fifth closes the case, the newest (140) as `lost`.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const created = 101 + i;
        const status = created === 140 ? 'lost' : created % 5 === 0 ? 'won' : 'under_review';
        const store = i % 2 === 0 ? a : b;
        return store.disputes.applyStripeState(
          'dp_1',
          { status, dueBy: null, amount: created },
          { created, rank: 0, eventId: `evt_${created}` },
          at(i),
        );
      }),
    );
    expect(results.filter((r) => r.closed)).toHaveLength(1);
    expect(await b.disputes.getCase('dp_1')).toMatchObject({
      status: 'lost',
      outcome: 'lost',
      amount: 140,
      response: 'closed',
      lastEvent: { created: 140, rank: 0, eventId: 'evt_140' },
    });
  });

  it('leaves a carrier account as its newest event said, whatever the order', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const created = 1 + i;
        const store = i % 2 === 0 ? a : b;
        return store.connect.saveAccount(
          {
            accountId: 'acct_1',
            chargesEnabled: created === 40,
            payoutsEnabled: false,
            detailsSubmitted: false,
            disabledReason: created === 40 ? null : `reason_${created}`,
          },
          { created, rank: 0, eventId: `evt_${created}` },
          'mer_1',
          at(i),
        );
      }),
    );
    // The newest always applies (nothing is newer), whenever it lands.
    expect(results[39]).toBe(true);
    expect(await a.connect.getAccount('acct_1')).toEqual({
      accountId: 'acct_1',
      merchantId: 'mer_1',
      chargesEnabled: true,
      payoutsEnabled: false,
      detailsSubmitted: false,
      disabledReason: null,
      updatedAt: at(39),
    });
  });
});
