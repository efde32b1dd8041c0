import pg from 'pg';

/**
 * A connection pool to `url`. BIGINT columns (amounts, Stripe's `created`) come back as numbers: every value
 * CargoPay stores in one is far below 2^53, and the repositories compare and add them as numbers.
 * `application_name` names the instance in `pg_stat_activity`, so an operator sees which process holds what.
 */
export function createPool(
  url: string,
  options: { max?: number; applicationName?: string; connectionTimeoutMs?: number } = {},
): pg.Pool {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'cargopay',
    // A request waits at most this long for a free connection, then fails as `store-unavailable` (503) instead
    // of hanging; a connection attempt to an unreachable server gives up as soon.
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    types,
  });
}
