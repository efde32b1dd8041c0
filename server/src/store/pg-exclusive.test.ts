import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Pool } from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { pgExclusive, type PgExclusive } from './pg-exclusive.ts';
import { createPool } from './pg-pool.ts';

/** A promise and the function that settles it: a job body that runs until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('jobs run once cluster-wide under a PostgreSQL advisory lock', () => {
  let url: string;
  let pools: Pool[];
  let locks: PgExclusive[];
  beforeEach(async () => {
    url = await createDatabaseAt(inject('postgresAdminUrl'));
    pools = [];
    locks = [];
  });
  afterEach(async () => {
    await Promise.all(locks.map((l) => l.close()));
    await Promise.all(pools.map((p) => p.end()));
  });
  /** One "instance": its own pool and its own job locks. */
  function instance(): PgExclusive {
    const pool = createPool(url, { max: 3 });
    pools.push(pool);
    const l = pgExclusive(pool);
    locks.push(l);
    return l;
  }
  const admin = () => {
    const pool = createPool(url, { max: 1 });
    pools.push(pool);
    return pool;
  };
  /** The backend holding an advisory lock (there is one at a time in these tests), or null. */
  async function holder(pool: Pool): Promise<number | null> {
    const r = await pool.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted",
    );
    return r.rows[0]?.pid ?? null;
  }

  it('while one instance runs a job, the other skips it; another job is not blocked; after the release the other runs it', async () => {
    const [a, b] = [instance(), instance()];
    const g = gate();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = a.exclusive('sweep', async () => {
      started();
      await g.promise;
      return 'a';
    });
    await running;
    expect(await b.exclusive('sweep', () => Promise.resolve('b'))).toEqual({ ran: false });
    expect(await a.exclusive('sweep', () => Promise.resolve('a again'))).toEqual({ ran: false });
    expect(await b.exclusive('expiry', () => Promise.resolve('b'))).toEqual({ ran: true, value: 'b' });
    g.open();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await b.exclusive('sweep', () => Promise.resolve('b'))).toEqual({ ran: true, value: 'b' });
    expect(await holder(admin())).toBeNull();
  });

  it('of many instances trying at once, exactly one runs the job', async () => {
    const instances = Array.from({ length: 6 }, () => instance());
    const g = gate();
    const runs = instances.map((l, i) =>
      l.exclusive('cleanup', async () => {
        await g.promise;
        return i;
      }),
    );
    // Every instance but the runner answers while the runner is still inside the job.
    let settled = 0;
    let othersDone!: () => void;
    const others = new Promise<void>((resolve) => (othersDone = resolve));
    for (const r of runs) void r.then(() => ++settled === instances.length - 1 && othersDone());
    await others;
    g.open();
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
  });

  it('a job whose body throws is released, and the error reaches the caller', async () => {
    const [a, b] = [instance(), instance()];
    await expect(a.exclusive('sweep', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await b.exclusive('sweep', () => Promise.resolve(1))).toEqual({ ran: true, value: 1 });
  });

  it("the holder's connection dying frees the job for another instance", async () => {
    const [a, b] = [instance(), instance()];
    const g = gate();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = a.exclusive('monitoring', async () => {
      started();
      await g.promise;
      return 'a';
    });
    await running;
    expect(await b.exclusive('monitoring', () => Promise.resolve('b'))).toEqual({ ran: false });
    // As when the holder's machine is lost: PostgreSQL ends its session.
    const db = admin();
    const pid = await holder(db);
    expect(pid).not.toBeNull();
    // Waits (up to 5 s) until the session has ended.
    await db.query('SELECT pg_terminate_backend($1, 5000)', [pid]);
    expect(await b.exclusive('monitoring', () => Promise.resolve('b'))).toEqual({ ran: true, value: 'b' });
    g.open();
    // The dead holder's body still finishes; its unlock fails quietly (the session is gone).
    expect(await first).toEqual({ ran: true, value: 'a' });
  });

  it('a held job stays with its instance until it closes, or until its connection dies', async () => {
    const [a, b, c] = [instance(), instance(), instance()];
    const hold = { hold: true };
    expect(await a.exclusive('monitoring', () => Promise.resolve(1), hold)).toEqual({ ran: true, value: 1 });
    expect(await b.exclusive('monitoring', () => Promise.resolve(2), hold)).toEqual({ ran: false });
    expect(await a.exclusive('monitoring', () => Promise.resolve(3), hold)).toEqual({ ran: true, value: 3 });

    const db = admin();
    await db.query('SELECT pg_terminate_backend($1, 5000)', [await holder(db)]);
    expect(await b.exclusive('monitoring', () => Promise.resolve(4), hold)).toEqual({ ran: true, value: 4 });
    // `a` finds its connection dead, tries the lock again, and finds it taken.
    expect(await a.exclusive('monitoring', () => Promise.resolve(5), hold)).toEqual({ ran: false });

    await b.close();
    expect(await c.exclusive('monitoring', () => Promise.resolve(6), hold)).toEqual({ ran: true, value: 6 });
    expect(await a.exclusive('monitoring', () => Promise.resolve(7), hold)).toEqual({ ran: false });
  });
});
