import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../store/crypto.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { runMerchantCommand } from './commands.ts';
import { hashApiKey } from './keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-cli-'));
const key = Buffer.alloc(32, 9);
const databasePath = join(dir, 'db.sqlite');
let store: SqliteStore;

beforeAll(() => {
  store = new SqliteStore(databasePath, createSealer({ id: 'cli', key }));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runMerchantCommand(args, store, false, {
    info: (t) => (out += `${t}\n`),
    error: (t) => (err += `${t}\n`),
  });
  return { code, out, err };
}

describe('npm run merchant', () => {
  let id = '';
  let apiKey = '';

  it('creates a merchant from the command line, printing its API key and signing secret once', () => {
    const out = execFileSync(
      process.execPath,
      [
        'server/src/merchants/cli.ts',
        'create',
        '--name',
        'Baltic Couriers',
        '--origin',
        'https://baltic.example',
        '--origin',
        'https://www.baltic.example',
        '--webhook-url',
        'https://baltic.example/hooks/cargopay',
      ],
      {
        env: {
          ...process.env,
          DATABASE_PATH: databasePath,
          ENCRYPTION_KEY: `cli:${key.toString('base64')}`,
          STRIPE_SECRET_KEY: '',
          STRIPE_PUBLISHABLE_KEY: '',
          NODE_ENV: 'test',
        },
        encoding: 'utf8',
      },
    );
    apiKey = /Secret API key.*?(cp_test_[A-Za-z0-9_-]+)/.exec(out)?.[1] ?? '';
    id = /^(mer_\S+)/m.exec(out)?.[1] ?? '';
    expect(apiKey).not.toBe('');
    expect(out).toMatch(/cpwhsec_/);
  });

  it('stores only the key’s hash', async () => {
    const m = await store.merchants.byKeyHash(hashApiKey(apiKey));
    expect(m).toMatchObject({
      id,
      name: 'Baltic Couriers',
      allowedOrigins: ['https://baltic.example', 'https://www.baltic.example'],
    });
    for (const f of readdirSync(dir))
      expect(readFileSync(join(dir, f)).includes(Buffer.from(apiKey)), f).toBe(false);
  });

  it('lists merchants without their keys', async () => {
    const res = await run('list');
    expect(res.out).toContain('Baltic Couriers');
    expect(res.out).not.toContain(apiKey);
    expect(res.out).toContain(apiKey.slice(0, 12));
  });

  it('rotates the key: the new one works, the old one no longer does', async () => {
    const res = await run('rotate-key', id);
    const fresh = /(cp_test_[A-Za-z0-9_-]+)/.exec(res.out)?.[1] ?? '';
    expect(fresh).not.toBe(apiKey);
    expect(await store.merchants.byKeyHash(hashApiKey(apiKey))).toBeNull();
    expect((await store.merchants.byKeyHash(hashApiKey(fresh)))?.id).toBe(id);
  });

  it('rotates the notification signing secret', async () => {
    const before = await store.merchants.signingSecret(id);
    const res = await run('rotate-webhook-secret', id);
    const fresh = /(cpwhsec_[A-Za-z0-9_-]+)/.exec(res.out)?.[1];
    expect(fresh).toBeTruthy();
    expect(await store.merchants.signingSecret(id)).toBe(fresh);
    expect(fresh).not.toBe(before);
  });

  it('updates origins, webhook URL and the VIES setting', async () => {
    const res = await run(
      'update',
      id,
      '--origin',
      'https://new.example',
      '--webhook-url',
      'none',
      '--vat-unavailable',
      'block',
    );
    expect(res.code).toBe(0);
    expect(await store.merchants.get(id)).toMatchObject({
      allowedOrigins: ['https://new.example'],
      webhookUrl: null,
      vatUnavailableAllowsPayment: false,
    });
  });

  it('refuses bad input with one clear line per problem', async () => {
    const res = await run('create', '--name', 'X', '--origin', 'https://shop.example/path');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/origins\.0: must be an origin/);
    expect((await run('update', 'mer_nope')).err).toMatch(/no merchant mer_nope/);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('list', '--colour')).code).toBe(2);
  });
});
