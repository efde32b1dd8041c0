import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError, describeDatabase, describeMode, ENV_VARIABLES, parseConfig } from './config.ts';

const key = Buffer.alloc(32, 3).toString('base64');
const METRICS = 'metrics-token-0123456789abcdefghijklmnop';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs in sandbox mode without Stripe keys, and says so loudly', () => {
    const config = parseConfig({});
    expect(config.stripe.mode).toBe('sandbox');
    expect(describeMode(config).join('\n')).toMatch(/SANDBOX MODE.*OFFLINE STRIPE SANDBOX/);
    expect(config.vies.baseUrl).toBeNull();
    expect(config.vies.standInPort).toBe(0);
  });

  it('puts the VIES stand-in on VIES_STAND_IN_PORT, and refuses that port where no stand-in runs', () => {
    expect(parseConfig({ VIES_STAND_IN_PORT: '12112' }).vies.standInPort).toBe(12112);
    expect(problems({ VIES_STAND_IN_PORT: '70000' })[0]).toMatch(/^VIES_STAND_IN_PORT:/);
    const stand = /^VIES_STAND_IN_PORT: sets up the local VIES stand-in/;
    expect(problems({ VIES_STAND_IN_PORT: '12112', VIES_BASE_URL: 'https://vies.example' })[0]).toMatch(
      stand,
    );
    expect(
      problems({
        VIES_STAND_IN_PORT: '12112',
        STRIPE_SECRET_KEY: 'sk_test_a',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_a',
      }),
    ).toEqual([expect.stringMatching(stand)]);
    expect(problems({ VIES_STAND_IN_PORT: '0', VIES_BASE_URL: 'https://vies.example' })).toEqual([]);
  });

  it('uses real Stripe when both keys are set, and never the sandbox', () => {
    const config = parseConfig({
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
    });
    expect(config.stripe).toMatchObject({ mode: 'test', secretKey: 'sk_test_abc123' });
    expect(config.vies.baseUrl).toBe('https://ec.europa.eu/taxation_customs/vies/rest-api');
  });

  it('names every bad variable in one message, one line each', () => {
    const p = problems({
      PORT: 'eighty',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      LOG_LEVEL: 'loud',
      THREE_D_SECURE: 'never',
    });
    expect(p.length).toBe(3);
    expect(p.some((l) => l.startsWith('PORT:'))).toBe(true);
    expect(p.some((l) => l.startsWith('LOG_LEVEL:'))).toBe(true);
    expect(p.some((l) => l.startsWith('THREE_D_SECURE:'))).toBe(true);
    expect(problems({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([
      'STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY: set both (real Stripe) or neither (offline sandbox)',
    ]);
    expect(problems({ ENCRYPTION_KEY: 'short' })[0]).toMatch(/^ENCRYPTION_KEY: must be 32 random bytes/);
  });

  it('never echoes a secret in its messages', () => {
    const p = problems({ STRIPE_SECRET_KEY: 'sk_live_SUPERSECRET', STRIPE_PUBLISHABLE_KEY: 'pk_test_x1' });
    expect(p.join('\n')).not.toContain('SUPERSECRET');
  });

  it('refuses production without real keys, a webhook secret, an encryption key or HTTPS settings', () => {
    const p = problems({ NODE_ENV: 'production' });
    expect(p.map((l) => l.split(':')[0])).toEqual(
      expect.arrayContaining([
        'STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY',
        'ENCRYPTION_KEY',
        'PUBLIC_URL',
        'TRUST_PROXY',
      ]),
    );
    const almost = problems({
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
      ENCRYPTION_KEY: key,
      PUBLIC_URL: 'https://pay.example',
      TRUST_PROXY: 'loopback',
      METRICS_TOKEN: METRICS,
    });
    expect(almost).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET:/)]);
    const ok = parseConfig({
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      ENCRYPTION_KEY: key,
      PUBLIC_URL: 'https://pay.example',
      TRUST_PROXY: 'loopback',
      METRICS_TOKEN: METRICS,
    });
    expect(ok).toMatchObject({ forceHttps: true, hstsPreload: true, metricsToken: METRICS });
  });

  it('refuses production without METRICS_TOKEN, and a short token anywhere, without echoing it', () => {
    const production = {
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      ENCRYPTION_KEY: key,
      PUBLIC_URL: 'https://pay.example',
      TRUST_PROXY: 'loopback',
    };
    expect(problems(production)).toEqual([expect.stringMatching(/^METRICS_TOKEN: production needs a token/)]);
    const short = problems({ METRICS_TOKEN: 'tooShortToken123' });
    expect(short).toEqual([expect.stringMatching(/^METRICS_TOKEN: must be at least 32 characters/)]);
    expect(short.join('\n')).not.toContain('tooShortToken123');
    // Outside production it may be left unset: /metrics then answers loopback addresses only, as said at start.
    const development = parseConfig({});
    expect(development.metricsToken).toBeNull();
    expect(describeMode(development).join('\n')).toContain('METRICS_TOKEN is not set');
  });

  it('reads the failed-authentication limits, per address and per key prefix, with their window', () => {
    expect(parseConfig({}).rateLimits.authFailures).toEqual({
      windowMs: 900_000,
      perAddress: 20,
      perKeyPrefix: 50,
    });
    expect(
      parseConfig({
        RATE_LIMIT_AUTH_FAILURES: '5',
        RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX: '7',
        RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS: '60',
      }).rateLimits.authFailures,
    ).toEqual({ windowMs: 60_000, perAddress: 5, perKeyPrefix: 7 });
    expect(problems({ RATE_LIMIT_AUTH_FAILURES: '0' })[0]).toMatch(/^RATE_LIMIT_AUTH_FAILURES:/);
  });

  it('derives a key id from the key, or takes an explicit one, and reads retired keys', () => {
    expect(parseConfig({ ENCRYPTION_KEY: key }).encryption.current.id).toMatch(/^k[0-9a-f]{8}$/);
    const c = parseConfig({ ENCRYPTION_KEY: `2026a:${key}`, ENCRYPTION_KEYS_RETIRED: `2025b:${key}` });
    expect(c.encryption.current.id).toBe('2026a');
    expect(c.encryption.retired.map((k) => k.id)).toEqual(['2025b']);
  });
});

describe('.env.example', () => {
  it('documents every variable the server reads, and parses as a valid configuration', () => {
    const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
    const env = Object.fromEntries(
      lines
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual([...ENV_VARIABLES].sort());
    expect(parseConfig(env).stripe.mode).toBe('sandbox');
  });
});

describe('SANDBOX_STATE_PATH', () => {
  it('keeps the in-process sandbox’s state beside the database by default, in a file named, or in memory', () => {
    expect(parseConfig({}).sandboxStatePath).toBe('.data/cargopay.stripe-sandbox.json');
    expect(parseConfig({ DATABASE_PATH: '/srv/a/shop.db' }).sandboxStatePath).toBe(
      '/srv/a/shop.stripe-sandbox.json',
    );
    expect(parseConfig({ SANDBOX_STATE_PATH: '/tmp/s.json' }).sandboxStatePath).toBe('/tmp/s.json');
    expect(parseConfig({ SANDBOX_STATE_PATH: 'memory' }).sandboxStatePath).toBeNull();
  });
});

describe('SANDBOX_RATE_LIMITS', () => {
  it('makes the in-process sandbox enforce Stripe’s rate limits only when it names a mode', () => {
    expect(parseConfig({}).sandboxRateLimits).toBeNull();
    expect(parseConfig({ SANDBOX_RATE_LIMITS: 'test' }).sandboxRateLimits).toBe('test');
    expect(parseConfig({ SANDBOX_RATE_LIMITS: 'live' }).sandboxRateLimits).toBe('live');
    expect(() => parseConfig({ SANDBOX_RATE_LIMITS: 'on' })).toThrow(/SANDBOX_RATE_LIMITS/);
  });
});

describe('STRIPE_SANDBOX_URL', () => {
  it('points sandbox mode at a stand-alone sandbox, given as an origin', () => {
    expect(parseConfig({}).sandboxUrl).toBeNull();
    expect(parseConfig({ STRIPE_SANDBOX_URL: 'http://127.0.0.1:12111/' }).sandboxUrl).toBe(
      'http://127.0.0.1:12111',
    );
    expect(() => parseConfig({ STRIPE_SANDBOX_URL: 'localhost:12111' })).toThrow(
      /STRIPE_SANDBOX_URL: must be the http:\/\/ address `npm run sandbox` prints/,
    );
    expect(() => parseConfig({ STRIPE_SANDBOX_URL: 'http://127.0.0.1:12111/v1' })).toThrow(
      /STRIPE_SANDBOX_URL: must be an origin without a path/,
    );
  });

  it('is refused with real Stripe keys, in production, and beside the in-process sandbox’s settings', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    const sandboxUrl = { STRIPE_SANDBOX_URL: 'http://127.0.0.1:12111' };
    expect(
      problems({
        ...sandboxUrl,
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
      }),
    ).toContain(
      'STRIPE_SANDBOX_URL: only for sandbox mode; unset it, or unset STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY',
    );
    expect(problems({ ...sandboxUrl, NODE_ENV: 'production' })).toContain(
      'STRIPE_SANDBOX_URL: the offline sandbox never runs in production; unset it',
    );
    expect(problems({ ...sandboxUrl, SANDBOX_PORT: '12112' })[0]).toMatch(
      /^SANDBOX_PORT: sets up the in-process/,
    );
    expect(problems({ ...sandboxUrl, SANDBOX_RATE_LIMITS: 'test' })[0]).toMatch(/^SANDBOX_RATE_LIMITS:/);
    expect(problems({ ...sandboxUrl, SANDBOX_STATE_PATH: '/tmp/s.json' })[0]).toMatch(/^SANDBOX_STATE_PATH:/);
    // .env.example's defaults for them are no conflict.
    expect(problems({ ...sandboxUrl, SANDBOX_PORT: '0', SANDBOX_RATE_LIMITS: 'off' })).toEqual([]);
  });
});

describe('describeDatabase', () => {
  it('names PostgreSQL’s host, port and database, never its user or password, or the SQLite file', () => {
    const pg = (url: string) => describeDatabase({ database: { url, poolSize: 10 }, databasePath: 'x' });
    expect(pg('postgres://app:s3cret@db.internal:6543/payments?sslmode=require')).toBe(
      'PostgreSQL db.internal:6543/payments',
    );
    expect(pg('postgresql://app:s3cret@db.internal/payments')).toBe('PostgreSQL db.internal:5432/payments');
    expect(pg('postgres:///payments?host=/var/run/postgresql')).toBe(
      'PostgreSQL /var/run/postgresql:5432/payments',
    );
    expect(pg('postgres://app:s3cret@db.internal')).not.toContain('s3cret');
    expect(describeDatabase({ database: null, databasePath: '.data/cargopay.sqlite' })).toBe(
      'SQLite .data/cargopay.sqlite',
    );
  });
});
