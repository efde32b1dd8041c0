/**
 * Stripe events arriving late, twice and out of order while the server process dies: N events (20 %
 * duplicates, shuffled) signed as Stripe signs them are sent to a real server process that is killed with
 * SIGKILL three times and restarted. A delivery that fails (connection refused, reset) is sent again, as
 * Stripe retries until it gets a 2xx. At the end every payment request is in the state its events imply,
 * every event is in the inbox once and applied, every merchant notification reached the merchant at least
 * once with an id to de-duplicate by, and the SQLite file passes `PRAGMA integrity_check`. Then the database
 * is lost and restored from the latest backup with `npm run restore`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../server/sandbox/testing.ts';
import { listBackups } from '../../server/src/store/backup.ts';
import { FULL, postEvent } from '../support/attacker.ts';
import { shuffle, story, STORY_AMOUNT } from '../support/event-stories.ts';
import { storeRows } from '../support/store-read.ts';
import {
  api,
  createMerchantWithCli,
  LIFTED_RATE_LIMITS,
  poll,
  ROOT,
  skipUnlessSqlite,
  startStack,
  type CliMerchant,
  type Stack,
} from '../support/stack.ts';

const TOTAL_EVENTS = FULL ? 10_000 : 500;
const DUPLICATE_SHARE = 0.2;
const KILLS = 3;
/** Per-test time limit: the full form creates ~4,200 requests and sends 10,000 events. */
const LIMIT_MS = FULL ? 900_000 : 150_000;

let stack: Stack;
let merchant: CliMerchant;
let receiver: WebhookReceiver;

beforeAll(async () => {
  stack = await startStack({
    logLevel: 'warn',
    env: LIFTED_RATE_LIMITS,
  });
  receiver = await new WebhookReceiver().start();
  merchant = createMerchantWithCli(stack, {
    name: 'Crash Freight',
    origins: ['https://shop.example'],
    webhookUrl: receiver.url,
  });
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

describe(`${TOTAL_EVENTS} Stripe events, ${DUPLICATE_SHARE * 100} % duplicates, shuffled, with ${KILLS} SIGKILLs`, () => {
  const expected = new Map<string, string>();
  const uniqueIds = new Set<string>();

  it(
    'every payment request ends in the state its events imply',
    async () => {
      const unique = Math.round(TOTAL_EVENTS / (1 + DUPLICATE_SHARE));
      const requests = Math.ceil(unique / 2);
      const base = Math.floor(Date.now() / 1000) - 3_600;
      const payloads: string[] = [];
      for (let n = 0; n < requests; n++) {
        const res = await api(stack.url, 'POST', '/v1/payment-requests', {
          key: merchant.apiKey,
          body: {
            amount: STORY_AMOUNT,
            currency: 'eur',
            reference: `REL-${n}`,
            description: 'Crash-test parcel',
            customer: { email: `buyer${n}@example.com`, name: 'Buyer' },
          },
        });
        expect(res.status, res.text).toBe(201);
        const id = String(res.json.id);
        const s = story(n, id, n, base + n * 3);
        expected.set(id, s.expected);
        payloads.push(...s.events);
      }
      for (const p of payloads) uniqueIds.add((JSON.parse(p) as { id: string }).id);
      const duplicates = Array.from({ length: TOTAL_EVENTS - payloads.length }, () => {
        return payloads[Math.floor(Math.random() * payloads.length)] as string;
      });
      const queue = shuffle([...payloads, ...duplicates]);
      expect(queue.length).toBe(TOTAL_EVENTS);

      // Kill points: after a quarter, half and three quarters of the deliveries were handed out.
      const killAt = new Set(
        Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 1) * queue.length) / (KILLS + 1))),
      );
      let next = 0;
      let down: Promise<void> | null = null;
      let refusedDeliveries = 0;
      const deliver = async (payload: string): Promise<void> => {
        for (let attempt = 0; ; attempt++) {
          if (down) await down;
          try {
            const res = await postEvent(stack.url, payload, stack.webhookSecret);
            await res.arrayBuffer();
            if (res.ok) return;
          } catch {
            // connection refused or reset by the dying process: Stripe retries, so do we
          }
          refusedDeliveries++;
          if (attempt > 200) throw new Error('a delivery never succeeded');
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const worker = async (): Promise<void> => {
        while (next < queue.length) {
          const index = next++;
          if (killAt.has(index)) {
            killAt.delete(index);
            down = (async () => {
              await stack.kill();
              await stack.restart();
            })();
            void down.then(() => (down = null));
          }
          await deliver(queue[index] as string);
        }
      };
      await Promise.all(Array.from({ length: 8 }, () => worker()));
      if (down) await down;
      expect(stack.output().match(/listening on/g)?.length).toBe(KILLS + 1);

      // Wait for the worker to apply everything, then compare every request with its story.
      const wrong = await poll(
        async () => {
          const actual = new Map<string, string>();
          let cursor: string | null = null;
          do {
            const page = await api(
              stack.url,
              'GET',
              `/v1/payment-requests?limit=100${cursor ? `&starting_after=${cursor}` : ''}`,
              { key: merchant.apiKey },
            );
            for (const pr of page.json.data as { id: string; status: string }[]) actual.set(pr.id, pr.status);
            cursor = page.json.has_more ? String(page.json.next_cursor) : null;
          } while (cursor);
          const mismatches = [...expected].filter(([id, status]) => actual.get(id) !== status);
          return mismatches.length === 0 ? mismatches : undefined;
        },
        FULL ? 300_000 : 60_000,
        'every payment request to reach its final state',
        500,
      );
      expect(wrong).toEqual([]);
      console.info(
        `[reliability] ${queue.length} deliveries (${uniqueIds.size} distinct events), ${KILLS} SIGKILLs, ` +
          `${refusedDeliveries} deliveries refused while the server was down and sent again`,
      );
    },
    LIMIT_MS,
  );

  it(
    'every event was stored once and applied, every notification reached the merchant with its id, and the file passes integrity_check',
    async () => {
      // Let the outbox drain, then stop the server cleanly to read its file.
      const delivered = await poll(
        async () => {
          const ids = new Set(
            receiver.received
              .filter((r) => r.answered === 200)
              .map((r) => String(r.headers['cargopay-event-id'])),
          );
          return ids.size >= expected.size ? ids : undefined;
        },
        FULL ? 300_000 : 60_000,
        'notifications to reach the merchant',
        500,
      );
      const pendingNotifications = async () =>
        Number(
          (
            await storeRows<{ n: number | string }>(
              stack,
              "SELECT COUNT(*) AS n FROM notifications WHERE status = 'pending'",
            )
          )[0]?.n,
        );
      if (stack.store === 'postgres') {
        // Several instances may share PostgreSQL: it is read while the server runs.
        await poll(
          async () => (await pendingNotifications()) === 0,
          FULL ? 300_000 : 90_000,
          'the outbox to drain',
          500,
        );
      } else {
        // The SQLite file is read once the server has stopped.
        await poll(
          async () => {
            await stack.stop();
            if ((await pendingNotifications()) === 0) return true;
            await stack.restart();
            await new Promise((r) => setTimeout(r, 6_000));
            return false;
          },
          FULL ? 300_000 : 90_000,
          'the outbox to drain',
          0,
        );
      }
      const inbox = await storeRows<{ id: string; processed_at: string | null }>(
        stack,
        'SELECT id, processed_at FROM webhook_inbox',
      );
      expect(inbox.length).toBe(uniqueIds.size);
      expect(new Set(inbox.map((e) => e.id))).toEqual(uniqueIds);
      expect(inbox.filter((e) => e.processed_at === null)).toEqual([]);

      const notifications = await storeRows<{
        id: string;
        payment_request_id: string;
        type: string;
        status: string;
      }>(stack, 'SELECT id, payment_request_id, type, status FROM notifications');
      expect(notifications.filter((n) => n.status !== 'delivered')).toEqual([]);
      const got = new Set(
        receiver.received
          .filter((r) => r.answered === 200)
          .map((r) => String(r.headers['cargopay-event-id'])),
      );
      expect(delivered.size).toBeGreaterThan(0);
      expect(notifications.filter((n) => !got.has(n.id))).toEqual([]);
      // Each body carries the id its header names, so the merchant can de-duplicate.
      for (const r of receiver.received) {
        expect((JSON.parse(r.body) as { id: string }).id).toBe(r.headers['cargopay-event-id']);
      }
      // Applied once: no status change is notified twice for one request.
      const seen = new Map<string, number>();
      for (const n of notifications) {
        if (n.type === 'payment_request.payment_failed') continue; // one per newer decline, by design
        const key = `${n.payment_request_id} ${n.type}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
      if (stack.store === 'sqlite') {
        const [check] = await storeRows<{ integrity_check: string }>(stack, 'PRAGMA integrity_check');
        expect(check?.integrity_check).toBe('ok');
      }
    },
    LIMIT_MS,
  );

  it(
    'after losing the database, `npm run restore` of the latest backup brings every request back',
    async (ctx) => {
      skipUnlessSqlite(
        ctx,
        'the online backups (`npm run restore`; PostgreSQL is backed up by its operator)',
      );
      // The server takes a backup when it starts; this start's backup holds the final state. It is waited for
      // as long as the test may run (a busy machine copies slowly), and a failed backup fails at once.
      // Earlier starts may have been killed before their own backup was written, so what is waited for is a
      // file this start wrote, not a count of files.
      const from = stack.output().length;
      const before = new Set(listBackups(stack.backupDir));
      await stack.restart();
      const backups = await poll(
        () => {
          if (stack.output().slice(from).includes('"msg":"backup failed"'))
            throw new Error(`the start-up backup failed:\n${stack.output().slice(from)}`);
          const files = listBackups(stack.backupDir);
          return files.some((file) => !before.has(file)) ? files : undefined;
        },
        LIMIT_MS - 10_000,
        'the start-up backup',
      ).catch((error: unknown) => {
        // Once seen on a loaded machine (fresh-clone run 25): say what the backup folder and the server held.
        const folder = readdirSync(stack.backupDir).join(', ');
        throw new Error(
          `${String(error)}\nbackups before: ${[...before].join(', ')}\nbackup folder now: ${folder}\n` +
            `server output since the restart:\n${stack.output().slice(from).slice(-4_000)}`,
        );
      });
      await stack.stop();
      const latest = join(stack.backupDir, backups.at(-1) as string);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${stack.databasePath}${suffix}`, { force: true });
      expect(existsSync(stack.databasePath)).toBe(false);
      const restore = spawnSync(process.execPath, ['server/src/store/restore-cli.ts', latest], {
        cwd: ROOT,
        env: stack.env,
        encoding: 'utf8',
      });
      expect(restore.status, restore.stderr).toBe(0);
      await stack.restart();
      for (const [id, status] of expected) {
        const res = await api(stack.url, 'GET', `/v1/payment-requests/${id}`, { key: merchant.apiKey });
        expect(res.json.status, id).toBe(status);
      }
    },
    LIMIT_MS,
  );
});
