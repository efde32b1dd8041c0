import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSealer } from '../store/crypto.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { hashApiKey } from './keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-cli-'));
const key = Buffer.alloc(32, 9);
const env = {
  ...process.env,
  DATABASE_PATH: join(dir, 'db.sqlite'),
  ENCRYPTION_KEY: `cli:${key.toString('base64')}`,
  STRIPE_SECRET_KEY: '',
  STRIPE_PUBLISHABLE_KEY: '',
  NODE_ENV: 'test',
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, ['server/src/merchants/cli.ts', ...args], {
      env,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, out, err: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout, err: e.stderr };
  }
}

const store = () => new SqliteStore(env.DATABASE_PATH, createSealer({ id: 'cli', key }));

describe('npm run merchant', () => {
  let id = '';
  let apiKey = '';

  it('creates a merchant and prints its API key and signing secret once; only the key’s hash is stored', async () => {
    const res = cli(
      'create',
      '--name',
      'Baltic Couriers',
      '--origin',
      'https://baltic.example',
      '--origin',
      'https://www.baltic.example',
      '--webhook-url',
      'https://baltic.example/hooks/cargopay',
    );
    expect(res.code).toBe(0);
    apiKey = /Secret API key.*?(cp_test_[A-Za-z0-9_-]+)/.exec(res.out)?.[1] ?? '';
    id = /^(mer_\S+)/m.exec(res.out)?.[1] ?? '';
    expect(apiKey).not.toBe('');
    expect(res.out).toMatch(/cpwhsec_/);
    const s = store();
    const m = await s.getMerchantByKeyHash(hashApiKey(apiKey));
    expect(m).toMatchObject({
      id,
      name: 'Baltic Couriers',
      allowedOrigins: ['https://baltic.example', 'https://www.baltic.example'],
    });
    s.close();
    for (const f of readdirSync(dir))
      expect(readFileSync(join(dir, f)).includes(Buffer.from(apiKey)), f).toBe(false);
  });

  it('lists merchants without their keys', () => {
    const res = cli('list');
    expect(res.out).toContain('Baltic Couriers');
    expect(res.out).not.toContain(apiKey);
    expect(res.out).toContain(apiKey.slice(0, 12));
  });

  it('rotates the key: the new one works, the old one no longer does', async () => {
    const res = cli('rotate-key', id);
    const fresh = /(cp_test_[A-Za-z0-9_-]+)/.exec(res.out)?.[1] ?? '';
    expect(fresh).not.toBe(apiKey);
    const s = store();
    expect(await s.getMerchantByKeyHash(hashApiKey(apiKey))).toBeNull();
    expect((await s.getMerchantByKeyHash(hashApiKey(fresh)))?.id).toBe(id);
    s.close();
  });

  it('updates origins, webhook URL and the VIES setting', async () => {
    const res = cli(
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
    const s = store();
    expect(await s.getMerchant(id)).toMatchObject({
      allowedOrigins: ['https://new.example'],
      webhookUrl: null,
      vatUnavailableAllowsPayment: false,
    });
    s.close();
  });

  it('refuses bad input with one clear line per problem', () => {
    const res = cli('create', '--name', 'X', '--origin', 'https://shop.example/path');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/origins\.0: must be an origin/);
    expect(cli('update', 'mer_nope').err).toMatch(/no merchant mer_nope/);
    expect(cli('frobnicate').code).toBe(2);
  });
});
