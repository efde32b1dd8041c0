import type { Pool } from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the PostgreSQL schema's missing versions in order, all in one transaction that first takes an
 * advisory lock: instances starting together queue on the lock, the first migrates, the others then find
 * every version applied and change nothing. PostgreSQL's DDL is transactional, so a failed migration leaves
 * the schema as it was. Versions are this adapter's own (its schema is written for PostgreSQL, not
 * translated statement by statement from SQLite's history); append new ones, never edit one that shipped.
 */
export async function migratePostgres(pool: Pool, list: PgMigration[]): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('cargopay:migrations', 0))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of [...list].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
