import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createDatabaseAt } from '../../test/postgres.ts';
import { migrations } from './migrations.ts';
import { migratePostgres } from './pg-migrations.ts';
import { pgMigrations } from './pg-migrations/index.ts';
import { createPool } from './pg-pool.ts';
import { openDatabase } from './sqlite.ts';

/**
 * Requests paid before `amount_received` existed were captured in full: they took their amount, which refunds
 * are then counted against. Requests not paid took nothing.
 */
const MERCHANT = `INSERT INTO merchants (id, name, key_hash, key_prefix, allowed_origins, signing_secret_sealed,
  livemode, created_at, updated_at) VALUES ('mer_1', 'M', 'h', 'cp_test_', '[]', 's', FALSE, 't', 't')`;
const request = (
  id: string,
  status: string,
) => `INSERT INTO payment_requests (id, merchant_id, status, amount,
  currency, reference, description, customer_email_sealed, customer_name_sealed, metadata, livemode, created_at,
  updated_at) VALUES ('${id}', 'mer_1', '${status}', 12500, 'eur', 'r', 'd', 'e', 'n', '{}', FALSE, 't', 't')`;
const BEFORE_AFTER: [id: string, status: string, received: number][] = [
  ['pr_a_open', 'open', 0],
  ['pr_b_paid', 'paid', 12_500],
  ['pr_c_partial', 'partially_refunded', 12_500],
  ['pr_d_refunded', 'refunded', 12_500],
  ['pr_e_disputed', 'disputed', 12_500],
  ['pr_f_canceled', 'canceled', 0],
];
const READ = 'SELECT id, amount_received AS received FROM payment_requests ORDER BY id';
const expected = BEFORE_AFTER.map(([id, , received]) => ({ id, received }));

describe('migration of what paid requests received, with the refunds table', () => {
  it('on SQLite (migration 11)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-mig-'));
    try {
      const file = join(dir, 'db.sqlite');
      const old = openDatabase(
        file,
        migrations.filter((m) => m.version < 11),
      );
      old.exec(MERCHANT);
      for (const [id, status] of BEFORE_AFTER) old.exec(request(id, status));
      old.close();
      const db = openDatabase(file);
      const rows = db.prepare(READ).all();
      const refunds = db.prepare('SELECT COUNT(*) AS n FROM refunds').get();
      db.close();
      expect(rows).toEqual(expected);
      expect(refunds).toEqual({ n: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL (migration 7)', async () => {
    const pool = createPool(await createDatabaseAt(inject('postgresAdminUrl')), { max: 1 });
    try {
      await migratePostgres(
        pool,
        pgMigrations.filter((m) => m.version < 7),
      );
      await pool.query(MERCHANT);
      for (const [id, status] of BEFORE_AFTER) await pool.query(request(id, status));
      await migratePostgres(pool, pgMigrations);
      expect((await pool.query(READ)).rows).toEqual(expected);
      expect((await pool.query('SELECT COUNT(*)::int AS n FROM refunds')).rows).toEqual([{ n: 0 }]);
    } finally {
      await pool.end();
    }
  });
});
