import { describe, expect, inject, it } from 'vitest';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createSealer } from '../store/crypto.ts';
import { openPgStore } from '../store/pg-store.ts';
import { ensureExampleMerchant } from './merchant.ts';

describe('the example merchant, with instances starting together on one PostgreSQL', () => {
  it('is created once and every instance sells under it', async () => {
    const url = await createDatabaseAt(inject('postgresAdminUrl'));
    const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 9) });
    const stores = await Promise.all([1, 2, 3, 4].map(() => openPgStore({ url, sealer, poolSize: 3 })));
    try {
      const ids = await Promise.all(stores.map((s) => ensureExampleMerchant(s, ['http://localhost:8080'])));
      expect(new Set(ids).size).toBe(1);
      expect(await (stores[0] as (typeof stores)[0]).merchants.list()).toHaveLength(1);
    } finally {
      for (const s of stores) s.close();
    }
  });
});
