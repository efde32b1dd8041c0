/**
 * What a store error means for the request that met it, whichever adapter raised it:
 * - `full`: the disk (or SQLite's page limit) had no room; the write was rolled back, nothing was saved;
 * - `unavailable`: the database could not be reached or refused work for now (PostgreSQL down, restarting,
 *   out of connections, a read-only standby after a failover, the pool's wait for a connection ran out).
 * Both are the operator's to fix and the same request can be sent again later; anything else is `null`.
 */
export type StoreFailure = 'full' | 'unavailable';

/** PostgreSQL SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const PG_FULL = new Set(['53100']); // disk_full
const PG_UNAVAILABLE = new Set([
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '25006', // read_only_sql_transaction (a standby after a failover)
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export function storeFailure(error: unknown): StoreFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { errcode?: unknown; code?: unknown; message?: unknown };
  // SQLite's SQLITE_FULL.
  if (e.errcode === 13) return 'full';
  const code = typeof e.code === 'string' ? e.code : '';
  if (PG_FULL.has(code)) return 'full';
  // Class 08: connection exceptions.
  if (PG_UNAVAILABLE.has(code) || code.startsWith('08') || NETWORK.has(code)) return 'unavailable';
  // node-postgres's own errors carry no code: a pool that waited too long, a connection that dropped.
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /^(timeout exceeded when trying to connect|Connection terminated)/.test(message) ||
    message === 'Client has encountered a connection error and is not queryable'
  )
    return 'unavailable';
  return null;
}
