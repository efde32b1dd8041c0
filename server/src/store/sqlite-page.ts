import type { SQLInputValue } from 'node:sqlite';
import type { Row, SqliteScope } from './sqlite-scope.ts';
import type { Page } from './types.ts';

/**
 * One page of a merchant's rows, newest first, keyset-paged on `(created_at, id)`: a `startingAfter` that is not
 * one of the merchant's rows gives an empty page.
 */
export function merchantPage<T>(
  scope: SqliteScope,
  table: 'payment_requests' | 'notifications',
  merchantId: string,
  filters: [string, SQLInputValue][],
  q: { limit: number; startingAfter?: string },
  map: (row: Row) => T,
): Page<T> {
  const where = ['merchant_id = ?', ...filters.map(([clause]) => clause)];
  const params: SQLInputValue[] = [merchantId, ...filters.map(([, value]) => value)];
  if (q.startingAfter) {
    const cursor = scope.one(
      `SELECT created_at, id FROM ${table} WHERE id = ? AND merchant_id = ?`,
      q.startingAfter,
      merchantId,
    );
    if (!cursor) return { data: [], hasMore: false };
    where.push('(created_at, id) < (?, ?)');
    params.push(cursor.created_at ?? null, cursor.id ?? null);
  }
  const rows = scope.all(
    `SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    ...params,
    q.limit + 1,
  );
  return { data: rows.slice(0, q.limit).map(map), hasMore: rows.length > q.limit };
}
