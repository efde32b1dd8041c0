import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { Stack } from './stack.ts';

/**
 * What a test reads of a stack's store directly, on either engine: rows of a query (the SQL the two schemas
 * share: `webhook_inbox`, `notifications`, …), and everything stored as text, for scans that must not find
 * card numbers. The server's code never reads this way; tests do, to check what was really written.
 */

/** Rows of `sql` from the stack's SQLite file (read-only) or its PostgreSQL database. */
export async function storeRows<T>(stack: Stack, sql: string): Promise<T[]> {
  if (stack.databaseUrl) {
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new DatabaseSync(stack.databasePath, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/**
 * Everything the store holds, as text: the SQLite file and its WAL as bytes (Latin-1, so any stored digits
 * show), or on PostgreSQL every row of every table of the database, each as its text form.
 */
export async function storeText(stack: Stack): Promise<{ where: string; text: string }[]> {
  if (!stack.databaseUrl) {
    return [stack.databasePath, `${stack.databasePath}-wal`].map((path) => {
      try {
        return { where: path, text: readFileSync(path).toString('latin1') };
      } catch {
        return { where: path, text: '' };
      }
    });
  }
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    const out: { where: string; text: string }[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      out.push({ where: `PostgreSQL table ${name}`, text: rows.rows.map((r) => r.row).join('\n') });
    }
    return out;
  } finally {
    await client.end();
  }
}
