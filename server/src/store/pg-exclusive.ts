import type { Pool, PoolClient } from 'pg';
import type { ExclusiveOptions, ExclusiveRun } from './ports/exclusive.ts';

/** `Store.exclusive` on PostgreSQL, and the release of the jobs it holds (called by the store's `close`). */
export interface PgExclusive {
  exclusive<T>(job: string, fn: () => Promise<T>, options?: ExclusiveOptions): Promise<ExclusiveRun<T>>;
  /** Unlocks every held job and gives its connection back, so another instance takes the job over at once. */
  close(): Promise<void>;
}

/** The advisory lock key of a job: a 64-bit hash of its name, in a namespace of CargoPay's own. */
const LOCK_KEY = "hashtextextended('cargopay:job:' || $1, 0)";

/**
 * Jobs run once cluster-wide through session advisory locks: `pg_try_advisory_lock` on a connection taken
 * from `pool` for the run (never waiting: an instance that finds the job taken skips its turn), held while
 * `fn` runs, then `pg_advisory_unlock` and the connection goes back. The lock belongs to the connection's
 * session, so when the holder crashes or its connection is cut, PostgreSQL ends the session and frees the lock
 * for the next instance's turn. A job run with `hold` keeps its connection and lock after `fn`: each later
 * call first checks that connection still answers (if it does, its session and so the lock are alive), and
 * runs `fn` on its own; a held job costs one pooled connection for as long as it is held.
 */
export function pgExclusive(pool: Pool): PgExclusive {
  const held = new Map<string, PoolClient>();
  const running = new Set<string>();
  // A checked-out connection has no error listener of the pool's: without one a dropped connection would
  // throw from the EventEmitter. Its next query fails instead, which is what the code below acts on.
  const ignore = () => undefined;

  /** Back to the pool, or, after an error (`broken`), closed: a connection in an unknown state is not reused. */
  const giveBack = (client: PoolClient, broken?: unknown) => {
    client.off('error', ignore);
    client.release(broken !== undefined);
  };

  async function lock(job: string): Promise<PoolClient | null> {
    const client = await pool.connect();
    client.on('error', ignore);
    try {
      const row = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`,
        [job],
      );
      if (row.rows[0]?.locked) return client;
      giveBack(client);
      return null;
    } catch (error) {
      giveBack(client, error);
      throw error;
    }
  }

  async function unlock(job: string, client: PoolClient): Promise<void> {
    try {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [job]);
      giveBack(client);
    } catch (error) {
      // Destroyed rather than pooled: ending its session frees the lock all the same.
      giveBack(client, error);
    }
  }

  /** The held connection of `job` when its session is still alive; a dead one is dropped. */
  async function stillHeld(job: string): Promise<PoolClient | null> {
    const client = held.get(job);
    if (!client) return null;
    try {
      await client.query('SELECT 1');
      return client;
    } catch (error) {
      held.delete(job);
      giveBack(client, error);
      return null;
    }
  }

  return {
    async exclusive<T>(job: string, fn: () => Promise<T>, options: ExclusiveOptions = {}) {
      if (running.has(job)) return { ran: false };
      running.add(job);
      try {
        const client = (await stillHeld(job)) ?? (await lock(job));
        if (!client) return { ran: false };
        const keep = options.hold === true;
        if (keep) held.set(job, client);
        try {
          return { ran: true, value: await fn() };
        } finally {
          if (!keep) {
            held.delete(job);
            await unlock(job, client);
          }
        }
      } finally {
        running.delete(job);
      }
    },
    async close() {
      const jobs = [...held];
      held.clear();
      await Promise.all(jobs.map(([job, client]) => unlock(job, client)));
    },
  };
}
