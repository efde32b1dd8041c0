import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Sealer } from './crypto.ts';
import type { GroupCommit } from './group-commit.ts';
import type { QueueLeases } from './sqlite-leases.ts';
import { inTransaction, statement } from './sqlite.ts';
import type { ColumnValue } from './records/cells.ts';

export { textKey } from './text-key.ts';

export type Row = Record<string, SQLInputValue>;

/**
 * Where the SQLite repositories' statements run. Outside a transaction (`store.disputes…`) each write goes into
 * the next group commit (`group-commit.ts`) and reads run at once. Inside one (`store.transaction(async (tx) =>
 * tx.disputes…)`) every statement runs at once on the connection, inside the transaction's savepoint, and the
 * promise the repository method gives is already settled; once the transaction ended, using its scope throws.
 */
export class SqliteScope {
  readonly db: DatabaseSync;
  readonly sealer: Sealer;
  readonly #writes: GroupCommit;
  readonly #inTransaction: boolean;
  /** The store's leases of claimed queue rows (`sqlite-leases.ts`). */
  readonly leases: QueueLeases;
  #open = true;

  constructor(
    db: DatabaseSync,
    sealer: Sealer,
    writes: GroupCommit,
    inTransaction: boolean,
    leases: QueueLeases,
  ) {
    this.db = db;
    this.sealer = sealer;
    this.#writes = writes;
    this.#inTransaction = inTransaction;
    this.leases = leases;
  }

  /** Whether statements run inside a transaction (`store.transaction`'s `tx`). */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  /** Ends a transaction's scope: its repositories refuse every later call. */
  close(): void {
    this.#open = false;
  }

  #check(): void {
    if (!this.#open)
      throw new Error('this store transaction has ended; its repositories can no longer be used');
  }

  one(sql: string, ...params: SQLInputValue[]): Row | undefined {
    this.#check();
    return statement(this.db, sql).get(...params) as Row | undefined;
  }
  all(sql: string, ...params: SQLInputValue[]): Row[] {
    this.#check();
    return statement(this.db, sql).all(...params) as Row[];
  }
  /** Runs one statement now; the number of rows it changed. Only inside `write`. */
  run(sql: string, ...params: SQLInputValue[]): number {
    this.#check();
    return Number(statement(this.db, sql).run(...params).changes);
  }

  /**
   * Runs `fn` (synchronous) atomically: at once in a savepoint of the open transaction, or in the next group
   * commit (settling once that is on disk; `durable: false` as in `GroupCommit.write`).
   */
  write<T>(fn: () => T, options?: { durable?: boolean }): Promise<T> {
    if (!this.#inTransaction) return this.#writes.write(fn, options);
    try {
      this.#check();
      return Promise.resolve(inTransaction(this.db, fn));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** Values from the records (`records/`) as SQLite binds them: it has no boolean, so flags become 0/1. */
export const sqliteValues = (values: readonly ColumnValue[]): SQLInputValue[] =>
  values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
