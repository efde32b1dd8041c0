import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from './harness.ts';

/**
 * Everything a test server's database holds, for checks that a secret never reaches it: on SQLite the bytes of
 * its file and WAL; on PostgreSQL, whose files are its own, every row of every table as PostgreSQL writes it
 * out as text (`row::text`).
 */
export async function databaseContents(t: TestServer): Promise<Buffer> {
  if (t.sqlite) {
    const files = readdirSync(t.dir).filter((f) => f.startsWith('cargopay.sqlite'));
    if (!files.includes('cargopay.sqlite')) throw new Error(`no SQLite file in ${t.dir}`);
    return Buffer.concat(files.map((f) => readFileSync(join(t.dir, f))));
  }
  const tables = await t.rows<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  if (!tables.some((table) => table.name === 'payment_requests')) throw new Error('no CargoPay tables');
  const texts: string[] = [];
  for (const { name } of tables) {
    const rows = await t.rows<{ row: string }>(`SELECT r::text AS row FROM "${name}" r`);
    texts.push(...rows.map((r) => r.row));
  }
  return Buffer.from(texts.join('\n'));
}
