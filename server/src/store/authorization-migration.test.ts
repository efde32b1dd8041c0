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
 * Requests stamped before `amount_capturable_updated` took rank 4 keep comparing as they did: a stored
 * `canceled` (4) becomes 5 and `succeeded` (5) becomes 6, lower ranks stay, and the hold is unknown.
 */
const MERCHANT = `INSERT INTO merchants (id, name, key_hash, key_prefix, allowed_origins, signing_secret_sealed,
  livemode, created_at, updated_at) VALUES ('mer_1', 'M', 'h', 'cp_test_', '[]', 's', FALSE, 't', 't')`;
const request = (id: string, rank: number) => `INSERT INTO payment_requests (id, merchant_id, status, amount,
  currency, reference, description, customer_email_sealed, customer_name_sealed, metadata, livemode, created_at,
  updated_at, last_intent_event_rank) VALUES ('${id}', 'mer_1', 'open', 1, 'eur', 'r', 'd', 'e', 'n', '{}', FALSE,
  't', 't', ${rank})`;
const RANKS: [string, number, number][] = [
  ['pr_failed', 3, 3],
  ['pr_canceled', 4, 5],
  ['pr_succeeded', 5, 6],
];

describe('migration of the stored PaymentIntent event ranks and the hold columns', () => {
  it('on SQLite (migration 10)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-mig-'));
    try {
      const file = join(dir, 'db.sqlite');
      const old = openDatabase(
        file,
        migrations.filter((m) => m.version < 10),
      );
      old.exec(MERCHANT);
      for (const [id, rank] of RANKS) old.exec(request(id, rank));
      old.close();
      const db = openDatabase(file);
      const rows = db
        .prepare(
          'SELECT id, last_intent_event_rank AS r, amount_capturable AS a, capture_before AS c, extended_authorization AS e FROM payment_requests ORDER BY id',
        )
        .all();
      db.close();
      expect(rows).toEqual(
        RANKS.map(([id, , r]) => ({ id, r, a: 0, c: null, e: null })).sort((x, y) =>
          x.id.localeCompare(y.id),
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL (migration 6)', async () => {
    const pool = createPool(await createDatabaseAt(inject('postgresAdminUrl')), { max: 1 });
    try {
      await migratePostgres(
        pool,
        pgMigrations.filter((m) => m.version < 6),
      );
      await pool.query(MERCHANT);
      for (const [id, rank] of RANKS) await pool.query(request(id, rank));
      await migratePostgres(pool, pgMigrations);
      const { rows } = await pool.query(
        'SELECT id, last_intent_event_rank AS r, amount_capturable AS a, capture_before AS c, extended_authorization AS e FROM payment_requests ORDER BY id',
      );
      expect(rows).toEqual(
        RANKS.map(([id, , r]) => ({ id, r, a: 0, c: null, e: null })).sort((x, y) =>
          x.id.localeCompare(y.id),
        ),
      );
    } finally {
      await pool.end();
    }
  });
});
