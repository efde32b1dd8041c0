/**
 * Leases of claimed queue rows for the SQLite adapter. SQLite serves one instance (the command-line tools never
 * claim), so a lease only has to keep this process's own claims apart: it is held here, in memory, and costs no
 * write. A process that dies takes its leases with it, so after a restart its rows are due at once, as they
 * were before leases; a PostgreSQL adapter, shared by several instances, keeps them in the rows instead
 * (`lease_until`, claimed with `FOR UPDATE SKIP LOCKED`) and a lease that runs out is taken over.
 */
export class Leases {
  readonly #until = new Map<string, number>();

  /**
   * Claims up to `limit` due rows for `leaseMs` from `now`: `read(extra)` reads the due rows in queue order,
   * `extra` more than asked so that rows still leased can be passed over. Synchronous from the read to the
   * last lease, so no other claim can take the same row.
   */
  claim<R>(
    read: (extra: number) => R[],
    keyOf: (row: R) => string,
    limit: number,
    leaseMs: number,
    now: string,
  ): R[] {
    const at = Date.parse(now);
    for (const [key, until] of this.#until) if (until <= at) this.#until.delete(key);
    const free = read(this.#until.size)
      .filter((row) => !this.#until.has(keyOf(row)))
      .slice(0, limit);
    for (const row of free) this.#until.set(keyOf(row), at + leaseMs);
    return free;
  }

  /** Ends a row's lease (completed, failed, given back). */
  release(key: string): void {
    this.#until.delete(key);
  }
}

/** The leases of the three queues of one store. */
export class QueueLeases {
  readonly inbox = new Leases();
  readonly notifications = new Leases();
  readonly casework = new Leases();
}
