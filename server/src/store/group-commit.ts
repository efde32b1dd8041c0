import type { DatabaseSync } from 'node:sqlite';

interface PendingWrite {
  run: () => unknown;
  durable: boolean;
  /** Called once the write's savepoint is released or rolled back (a transaction scope closes there). */
  onEnd: (() => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The most writes one commit carries, so a burst cannot hold the event loop for long. */
const MAX_BATCH = 256;

/**
 * Group commit for one SQLite connection. With `synchronous = FULL` every COMMIT waits for the disk, and
 * `node:sqlite` waits on the event loop's thread, so committing each webhook event or state change on its own
 * capped the whole server at the disk's flush rate. Instead, the writes asked for while the event loop is busy
 * run together at the next turn inside one `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint: one write
 * that throws is rolled back alone and rejects alone, the others still commit. Every promise settles only
 * after the COMMIT returned, so "acknowledged" still means "on disk".
 *
 * A write function is synchronous (it may itself use `inTransaction`, which nests as a savepoint), or async
 * for `store.transaction`: then the group waits for it inside its savepoint, and the function must settle
 * within the same turn of the event loop, awaiting only its own statements (which run synchronously and give
 * settled promises). One that awaits anything else (a network call, a timer, another queued write) is rolled
 * back and rejected when the next turn begins, so a transaction is never held open across I/O and no other
 * write can interleave into it: other writes wait in the queue for the next group. See `store/README.md`.
 */
export class GroupCommit {
  readonly #db: DatabaseSync;
  #queue: PendingWrite[] = [];
  #scheduled = false;
  /** A group is open and waiting for an async write's statements: the next one starts after it. */
  #busy = false;
  /** Commits made, writes carried and commits of only relaxed writes, for `/metrics` and the tests. */
  readonly stats = { commits: 0, writes: 0, relaxedCommits: 0 };

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Runs `fn` in the next group transaction; settles with its result once that transaction is on disk.
   *
   * `durable: false` is for writes that may be lost to a power cut (never to a crash of the process) because
   * nothing depends on them surviving one: alone in a group they commit without waiting for the disk
   * (`synchronous = NORMAL`, which keeps the file consistent), and the next durable commit flushes them too,
   * since the WAL is written in order.
   */
  write<T>(fn: () => T | Promise<T>, options: { durable?: boolean; onEnd?: () => void } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        run: fn,
        durable: options.durable ?? true,
        onEnd: options.onEnd,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate, not a microtask: requests whose bytes arrived in the same poll phase join this group.
        setImmediate(() => void this.#flush());
      }
    });
  }

  /**
   * Commits what is queued now (before the connection closes); later turns find nothing left to do. Synchronous
   * writes commit before this returns; a group waiting for an async transaction finishes on its own.
   */
  flushNow(): void {
    while (this.#queue.length > 0 && !this.#busy) void this.#flush();
  }

  /** Runs synchronously to the end unless a write of the group is async (see the class doc). */
  async #flush(): Promise<void> {
    // Rescheduled when the open group ends (below).
    if (this.#busy) {
      this.#scheduled = false;
      return;
    }
    const batch = this.#queue.splice(0, MAX_BATCH);
    this.#scheduled = this.#queue.length > 0;
    if (this.#scheduled) setImmediate(() => void this.#flush());
    if (batch.length === 0) return;
    // Only a group of nothing but relaxed writes commits without waiting for the disk.
    const relaxed = !batch.some((write) => write.durable);
    let outcomes: Outcome[];
    try {
      outcomes = await this.#runGroup(batch, relaxed);
    } catch (error) {
      // Nothing of the group was kept.
      for (const write of batch) write.reject(error);
      return;
    } finally {
      if (this.#queue.length > 0 && !this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    }
    this.stats.commits++;
    this.stats.writes += batch.length;
    if (relaxed) this.stats.relaxedCommits++;
    batch.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) write.resolve(outcome.value);
      else write.reject(outcome?.error);
    });
  }

  /** Runs the group in one transaction and commits it; throws, with nothing kept, when it cannot. */
  async #runGroup(batch: PendingWrite[], relaxed: boolean): Promise<Outcome[]> {
    if (this.#db.isTransaction) {
      // Only a bug could leave a transaction open between turns; committing into it would make these writes
      // depend on someone else's COMMIT. Refuse them rather than acknowledge writes that are not durable.
      throw new Error('group commit found a transaction left open on the connection');
    }
    // The connection goes straight back to FULL (as `sqlite.ts` opens it) for every other write, grouped or not.
    if (relaxed) this.#db.exec('PRAGMA synchronous = NORMAL');
    try {
      return await this.#commitGroup(batch);
    } finally {
      if (relaxed) this.#db.exec('PRAGMA synchronous = FULL');
    }
  }

  async #commitGroup(batch: PendingWrite[]): Promise<Outcome[]> {
    this.#db.exec('BEGIN IMMEDIATE');
    const outcomes: Outcome[] = [];
    try {
      for (const write of batch) {
        this.#db.exec('SAVEPOINT group_write');
        try {
          let value = write.run();
          if (value instanceof Promise) {
            this.#busy = true;
            try {
              value = await withinTurn(value);
            } finally {
              this.#busy = false;
            }
          }
          write.onEnd?.();
          this.#db.exec('RELEASE group_write');
          outcomes.push({ ok: true, value });
        } catch (error) {
          write.onEnd?.();
          // SQLite rolls the whole transaction back by itself on some errors (SQLITE_FULL, I/O errors); running
          // the rest then would commit each on its own, so the group ends here, refused as a whole.
          if (!this.#db.isTransaction) throw error;
          this.#db.exec('ROLLBACK TO group_write');
          this.#db.exec('RELEASE group_write');
          outcomes.push({ ok: false, error });
        }
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
    return outcomes;
  }
}

/** Thrown into an async write that was still waiting when the next turn of the event loop began. */
export class TransactionAwaitedOutside extends Error {
  override name = 'TransactionAwaitedOutside';
  constructor() {
    super('a store transaction awaited something other than its own statements (it was rolled back)');
  }
}

/** `value`, or a `TransactionAwaitedOutside` rejection when it has not settled by the next turn. */
function withinTurn<T>(value: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setImmediate(() => reject(new TransactionAwaitedOutside()));
    value.then(
      (v) => {
        clearImmediate(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearImmediate(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
