import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSealer } from '../store/crypto.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { paymentRequestBody } from '../../test/harness.ts';
import { createPaymentRequestSchema } from '../payment-requests/schema.ts';
import { createPaymentRequest as createRequest } from '../payment-requests/service.ts';
import { commandHelp, COMMANDS } from './cli-usage.ts';
import { hashApiKey } from './keys.ts';
import { createMerchant } from './service.ts';

const dir = mkdtempSync(join(tmpdir(), 'cargopay-cli-'));
const key = Buffer.alloc(32, 9);
const databasePath = join(dir, 'db.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `fn` on this test's database, opened for it alone and closed before the CLI runs again: the adapter keeps
 * what it read and batches what it writes, and the CLI is another process.
 */
async function db<T>(fn: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(databasePath, createSealer({ id: 'cli', key }));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

const cliEnv = {
  ...process.env,
  DATABASE_PATH: databasePath,
  DATABASE_URL: '',
  ENCRYPTION_KEY: `cli:${key.toString('base64')}`,
  STRIPE_SECRET_KEY: '',
  STRIPE_PUBLISHABLE_KEY: '',
  NODE_ENV: 'test',
};

/** A payment request of merchant `id`, as the merchant's backend would have created it. */
async function createPaymentRequest(db: SqliteStore, id: string): Promise<string> {
  const merchant = await db.merchants.get(id);
  if (!merchant) throw new Error(`no merchant ${id}`);
  const input = createPaymentRequestSchema.parse(paymentRequestBody());
  return (await createRequest(db, merchant, input, new Date())).id;
}

/** The real CLI (`npm run merchant -- …` runs this file) against this test's SQLite file. */
function run(...args: string[]): { code: number; out: string; err: string } {
  const result = spawnSync(process.execPath, ['server/src/merchants/cli.ts', ...args], {
    env: cliEnv,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
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
      { env: cliEnv, encoding: 'utf8' },
    );
    apiKey = /Secret API key.*?(cp_test_[A-Za-z0-9_-]+)/.exec(out)?.[1] ?? '';
    id = /^(mer_\S+)/m.exec(out)?.[1] ?? '';
    expect(apiKey).not.toBe('');
    expect(out).toMatch(/cpwhsec_/);
  });

  it('stores only the key’s hash', async () => {
    const m = await db((s) => s.merchants.byKeyHash(hashApiKey(apiKey)));
    expect(m).toMatchObject({
      id,
      name: 'Baltic Couriers',
      allowedOrigins: ['https://baltic.example', 'https://www.baltic.example'],
    });
    for (const f of readdirSync(dir))
      expect(readFileSync(join(dir, f)).includes(Buffer.from(apiKey)), f).toBe(false);
  });

  it('lists merchants without their keys', async () => {
    const res = run('list');
    expect(res.out).toContain('Baltic Couriers');
    expect(res.out).not.toContain(apiKey);
    expect(res.out).toContain(apiKey.slice(0, 12));
  });

  it('rotates the key: the new one works, the old one no longer does', async () => {
    const res = run('rotate-key', id);
    const fresh = /(cp_test_[A-Za-z0-9_-]+)/.exec(res.out)?.[1] ?? '';
    expect(fresh).not.toBe(apiKey);
    expect(await db((s) => s.merchants.byKeyHash(hashApiKey(apiKey)))).toBeNull();
    expect((await db((s) => s.merchants.byKeyHash(hashApiKey(fresh))))?.id).toBe(id);
  });

  it('rotates the notification signing secret', async () => {
    const before = await db((s) => s.merchants.signingSecret(id));
    const res = run('rotate-webhook-secret', id);
    const fresh = /(cpwhsec_[A-Za-z0-9_-]+)/.exec(res.out)?.[1];
    expect(fresh).toBeTruthy();
    expect(await db((s) => s.merchants.signingSecret(id))).toBe(fresh);
    expect(fresh).not.toBe(before);
  });

  it('updates the name, webhook URL and the VIES setting, and leaves the origins alone', async () => {
    const res = run(
      'update',
      id,
      '--name',
      'Baltic Couriers AS',
      '--webhook-url',
      'none',
      '--vat-unavailable',
      'block',
    );
    expect(res.code).toBe(0);
    expect(await db((s) => s.merchants.get(id))).toMatchObject({
      name: 'Baltic Couriers AS',
      allowedOrigins: ['https://baltic.example', 'https://www.baltic.example'],
      webhookUrl: null,
      vatUnavailableAllowsPayment: false,
    });
  });

  it('update --origin, which used to replace the list, changes nothing and prints the origins add command to run', async () => {
    const res = run('update', id, '--origin', 'https://new.example');
    expect(res.code).toBe(2);
    expect(res.err).toContain(`  npm run merchant -- origins add ${id} https://new.example\n`);
    expect((await db((s) => s.merchants.get(id)))?.allowedOrigins).toEqual([
      'https://baltic.example',
      'https://www.baltic.example',
    ]);
  });

  it('origins add adds to the list (once), origins remove takes out, origins list prints one per line', async () => {
    expect(run('origins', 'add', id, 'https://new.example', 'http://127.0.0.1:8080').code).toBe(0);
    expect(run('origins', 'add', id, 'https://new.example').out).toMatch(
      /already allows https:\/\/new\.example/,
    );
    expect(run('origins', 'remove', id, 'https://www.baltic.example').code).toBe(0);
    const listed = run('origins', 'list', id);
    expect(listed.code).toBe(0);
    expect(listed.out).toBe('https://baltic.example\nhttps://new.example\nhttp://127.0.0.1:8080\n');
    expect((await db((s) => s.merchants.get(id)))?.allowedOrigins).toEqual([
      'https://baltic.example',
      'https://new.example',
      'http://127.0.0.1:8080',
    ]);
  });

  it('origins take a payment request id for the merchant, as the widget’s console hint prints it', async () => {
    const pr = await db((s) => createPaymentRequest(s, id));
    const res = run('origins', 'add', pr, 'https://staging.baltic.example');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`${pr} is a payment request of ${id} (Baltic Couriers AS).`);
    expect((await db((s) => s.merchants.get(id)))?.allowedOrigins).toContain(
      'https://staging.baltic.example',
    );
    expect(run('origins', 'list', 'pr_nope').err).toMatch(/^no payment request pr_nope in this database/);
  });

  it('refuses an origin that is not one, showing the origin meant in the exact command to run', async () => {
    const res = run('origins', 'add', id, 'https://shop.example/checkout/');
    expect(res.code).toBe(1);
    expect(res.err).toBe(
      `"https://shop.example/checkout/" is not an origin: scheme, host and port if not the default, no path or trailing slash. Did you mean https://shop.example? npm run merchant -- origins add ${id} https://shop.example\n`,
    );
    expect(run('origins', 'add', id, 'shop.example').err).toMatch(
      /is not an origin.*\(e\.g\. https:\/\/shop\.example\)/,
    );
    expect(run('origins', 'remove', id, 'https://never.example').err).toMatch(
      /does not allow https:\/\/never\.example; its origins: /,
    );
  });

  it('never removes the last origin', async () => {
    const { merchant } = await db((s) =>
      createMerchant(
        s,
        { name: 'One Origin Ltd', origins: ['https://one.example'], webhookUrl: null },
        false,
      ),
    );
    const res = run('origins', 'remove', merchant.id, 'https://one.example');
    expect(res.code).toBe(1);
    expect(res.err).toContain(`npm run merchant -- origins add ${merchant.id} <origin>`);
    expect((await db((s) => s.merchants.get(merchant.id)))?.allowedOrigins).toEqual(['https://one.example']);
  });

  it('--help, -h and help answer for the CLI and for every command, on stdout, exit 0, with no database', () => {
    const noDatabase = { ...cliEnv, DATABASE_PATH: join(dir, 'missing-dir', 'nope.sqlite') };
    const help = (...args: string[]) =>
      spawnSync(process.execPath, ['server/src/merchants/cli.ts', ...args], {
        env: noDatabase,
        encoding: 'utf8',
      });
    for (const args of [['--help'], ['-h']]) {
      const res = help(...args);
      expect(res.status, args.join(' ')).toBe(0);
      for (const name of Object.keys(COMMANDS)) expect(res.stdout).toContain(`  ${name} `);
    }
    for (const name of Object.keys(COMMANDS)) {
      const res = help(...name.split(' '), '--help');
      expect(res.status, name).toBe(0);
      expect(res.stdout, name).toContain(`usage: npm run merchant -- ${COMMANDS[name]?.usage}\n`);
    }
    expect(help('help', 'origins', 'add').stdout).toBe(`${commandHelp('origins add')}\n`);
    expect(help('origins', '--help').stdout).toContain('origins remove <merchant> <origin>');
    expect(help('help', 'origins').stdout).toBe(help('origins', '-h').stdout);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });

  it('an unknown command, option or argument count prints the usage (never a raw parseArgs error), exit 2', () => {
    const unknownOption = run('list', '--colour');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err).toBe('list: unknown option --colour\n\n' + `${commandHelp('list')}\n`);
    const noValue = run('create', '--name');
    expect(noValue.code).toBe(2);
    expect(noValue.err).toMatch(/^create: option --name needs a value\n\nusage: npm run merchant -- create /);
    expect(run('origins', 'add', id).err).toMatch(/^origins add: missing arguments\n\nusage: /);
    expect(run('rotate-key', id, 'extra').err).toMatch(/^rotate-key: unexpected argument "extra"\n/);
    expect(run('frobnicate').err).toMatch(
      /^unknown command "frobnicate"\n\nusage: npm run merchant -- <command>/,
    );
    expect(run('origins', 'frob').err).toMatch(/^unknown command "origins frob"\n\nusage: /);
    for (const args of [['list', '--colour'], ['create', '--name'], ['frobnicate'], []]) {
      const res = run(...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err).not.toMatch(/ERR_PARSE_ARGS|To specify a positional argument/);
    }
  });

  it('refuses bad input with one clear line per problem, and names the command that lists merchants', async () => {
    const res = run('create', '--name', 'X', '--origin', 'https://shop.example/path');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/origins\.0: must be an origin/);
    expect(run('update', 'mer_nope', '--name', 'Y').err).toBe(
      'no merchant mer_nope (npm run merchant -- list shows them)\n',
    );
  });
});
