import type { PgRow, PgScope } from './pg-scope.ts';
import type { Page } from './types.ts';

type PagedTable = 'payment_requests' | 'notifications';

/**
 * The statement for one page of a merchant's rows, newest first: `$1` the merchant, then one parameter per
 * filter clause (each written with one `?`), then the cursor's id when there is one, then the limit. Keyset-paged
 * on `(created_at, id)` (both `COLLATE "C"`, so in SQLite's order), served by the table's `…_by_merchant` index
 * (`pg-plans.test.ts`).
 */
export function merchantPageSql(table: PagedTable, filterClauses: string[], cursor: boolean): string {
  let n = 1;
  const where = ['merchant_id = $1', ...filterClauses.map((clause) => clause.replace('?', `$${++n}`))];
  // The cursor row is read in the same statement: no such row of this merchant, no match, an empty page.
  if (cursor) {
    where.push(
      `(created_at, id) < (SELECT c.created_at, c.id FROM ${table} c WHERE c.id = $${++n} AND c.merchant_id = $1)`,
    );
  }
  return `SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${++n}`;
}

/**
 * One page of a merchant's rows, newest first, keyset-paged on `(created_at, id)`: a `startingAfter` that is not
 * one of the merchant's rows gives an empty page.
 */
export async function merchantPage<T>(
  scope: PgScope,
  table: PagedTable,
  merchantId: string,
  filters: [string, unknown][],
  q: { limit: number; startingAfter?: string },
  map: (row: PgRow) => T,
): Promise<Page<T>> {
  const cursor = q.startingAfter ? [q.startingAfter] : [];
  const sql = merchantPageSql(
    table,
    filters.map(([clause]) => clause),
    cursor.length > 0,
  );
  const rows = await scope.all(sql, [
    merchantId,
    ...filters.map(([, value]) => value),
    ...cursor,
    q.limit + 1,
  ]);
  return { data: rows.slice(0, q.limit).map(map), hasMore: rows.length > q.limit };
}
