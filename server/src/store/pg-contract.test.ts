import { inject } from 'vitest';
import pg from 'pg';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from './crypto.ts';
import { storeContract } from './contract/store-contract.ts';
import { openPgStore } from './pg-store.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 7) });

storeContract('PostgreSQL', async () => {
  const url = await createDatabaseAt(inject('postgresAdminUrl'));
  const store = await openPgStore({ url, sealer, poolSize: 4 });
  return {
    store,
    async atRest(text) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const tables = await client.query<{ tablename: string }>(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        );
        for (const { tablename } of tables.rows) {
          const rows = await client.query<{ row: string }>(
            `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`,
          );
          if (rows.rows.some((r) => r.row.includes(text))) return true;
        }
        return false;
      } finally {
        await client.end();
      }
    },
    async close() {
      await store.ended();
    },
  };
});
