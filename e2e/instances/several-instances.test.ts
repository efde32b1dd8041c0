/**
 * Several CargoPay instances on one PostgreSQL, as issue 15 deploys them: three processes of
 * `node server/src/main.ts` with one `DATABASE_URL`, one stand-alone sandbox (`STRIPE_SANDBOX_URL`) and a
 * round-robin proxy as their common `PUBLIC_URL` (`support/cluster.ts`). Payment requests are created on one
 * instance and paid through the others (the checkout API, and Chromium while the creating instance is down);
 * a velocity rule is hit by attempts spread over the three; then N signed Stripe deliveries (20 % duplicates,
 * shuffled, the sandbox's real events among them) go through the proxy while instances are SIGKILLed and
 * restarted. At the end, read from PostgreSQL and from the merchant's receiver: no event lost, none applied
 * twice, one notification per state change, and one evidence submission per dispute at the sandbox.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type Stripe from 'stripe';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../server/sandbox/testing.ts';
import { FULL, postEvent, sandboxClient } from '../support/attacker.ts';
import { launchChromium, pay, waitForState } from '../support/browser.ts';
import { startCluster, type Cluster, type Instance } from '../support/cluster.ts';
import { seededRandom, shuffle, story, STORY_AMOUNT } from '../support/event-stories.ts';
import {
  liftVelocityLimits,
  setDisputePolicies,
  waitForAnsweredDispute,
  waitForStatus,
} from '../support/journey.ts';
import { startMerchantSite, type MerchantSite } from '../support/merchant-site.ts';
import { api, createMerchantWithCli, LIFTED_RATE_LIMITS, poll, type CliMerchant } from '../support/stack.ts';
import { deliverWithKills, killInstance, restartKilled, type KillWindow } from './storm.ts';

const TOTAL_DELIVERIES = FULL ? 10_000 : 1_500;
const DUPLICATE_SHARE = 0.2;
/** Quick: each instance killed once; full: twice. */
const KILLS = FULL ? 6 : 3;
/** How long everything may take to be applied and delivered after the storm (leases of a killed holder: 60 s). */
const SETTLE_MS = FULL ? 600_000 : 150_000;
const LIMIT_MS = FULL ? 1_200_000 : 240_000;
/** The velocity rule under test: per widget device, blocking. */
const VELOCITY_LIMIT = 6;
const SEED = Number(process.env.E2E_SEED ?? randomBytes(4).readUInt32LE(0));
const SHOP = 'https://shop.example';

let cluster: Cluster;
let receiver: WebhookReceiver;
let site: MerchantSite;
let merchant: CliMerchant;
let db: pg.Client;
let stripe: Stripe;
let browser: Browser | null = null;
/** Every SIGKILL of the run, with when the instance was down. */
const kills: KillWindow[] = [];
/** Payment requests paid with a dispute card, by dispute id. */
const disputes = new Map<string, string>();
/** Ids of the story events the storm sent (each also in the inbox at the end). */
const storyEventIds = new Set<string>();
/** Payment request id → the status its story (or checkout) must end in. */
const expected = new Map<string, string>();

beforeAll(async () => {
  cluster = await startCluster({ env: LIFTED_RATE_LIMITS });
  receiver = await new WebhookReceiver().start();
  site = await startMerchantSite(cluster.url);
  merchant = createMerchantWithCli(cluster, {
    name: 'Cluster Freight',
    origins: [SHOP, site.origin],
    webhookUrl: receiver.url,
  });
  db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  stripe = sandboxClient(cluster.sandboxUrl);
  await liftVelocityLimits(cluster.url, merchant.apiKey);
  await setDisputePolicies(cluster.url, merchant.apiKey);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
  await site?.close();
  await receiver?.close();
  await cluster?.close();
});

const instance = (i: number): Instance => cluster.instances[i % cluster.instances.length] as Instance;

async function createRequest(
  base: string,
  key: string,
  n: number,
  body: Record<string, unknown> = {},
): Promise<string> {
  const res = await api(base, 'POST', '/v1/payment-requests', {
    key,
    body: {
      amount: STORY_AMOUNT,
      currency: 'eur',
      reference: `MULTI-${n}`,
      description: 'Road freight, one pallet',
      customer: { email: `buyer${n}@example.com`, name: 'Buyer' },
      ...body,
    },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.json.id);
}

const intentBody = (device: string) => ({
  device_id: device,
  signals: { ready_to_submit_ms: 2_500, attempts: 1 },
});

/** The status of a request as one instance (directly) reads it, once it is `status`. */
const statusOn = (i: Instance, id: string, status: string): Promise<unknown> =>
  waitForStatus(i.url, merchant.apiKey, id, status, 30_000);

/** Every event the sandbox made so far (each was also delivered to the instances' common endpoint). */
async function sandboxEvents(): Promise<Stripe.Event[]> {
  return stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
}

/** The sandbox's request log lines for one dispute's evidence submissions (`POST /v1/disputes/<id>`). */
const submissionsAtSandbox = (dispute: string): number =>
  cluster.sandbox.output().match(new RegExp(`POST /v1/disputes/${dispute} `, 'g'))?.length ?? 0;

describe('three instances on one PostgreSQL behind a round-robin proxy, one sandbox', () => {
  it(
    'a request created on one instance is paid through another (checkout API), disputes are answered once',
    async () => {
      const cards = [
        'pm_card_visa',
        'pm_card_createDisputeProductNotReceived',
        'pm_card_mastercard',
        'pm_card_createDispute',
        'pm_card_visa',
        'pm_card_createDisputeProductNotReceived',
      ];
      for (const [n, card] of cards.entries()) {
        // Created on instance n, intent on instance n+1, read back on n+2: three processes, one payment.
        const id = await createRequest(instance(n).url, merchant.apiKey, n);
        const intent = await api(instance(n + 1).url, 'POST', `/v1/checkout/${id}/intent`, {
          body: intentBody(`device-api-${n}-${SEED}`),
          headers: { origin: SHOP },
        });
        expect(intent.status, intent.text).toBe(200);
        const pi = String(intent.json.payment_intent);
        await stripe.paymentIntents.confirm(pi, { payment_method: card, return_url: `${SHOP}/done` });
        if (card.includes('Dispute')) {
          // As soon as the sandbox opens the dispute, its event is also sent to every instance at once (the
          // sandbox's own delivery races them): the case is answered once however many instances see it.
          const created = await poll(
            async () =>
              (await sandboxEvents()).find(
                (e) =>
                  e.type === 'charge.dispute.created' &&
                  (e.data.object as Stripe.Dispute).payment_intent === pi,
              ),
            30_000,
            `the dispute of ${pi}`,
            50,
          );
          const payload = JSON.stringify(created);
          const answers = await Promise.all(
            cluster.instances.map((i) => postEvent(i.url, payload, cluster.webhookSecret)),
          );
          expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
          disputes.set((created.data.object as Stripe.Dispute).id, id);
          expected.set(id, 'disputed');
        } else {
          expected.set(id, 'paid');
        }
        await statusOn(instance(n + 2), id, expected.get(id) as string);
      }
      for (const [dispute, id] of disputes) {
        const answered = await waitForAnsweredDispute(cluster.url, merchant.apiKey, id, 60_000);
        expect(answered).toMatchObject({ id: dispute, response: 'submitted', payment_request: id });
      }
    },
    LIMIT_MS,
  );

  it(
    'in Chromium, a request created on an instance that then crashes is paid through the others',
    async () => {
      const id = await createRequest(instance(0).url, merchant.apiKey, 100);
      expected.set(id, 'paid');
      const down = await killInstance(instance(0), kills);
      browser = await launchChromium();
      const page = await browser.newPage();
      const servedBy = new Set<string>();
      page.on('response', (r) => {
        if (r.url().startsWith(`${cluster.url}/v1/checkout/`))
          servedBy.add(r.headers()['x-upstream-instance'] ?? '?');
      });
      await page.goto(site.payUrl(id));
      await waitForState(page, 'ready');
      await pay(page, { number: '4242424242424242' });
      await waitForState(page, 'succeeded');
      await statusOn(instance(1), id, 'paid');
      expect([...servedBy].sort()).not.toContain('0');
      expect(servedBy.size).toBeGreaterThan(0);
      await page.close();
      await restartKilled(instance(0), down);
      await statusOn(instance(0), id, 'paid');
    },
    LIMIT_MS,
  );

  it(
    `a velocity rule (${VELOCITY_LIMIT} per device) blocks at its limit exactly when the attempts are spread over the instances`,
    async () => {
      const strict = createMerchantWithCli(cluster, { name: 'Velocity Freight', origins: [SHOP] });
      const settings = await api(cluster.url, 'POST', '/v1/settings/risk', {
        key: strict.apiKey,
        body: {
          velocity: {
            per_device: { limit: VELOCITY_LIMIT, action: 'block' },
            per_ip: { limit: 10_000 },
            per_email: { limit: 10_000 },
          },
        },
      });
      expect(settings.status, settings.text).toBe(200);
      const attempts = VELOCITY_LIMIT * 3;
      const ids: string[] = [];
      for (let n = 0; n < attempts; n++) {
        ids.push(
          await createRequest(instance(n).url, strict.apiKey, 200 + n, {
            customer: { email: `velocity-${SEED}@example.com`, name: 'One Buyer' },
          }),
        );
      }
      // One buyer, one device, every attempt at once, each instance taking a third of them.
      const device = `device-velocity-${SEED}`;
      const answers = await Promise.all(
        ids.map((id, n) =>
          api(instance(n).url, 'POST', `/v1/checkout/${id}/intent`, {
            body: intentBody(device),
            headers: { origin: SHOP },
          }),
        ),
      );
      const by = (status: number) => answers.filter((a) => a.status === status);
      expect(answers.filter((a) => a.status !== 200 && a.status !== 403).map((a) => a.text)).toEqual([]);
      expect(by(403).every((a) => String(a.json.type).endsWith(':blocked-by-risk'))).toBe(true);
      expect(by(200).length).toBe(VELOCITY_LIMIT);
      expect(by(403).length).toBe(attempts - VELOCITY_LIMIT);
    },
    LIMIT_MS,
  );

  it(
    `${TOTAL_DELIVERIES} signed Stripe deliveries (${DUPLICATE_SHARE * 100} % duplicates, shuffled) through the proxy while instances are SIGKILLed ${KILLS} times`,
    async () => {
      const random = seededRandom(SEED);
      const unique = Math.round(TOTAL_DELIVERIES / (1 + DUPLICATE_SHARE));
      const requests = Math.ceil(unique / 2);
      const base = Math.floor(Date.now() / 1000) - 3_600;
      const payloads: string[] = new Array<string>(requests * 2);
      let made = 0;
      // Created through the merchant API on each instance in turn, six at a time.
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (made < requests) {
            const n = made++;
            const id = await createRequest(instance(n).url, merchant.apiKey, 1_000 + n);
            const s = story(n, id, n, base + n * 3);
            expected.set(id, s.expected);
            payloads[2 * n] = s.events[0] as string;
            payloads[2 * n + 1] = s.events[1] as string;
          }
        }),
      );
      // The sandbox's real events (payments, disputes, intents) are sent again among the duplicates.
      const real = (await sandboxEvents()).map((e) => JSON.stringify(e));
      const extra = TOTAL_DELIVERIES - payloads.length - real.length;
      expect(extra).toBeGreaterThan(0);
      const duplicates = Array.from(
        { length: extra },
        () => payloads[Math.floor(random() * payloads.length)] as string,
      );
      for (const p of payloads) storyEventIds.add((JSON.parse(p) as { id: string }).id);
      const queue = shuffle([...payloads, ...real, ...duplicates], random);
      expect(queue.length).toBe(TOTAL_DELIVERIES);

      const killedBefore = kills.length;
      const result = await deliverWithKills({
        url: cluster.url,
        secret: cluster.webhookSecret,
        queue,
        instances: cluster.instances,
        kills: KILLS,
        concurrency: 12,
        killed: kills,
      });
      // Every instance took deliveries, and each was down once (full form: twice) meanwhile.
      expect(cluster.proxy.served.every((n) => n > 0)).toBe(true);
      for (const i of cluster.instances) {
        const starts = i.process.output().match(/listening on http:\/\//g)?.length ?? 0;
        expect(starts, `starts of instance ${i.index}`).toBe(
          1 + kills.filter((k) => k.instance === i.index).length,
        );
      }
      console.info(
        `[instances] seed ${SEED}: ${queue.length} deliveries (${payloads.length} story events, ${real.length} ` +
          `sandbox events, ${extra} duplicates), ${kills.length - killedBefore} SIGKILLs meanwhile (instances ` +
          `${kills
            .slice(killedBefore)
            .map((k) => k.instance)
            .join(', ')}), ` +
          `${result.retried} deliveries sent again; proxy served ${cluster.proxy.served.join('/')}, ` +
          `refused ${cluster.proxy.refused.join('/')}, broken ${cluster.proxy.broken()}`,
      );
    },
    LIMIT_MS,
  );

  it(
    'afterwards: no event lost, none applied twice, one notification per state change, one evidence submission per dispute',
    async () => {
      const events = await sandboxEvents();
      // Every event the test sent or the sandbox made is in the inbox once, applied.
      await poll(
        async () => {
          const { rows } = await db.query<{ pending: string }>(
            'SELECT COUNT(*) AS pending FROM webhook_inbox WHERE processed_at IS NULL',
          );
          return Number(rows[0]?.pending) === 0;
        },
        SETTLE_MS,
        'every inbox event to be applied',
        500,
      );
      const inbox = (
        await db.query<{ id: string; processed_at: string | null; dead_at: string | null }>(
          'SELECT id, processed_at, dead_at FROM webhook_inbox',
        )
      ).rows;
      const inboxIds = new Set(inbox.map((e) => e.id));
      expect(inbox.length).toBe(inboxIds.size);
      const sent = new Set([...storyEventIds, ...events.map((e) => e.id)]);
      expect(storyEventIds.size).toBeGreaterThan(0);
      expect([...sent].filter((id) => !inboxIds.has(id))).toEqual([]);
      expect(inboxIds.size).toBe(sent.size);
      expect(inbox.filter((e) => e.dead_at !== null)).toEqual([]);

      // Each request ends as its story says, read through the proxy (any instance).
      const wrong: string[] = [];
      for (const [id, status] of expected) {
        const res = await api(cluster.url, 'GET', `/v1/payment-requests/${id}`, { key: merchant.apiKey });
        if (res.json.status !== status) wrong.push(`${id}: ${String(res.json.status)} (expected ${status})`);
      }
      expect(wrong).toEqual([]);

      // Every notification row delivered, and what the receiver got is exactly those rows.
      await poll(
        async () => {
          const { rows } = await db.query<{ n: string }>(
            "SELECT COUNT(*) AS n FROM notifications WHERE status <> 'delivered'",
          );
          return Number(rows[0]?.n) === 0;
        },
        SETTLE_MS,
        'every notification to be delivered',
        500,
      );
      const notifications = (
        await db.query<{ id: string; payment_request_id: string; type: string }>(
          'SELECT id, payment_request_id, type FROM notifications',
        )
      ).rows;
      const received = receiver.received.filter((r) => r.answered === 200);
      const receivedIds = new Set(received.map((r) => String(r.headers['cargopay-event-id'])));
      expect(receivedIds).toEqual(new Set(notifications.map((n) => n.id)));
      for (const r of received) {
        expect((JSON.parse(r.body) as { id: string }).id).toBe(r.headers['cargopay-event-id']);
      }
      // One notification per state change: per request and type (and, for a dispute's news, the dispute's
      // status it reports), one id; declines are one per decline, by design.
      const perChange = new Map<string, Set<string>>();
      for (const r of received) {
        const body = JSON.parse(r.body) as {
          id: string;
          type: string;
          data: { object: { id: string }; dispute?: { id: string; status: string } };
        };
        if (body.type === 'payment_request.payment_failed') continue;
        const dispute = body.type === 'payment_request.dispute_updated' ? body.data.dispute : undefined;
        const key = `${body.data.object.id} ${body.type}${dispute ? ` ${dispute.id} ${dispute.status}` : ''}`;
        perChange.set(key, (perChange.get(key) ?? new Set()).add(body.id));
      }
      expect([...perChange].filter(([, ids]) => ids.size > 1).map(([key]) => key)).toEqual([]);
      // A notification reaches the merchant twice only when the instance that sent it was killed before it
      // could record the delivery, and another took it over: a SIGKILL lies between the two arrivals.
      const arrivals = new Map<string, number[]>();
      for (const r of received) {
        const id = String(r.headers['cargopay-event-id']);
        arrivals.set(id, [...(arrivals.get(id) ?? []), r.at]);
      }
      const repeated = [...arrivals].filter(([, at]) => at.length > 1);
      const unexplained = repeated.filter(
        ([, at]) => !kills.some((k) => (at[0] as number) <= k.gone && (at.at(-1) as number) >= k.start),
      );
      expect(unexplained.map(([id]) => id)).toEqual([]);

      // One evidence submission per dispute at the sandbox, whatever number of instances saw its events.
      expect(disputes.size).toBeGreaterThan(0);
      for (const dispute of disputes.keys()) {
        const atStripe = await stripe.disputes.retrieve(dispute);
        expect(atStripe.evidence_details.submission_count, dispute).toBe(1);
        expect(submissionsAtSandbox(dispute), dispute).toBe(1);
      }
      console.info(
        `[instances] ${inbox.length} events in the inbox, all applied; ${notifications.length} notifications, ` +
          `${received.length} deliveries to the merchant (${repeated.length} sent again after a SIGKILL); ` +
          `${disputes.size} disputes, one submission each`,
      );
    },
    LIMIT_MS,
  );
});
