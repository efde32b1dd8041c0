import type { Pool, PoolClient } from 'pg';
import type { Sealer } from './crypto.ts';

const BEGIN = 'BEGIN ISOLATION LEVEL READ COMMITTED';
const BEGIN_RELAXED = `${BEGIN}; SET LOCAL synchronous_commit = off`;

/** A row as `pg` gives it: column name to value (BIGINT and NUMERIC parsed as numbers, see `pg-pool.ts`). */
export type PgRow = Record<string, unknown>;

/**
 * Where the PostgreSQL repositories' statements run. Outside a transaction a scope stands for the pool: each
 * statement runs on whichever connection is free and commits on its own, and `write` takes one connection for a
 * transaction. Inside one (`store.transaction(async (tx) => tx.disputes…)`, or within `write`) every statement
 * runs on that transaction's connection, and a nested `write` is a savepoint, so a failure inside it undoes it
 * alone. Once the transaction ended, using its scope throws.
 */
export class PgScope {
  readonly sealer: Sealer;
  readonly #pool: Pool;
  readonly #client: PoolClient | null;
  #open = true;
  #savepoints = 0;

  constructor(pool: Pool, sealer: Sealer, client: PoolClient | null = null) {
    this.#pool = pool;
    this.sealer = sealer;
    this.#client = client;
  }

  /** Whether statements run inside one transaction (on one connection). */
  get inTransaction(): boolean {
    return this.#client !== null;
  }

  #target(): Pool | PoolClient {
    if (!this.#open)
      throw new Error('this store transaction has ended; its repositories can no longer be used');
    return this.#client ?? this.#pool;
  }

  async all(sql: string, params: unknown[] = []): Promise<PgRow[]> {
    // PostgreSQL's text cannot hold NUL and refuses it as a parameter, where SQLite looks it up and finds
    // nothing. Nothing stored holds one (input text is refused with it, `http/text-guard.ts`), so a lookup
    // by a value holding one finds nothing here too, instead of failing the request.
    if (params.some((p) => typeof p === 'string' && p.includes('\u0000'))) return [];
    return (await this.#target().query<PgRow>(sql, params)).rows;
  }
  async one(sql: string, params: unknown[] = []): Promise<PgRow | undefined> {
    return (await this.all(sql, params))[0];
  }
  /** Runs one statement; the number of rows it changed. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.#target().query(sql, params)).rowCount ?? 0;
  }

  /**
   * Runs `fn` atomically: in a savepoint of this scope's transaction, or in a transaction of its own on one
   * pooled connection. `durable: false` commits without waiting for the WAL flush (`synchronous_commit = off`
   * for this transaction alone), the counterpart of the SQLite adapter's relaxed writes: a crash may lose the
   * last such commits, never corrupt or half-apply them.
   */
  async write<T>(fn: (scope: PgScope) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    const client = this.#client;
    if (client) {
      this.#target();
      const name = `sp_${++this.#savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(this);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        throw error;
      }
    }
    this.#target();
    const connection = await this.#pool.connect();
    // A connection that breaks while checked out (PostgreSQL restarted mid-transaction) fails the statement in
    // flight, which rejects this write; without a listener its 'error' event would also end the process.
    const ignore = () => undefined;
    connection.on('error', ignore);
    const scope = new PgScope(this.#pool, this.sealer, connection);
    let broken: unknown = undefined;
    try {
      // Stated rather than inherited: the velocity locks and forward-only upserts are written for READ
      // COMMITTED (each statement sees what committed before it), whatever default an operator configured. A
      // relaxed write's SET LOCAL goes in the same call (one round trip): a query without parameters is sent as
      // a simple Query message, which may hold several statements, and the transaction its BEGIN opens stays
      // open after it.
      await connection.query(options.durable === false ? BEGIN_RELAXED : BEGIN);
      const result = await fn(scope);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      // A connection whose ROLLBACK fails is in an unknown state: it leaves the pool instead of going back.
      await connection.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    } finally {
      scope.#open = false;
      connection.off('error', ignore);
      connection.release(broken instanceof Error ? broken : undefined);
    }
  }
}

/** An ISO instant `ms` after `now` (ISO): when a lease taken at `now` runs out. */
export const isoAfter = (now: string, ms: number): string => new Date(Date.parse(now) + ms).toISOString();
