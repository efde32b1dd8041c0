import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSealer } from './crypto.ts';
import { storeContract } from './contract/store-contract.ts';
import { SqliteStore } from './sqlite-store.ts';

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cargopay-contract-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'), createSealer({ id: 'k1', key: Buffer.alloc(32, 7) }));
  return {
    store,
    async atRest(text) {
      const tables = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((r) => String(r.name));
      return tables.some((table) =>
        store.db
          .prepare(`SELECT * FROM "${table}"`)
          .all()
          .some((row) => JSON.stringify(row).includes(text)),
      );
    },
    async close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
