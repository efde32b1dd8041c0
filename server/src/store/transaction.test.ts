import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealer } from './crypto.ts';
import { TransactionAwaitedOutside } from './group-commit.ts';
import { SqliteStore } from './sqlite-store.ts';

const job = (eventId: string) => ({ eventId, type: 'charge.succeeded', object: { id: eventId }, created: 1 });
const paymentEvent = (id: string) => ({
  id,
  merchantId: 'mer_1',
  kind: 'payment' as const,
  amount: 100,
  currency: 'eur',
});

describe('store.transaction on SQLite', () => {
  let dir: string;
  let path: string;
  let store: SqliteStore;
  /** What another connection (another process, after a crash) sees: only committed rows. */
  const committed = () => {
    const other = new DatabaseSync(path, { readOnly: true });
    try {
      const ids = (sql: string) => (other.prepare(sql).all() as { id: string }[]).map((r) => r.id);
      return {
        jobs: ids('SELECT event_id AS id FROM casework_jobs ORDER BY event_id'),
        events: ids('SELECT id FROM payment_events ORDER BY id'),
      };
    } finally {
      other.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cargopay-tx-'));
    path = join(dir, 'db.sqlite');
    store = new SqliteStore(path, createSealer({ id: 'k1', key: Buffer.alloc(32, 1) }));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits every write of its body together, and reads its own writes before they commit', async () => {
    const seen = await store.transaction(async (tx) => {
      await tx.casework.enqueue(job('evt_a'), '2026-01-01T00:00:00.000Z');
      await tx.risk.recordPaymentEvent(paymentEvent('payment:ch_a'), '2026-01-01T00:00:00.000Z');
      return (await tx.casework.backlog()).pending;
    });
    expect(seen).toBe(1);
    expect(committed()).toEqual({ jobs: ['evt_a'], events: ['payment:ch_a'] });
  });

  it('keeps nothing of a body that throws after writing, and rejects with its error', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.casework.enqueue(job('evt_b'), '2026-01-01T00:00:00.000Z');
        await tx.risk.recordPaymentEvent(paymentEvent('payment:ch_b'), '2026-01-01T00:00:00.000Z');
        throw new Error('crash between the two');
      }),
    ).rejects.toThrow('crash between the two');
    expect(committed()).toEqual({ jobs: [], events: [] });
  });

  it('rolls back only the transaction that failed; the others of its group still commit', async () => {
    const results = await Promise.allSettled([
      store.transaction(async (tx) => tx.casework.enqueue(job('evt_c1'), '2026-01-01T00:00:00.000Z')),
      store.transaction(async (tx) => {
        await tx.casework.enqueue(job('evt_c2'), '2026-01-01T00:00:00.000Z');
        throw new Error('refused');
      }),
      store.casework.enqueue(job('evt_c3'), '2026-01-01T00:00:00.000Z'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed().jobs).toEqual(['evt_c1', 'evt_c3']);
    expect(store.writeStats().commits).toBe(1);
  });

  it('rolls back a body that awaits something other than its own statements, and closes its repositories', async () => {
    let late: unknown = null;
    await expect(
      store.transaction(async (tx) => {
        await tx.casework.enqueue(job('evt_d'), '2026-01-01T00:00:00.000Z');
        // A timer stands for any network call: the transaction must not stay open across it.
        await new Promise((resolve) => setTimeout(resolve, 5));
        try {
          await tx.risk.recordPaymentEvent(paymentEvent('payment:ch_d'), '2026-01-01T00:00:00.000Z');
        } catch (error) {
          late = error;
        }
      }),
    ).rejects.toBeInstanceOf(TransactionAwaitedOutside);
    await expect.poll(() => late).toBeInstanceOf(Error);
    expect(String(late)).toMatch(/transaction has ended/);
    expect(committed()).toEqual({ jobs: [], events: [] });
    // The connection is free again for the next writes.
    await store.casework.enqueue(job('evt_e'), '2026-01-01T00:00:00.000Z');
    expect(committed().jobs).toEqual(['evt_e']);
  });

  it('makes a write asked for outside it while it is open wait for the next group', async () => {
    let outside: Promise<void> | undefined;
    const before = store.writeStats().commits;
    const pendingInside = await store.transaction(async (tx) => {
      await tx.casework.enqueue(job('evt_in'), '2026-01-01T00:00:00.000Z');
      outside = store.casework.enqueue(job('evt_out'), '2026-01-01T00:00:00.000Z');
      return (await tx.casework.backlog()).pending;
    });
    expect(pendingInside).toBe(1);
    await outside;
    expect(committed().jobs).toEqual(['evt_in', 'evt_out']);
    expect(store.writeStats().commits - before).toBe(2);
  });
});
