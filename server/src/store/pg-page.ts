import type { PgRow, PgScope } from './pg-scope.ts';
import type { Page } from './types.ts';

/**
 * One page of a merchant's rows, newest first, keyset-paged on `(created_at, id)` (both `COLLATE "C"`, so in
 * SQLite's order): a `startingAfter` that is not one of the merchant's rows gives an empty page. `filters` are
 * clauses with `?` for their one value each, numbered here.
 */
export async function merchantPage<T>(
  scope: PgScope,
  table: 'payment_requests' | 'notifications',
  merchantId: string,
  filters: [string, unknown][],
  q: { limit: number; startingAfter?: string },
  map: (row: PgRow) => T,
): Promise<Page<T>> {
  const params: unknown[] = [merchantId];
  const where = ['merchant_id = $1'];
  for (const [clause, value] of filters) {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  }
  if (q.startingAfter) {
    params.push(q.startingAfter);
    // The cursor is read in the same statement: no row, no match, an empty page.
    where.push(
      `(created_at, id) < (SELECT c.created_at, c.id FROM ${table} c WHERE c.id = $${params.length} AND c.merchant_id = $1)`,
    );
  }
  params.push(q.limit + 1);
  const rows = await scope.all(
    `SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return { data: rows.slice(0, q.limit).map(map), hasMore: rows.length > q.limit };
}
