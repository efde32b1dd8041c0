import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import pg from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { openPgStore, type PgStore } from './pg-store.ts';
import type { AttemptKey } from './ports/risk.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 5) });
type Key = { column: AttemptKey; value: string };
const IP: Key = { column: 'ip_hash', value: 'ip_shared' };
const DEVICE: Key = { column: 'device_hash', value: 'dev_shared' };

/** An advisory lock a session holds or waits for, as its lock number (`pg_advisory_xact_lock`'s bigint). */
const LOCKS_OF = `SELECT ((l.classid::bigint << 32) | l.objid::bigint)::text AS lock, l.granted
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND a.application_name = $1`;

/**
 * Attempts sharing several velocity keys lock them one statement at a time on PostgreSQL; that they cannot
 * deadlock rests on every transaction taking them in one order whatever order they were asked in, which is
 * what is checked here, as PostgreSQL reports it in `pg_locks` while a transaction waits.
 */
describe('velocity key locks on PostgreSQL', () => {
  let url: string;
  let holder: PgStore;
  let waiter: PgStore;
  let observer: pg.Client;
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    holder = await openPgStore({ url, sealer, poolSize: 2, applicationName: 'holder' });
    waiter = await openPgStore({ url, sealer, poolSize: 2, applicationName: 'waiter' });
    observer = new pg.Client({ connectionString: url });
    await observer.connect();
  });
  afterEach(async () => {
    await observer.end();
    await Promise.all([holder.ended(), waiter.ended()]);
  });

  /**
   * While `held` is locked by another transaction, locks `asked` (in that order) and reports what the waiting
   * transaction holds and awaits at that moment.
   */
  async function whileHeld(held: Key, asked: Key[]): Promise<{ granted: bigint[]; awaited: bigint }> {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = () => {};
    const locked = new Promise<void>((resolve) => (holding = resolve));
    const holderDone = holder.transaction(async (tx) => {
      await tx.risk.lockAttemptCounts([held]);
      holding();
      await gate;
    });
    await locked;
    const waiterDone = waiter.transaction((tx) => tx.risk.lockAttemptCounts(asked));
    const seen = await vi.waitFor(
      async () => {
        const rows = (await observer.query<{ lock: string; granted: boolean }>(LOCKS_OF, ['waiter'])).rows;
        const awaited = rows.find((r) => !r.granted);
        if (!awaited) throw new Error('the waiting transaction is not waiting yet');
        return {
          granted: rows.filter((r) => r.granted).map((r) => BigInt(r.lock)),
          awaited: BigInt(awaited.lock),
        };
      },
      { timeout: 10_000, interval: 20 },
    );
    release();
    await Promise.all([holderDone, waiterDone]);
    return seen;
  }

  it('takes several keys’ locks in one order, by lock number, whatever order they are asked in', async () => {
    const heldIp = await whileHeld(IP, [IP, DEVICE]);
    expect(await whileHeld(IP, [DEVICE, IP])).toEqual(heldIp);
    const heldDevice = await whileHeld(DEVICE, [IP, DEVICE]);
    expect(await whileHeld(DEVICE, [DEVICE, IP])).toEqual(heldDevice);
    // The key with the lower lock number is taken first: held by another, nothing else is taken before it;
    // the higher held by another, the lower is already taken while waiting for it.
    const [first, second] = [heldIp, heldDevice].sort((x, y) => x.granted.length - y.granted.length);
    expect(first?.granted).toEqual([]);
    expect(second?.granted).toHaveLength(1);
    expect(second?.granted[0]).toBe(first?.awaited);
    expect((second?.granted[0] ?? 0n) < (second?.awaited ?? 0n)).toBe(true);
  });
});
