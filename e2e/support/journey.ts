import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { WebhookReceiver } from '../../server/sandbox/testing.ts';
import { verifySignature } from '../../server/src/contract/signature.ts';
import { merchantPolicies } from '../../server/src/disputes/test-helpers.ts';
import { launchChromium, pay, waitForState, widgetText } from './browser.ts';
import { startMerchantSite, type MerchantSite } from './merchant-site.ts';
import {
  api,
  createMerchantWithCli,
  poll,
  startStack,
  type CliMerchant,
  type Stack,
  type StackOptions,
} from './stack.ts';

/**
 * The merchant's side of a buyer journey, shared by the suites that take payments through the real server
 * process: the set-up (server, merchant site, notification receiver, a merchant made with the CLI, Chromium),
 * the requests the merchant creates, and what it then sees: the request's status through its API and the
 * signed notifications its receiver got. The buyer's gestures are in `browser.ts`.
 */

/** Everything one journey suite runs against; `close()` stops what `startJourneyStack` started. */
export interface JourneyStack {
  stack: Stack;
  site: MerchantSite;
  receiver: WebhookReceiver;
  merchant: CliMerchant;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the server process (`env` as `startStack` takes it), a merchant site on its own origin, a notification
 * receiver, the merchant Rhein Freight GmbH (created with the CLI, allowing the site's origin and notified at
 * the receiver) with the velocity limits lifted, and Chromium. `disputePolicies` also saves the merchant's
 * policies, which a dispute's evidence needs. What was started is stopped again when a later step fails.
 */
export async function startJourneyStack(
  o: StackOptions & { disputePolicies?: boolean } = {},
): Promise<JourneyStack> {
  const started: { close(): Promise<unknown> }[] = [];
  const close = async () => {
    for (const s of started.reverse()) await s.close();
  };
  try {
    const stack = await startStack(o);
    started.push(stack);
    const site = await startMerchantSite(stack.url);
    started.push(site);
    const receiver = await new WebhookReceiver().start();
    started.push(receiver);
    const merchant = createMerchantWithCli(stack, {
      name: 'Rhein Freight GmbH',
      origins: [site.origin],
      webhookUrl: receiver.url,
    });
    await liftVelocityLimits(stack.url, merchant.apiKey);
    if (o.disputePolicies) await setDisputePolicies(stack.url, merchant.apiKey);
    const browser = await launchChromium();
    started.push(browser);
    return { stack, site, receiver, merchant, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Every journey comes from 127.0.0.1, each with a fresh device: the per-IP and per-device limits are raised out
 * of reach for the merchant, so that no journey is blocked by the ones before it.
 */
export async function liftVelocityLimits(base: string, key: string): Promise<void> {
  const risk = await api(base, 'POST', '/v1/settings/risk', {
    key,
    body: { velocity: { per_ip: { limit: 10_000 }, per_device: { limit: 10_000 } } },
  });
  expect(risk.status, risk.text).toBe(200);
}

/** Saves the merchant's policies (`merchantPolicies`), from which a dispute's evidence is compiled. */
export async function setDisputePolicies(base: string, key: string): Promise<void> {
  const policies = await api(base, 'POST', '/v1/settings/disputes', { key, body: merchantPolicies });
  expect(policies.status, policies.text).toBe(200);
}

let buyers = 0;

/**
 * An open €189.50 road-freight request (`overrides` replace any field) of a buyer of its own: one address for
 * every journey added up to the per-email velocity rule (20 a day) half-way through a file, which made later
 * journeys' risk scores depend on how many attempts earlier ones happened to make.
 */
export async function createRequest(
  base: string,
  key: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  buyers++;
  const res = await api(base, 'POST', '/v1/payment-requests', {
    key,
    body: {
      amount: 18_950,
      currency: 'eur',
      reference: 'CMR-2026-0815',
      description: 'Road freight Duisburg → Lyon, 3 pallets',
      customer: { email: `buyer${buyers}@example.com`, name: 'Berta Buyer' },
      carrier: { name: 'Rhein Freight' },
      ...overrides,
    },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.json.id);
}

/** Polls the merchant API at `base` until the request has `status` (webhooks are applied asynchronously). */
export function waitForStatus(
  base: string,
  key: string,
  id: string,
  status: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  return poll(
    async () => {
      const res = await api(base, 'GET', `/v1/payment-requests/${id}`, { key });
      return res.json.status === status ? res.json : undefined;
    },
    timeoutMs,
    `payment request ${id} to be ${status} at ${base}`,
  );
}

/** Polls the merchant API at `base` until the request's (first) dispute is no longer `pending`; answers it. */
export function waitForAnsweredDispute(
  base: string,
  key: string,
  id: string,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  return poll(
    async () => {
      const res = await api(base, 'GET', `/v1/disputes?payment_request=${id}`, { key });
      const first = (res.json.data as Record<string, unknown>[] | undefined)?.[0];
      return first && first.response !== 'pending' ? first : undefined;
    },
    timeoutMs,
    `the dispute of ${id} to be answered at ${base}`,
  );
}

/** A notification as the merchant's receiver got it. */
export interface Notification {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * The notifications the merchant's receiver accepted for one request, in the order they came, each checked
 * for a valid `CargoPay-Signature` (the merchant's signing secret) and a `CargoPay-Event-Id` equal to its id.
 */
export function signedNotifications(
  receiver: WebhookReceiver,
  merchant: CliMerchant,
  id: string,
): Notification[] {
  return receiver.received
    .filter((r) => r.answered === 200)
    .map((r) => {
      const header = String(r.headers['cargopay-signature'] ?? '');
      expect(
        verifySignature(merchant.signingSecret, r.body, header, Math.floor(Date.now() / 1000), 600),
      ).toBe(true);
      const body = JSON.parse(r.body) as {
        id: string;
        type: string;
        data: { object: Record<string, unknown> };
      };
      expect(r.headers['cargopay-event-id']).toBe(body.id);
      return { id: body.id, type: body.type, data: body.data.object };
    })
    .filter((n) => n.data.id === id);
}

/** Waits until the receiver has `count` signed notifications of `type` for the request; answers them all. */
export function waitForNotifications(
  receiver: WebhookReceiver,
  merchant: CliMerchant,
  id: string,
  type: string,
  o: { count?: number; timeoutMs?: number } = {},
): Promise<Notification[]> {
  const count = o.count ?? 1;
  return poll(
    () => {
      const found = signedNotifications(receiver, merchant, id).filter((n) => n.type === type);
      return found.length >= count ? found : undefined;
    },
    o.timeoutMs ?? 20_000,
    `${count} × ${type} for ${id}`,
  );
}

/**
 * The example shop's whole journey on `page`: opens the shop at `shopBase` (the address the buyer typed), gets
 * a quote, pays it with 4242 and waits until the server at `apiBase` records the request as paid. Answers the
 * request's id.
 */
export async function payOnExampleShop(page: Page, shopBase: string, apiBase: string): Promise<string> {
  await page.goto(`${shopBase}/example-shop/`);
  await page.getByRole('button', { name: 'Get quote and pay' }).click();
  await page.waitForURL(/\/example-shop\/pay\/pr_/);
  const id = /pr_[0-9A-Za-z]+/.exec(page.url())?.[0] ?? '';
  await waitForState(page, 'ready');
  await pay(page, { number: '4242424242424242' });
  await waitForState(page, 'succeeded');
  expect(await widgetText(page)).toContain('Payment received');
  // The checkout summary is public: it turns to paid once the sandbox's webhook is applied.
  await poll(
    async () => (await api(apiBase, 'GET', `/v1/checkout/${id}`)).json.status === 'paid',
    20_000,
    `the example shop request paid from ${shopBase} to be recorded as paid`,
  );
  return id;
}
