import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { IdempotencyStore } from './api/http.ts';
import { SandboxState } from './api/state.ts';
import type { Sandbox } from './sandbox.ts';
import { openStateFile } from './state-file.ts';
import { startTestSandbox, waitFor } from './testing.ts';

/** The sandbox's state file: what one sandbox knew, the next one on the same file knows. Real SDK, real files. */

let dir: string;
let path: string;
const running: Sandbox[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cargopay-sandbox-state-'));
  path = join(dir, 'state', 'stripe-sandbox.json');
});
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: { statePath?: string } = { statePath: path }): Promise<Sandbox> {
  const sandbox = await startTestSandbox(options);
  running.push(sandbox);
  return sandbox;
}

async function restart(sandbox: Sandbox): Promise<Sandbox> {
  await sandbox.close();
  running.splice(running.indexOf(sandbox), 1);
  return start();
}

describe('the sandbox’s state file', () => {
  it('a restart on the same file keeps objects, events, list order, card fingerprints, files and idempotency keys', async () => {
    const before = await start();
    const stripe = before.stripeClient();
    const open = await stripe.paymentIntents.create(
      { amount: 1500, currency: 'eur', allowed_payment_method_types: ['card'] },
      { idempotencyKey: 'pr_1:intent' },
    );
    const paid = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const upload = await stripe.files.create({
      purpose: 'dispute_evidence',
      file: {
        data: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF'),
        name: 'pod.pdf',
        type: 'application/pdf',
      },
    });
    const eventsBefore = (await stripe.events.list({ limit: 100 })).data.map((e) => e.id);

    const after = await restart(before);
    const again = after.stripeClient();
    // The same port: a page opened before the restart still reaches Stripe.js and its Payment Element there.
    expect(after.url).toBe(before.url);
    expect((await again.paymentIntents.retrieve(open.id)).client_secret).toBe(open.client_secret);
    expect((await again.paymentIntents.retrieve(paid.id)).status).toBe('succeeded');
    expect((await again.paymentIntents.list()).data.map((pi) => pi.id)).toEqual([paid.id, open.id]);
    expect((await again.events.list({ limit: 100 })).data.map((e) => e.id)).toEqual(eventsBefore);
    const contents = await fetch(`${after.url}/v1/files/${upload.id}/contents`, {
      headers: { authorization: `Bearer ${after.secretKey}` },
    });
    expect(await contents.text()).toContain('%PDF-1.4');
    // The same key answers the same PaymentIntent, replayed as first sent.
    const replay = await again.paymentIntents.create(
      { amount: 1500, currency: 'eur', allowed_payment_method_types: ['card'] },
      { idempotencyKey: 'pr_1:intent' },
    );
    expect(replay.id).toBe(open.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    // The same card gets the same fingerprint after the restart.
    const visa = await again.paymentIntents.create({
      amount: 2500,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_visa',
      confirm: true,
      expand: ['payment_method'],
    });
    const firstPm = await again.paymentMethods.retrieve(String(paid.payment_method));
    expect((visa.payment_method as { card: { fingerprint: string } }).card.fingerprint).toBe(
      firstPm.card?.fingerprint,
    );
    // A checkout opened before the restart pays after it.
    const confirmed = await again.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
  });

  it('saves shortly after a change, by rename (no temporary file left), without waiting for close', async () => {
    const sandbox = await start();
    const customer = await sandbox.stripeClient().customers.create({ email: 'ops@carrier.example' });
    await waitFor(() => existsSync(path) && readdirSync(join(dir, 'state')).length === 1);
    await waitFor(() => readFileSync(path, 'utf8').includes(customer.id));
    expect(readdirSync(join(dir, 'state'))).toEqual(['stripe-sandbox.json']);
  });

  it('saves less often once a save takes long: ten times its cost apart, never sooner than the debounce', async () => {
    const state = new SandboxState({ apiVersion: Stripe.API_VERSION, followUpDelayMs: 500 });
    // A clock that says each save took `cost` ms to turn the state into text (read before and after).
    let cost = 1;
    let now = 0;
    const clock = () => (now += cost);
    const file = openStateFile(path, state, new IdempotencyStore(), { debounceMs: 200, clock });
    expect(file.saveDelayMs).toBe(200);
    file.changed();
    await file.flush();
    expect(file.saveDelayMs).toBe(200); // a 1 ms save: the debounce stands
    cost = 150;
    file.changed();
    await file.flush();
    expect(file.saveDelayMs).toBe(1_500);
    expect(existsSync(path)).toBe(true);
  });

  it('listens on another port when its last one was taken meanwhile', async () => {
    const before = await start();
    const { port } = before;
    await before.close();
    running.splice(0);
    const squatter = createServer();
    squatter.listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      const after = await start();
      expect(after.port).not.toBe(port);
    } finally {
      squatter.close();
    }
  });

  it('a file it cannot read is moved aside and the sandbox starts empty', async () => {
    mkdirSync(join(dir, 'state'), { recursive: true });
    writeFileSync(path, '{"half": ');
    const sandbox = await start();
    expect((await sandbox.stripeClient().paymentIntents.list()).data).toEqual([]);
    expect(
      readdirSync(join(dir, 'state')).some((name) => name.startsWith('stripe-sandbox.json.unreadable-')),
    ).toBe(true);
  });

  it('without a state file (tests, SANDBOX_STATE_PATH=memory) a restart forgets everything', async () => {
    const before = await start({});
    const intent = await before.stripeClient().paymentIntents.create({ amount: 1500, currency: 'eur' });
    await before.close();
    running.splice(0);
    const after = await start({});
    await expect(after.stripeClient().paymentIntents.retrieve(intent.id)).rejects.toMatchObject({
      code: 'resource_missing',
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
