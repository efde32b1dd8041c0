import { createHash } from 'node:crypto';
import { z } from 'zod';
import { monitoringConfig, type MonitoringConfig } from './monitoring/rules.ts';

/**
 * Configuration, read once at the edge. This is the only module that reads `process.env` (through
 * `readConfig()`); everything else receives a `Config`. `parseConfig(env)` is pure so tests build configs
 * from plain objects.
 */

export interface EncryptionKey {
  /** Stored beside every ciphertext, so old rows stay readable after a rotation. */
  id: string;
  key: Buffer;
}

export type StripeConfig =
  | { mode: 'sandbox' }
  | { mode: 'test' | 'live'; secretKey: string; publishableKey: string; webhookSecret: string | null };

export interface RateLimit {
  windowMs: number;
  limit: number;
}

/** Failed merchant authentications allowed per window, per client address and per key prefix. */
export interface AuthFailureLimit {
  windowMs: number;
  perAddress: number;
  perKeyPrefix: number;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Where buyers and merchants reach this server, without a trailing slash. */
  publicUrl: string;
  databasePath: string;
  /**
   * PostgreSQL to store everything in, shared by every instance started with it (`DATABASE_URL`); `null`: the
   * embedded SQLite file at `databasePath`.
   */
  database: { url: string; poolSize: number } | null;
  encryption: { current: EncryptionKey; retired: EncryptionKey[]; isDevelopmentKey: boolean };
  stripe: StripeConfig;
  /** In sandbox mode only: the port of the in-process sandbox (0: any free port). */
  sandboxPort: number;
  /** In sandbox mode only: enforce Stripe's test-mode or live-mode API rate limits in the sandbox; null: off. */
  sandboxRateLimits: 'test' | 'live' | null;
  /**
   * In sandbox mode only: the file the in-process sandbox keeps its state in (`SANDBOX_STATE_PATH`; by default
   * beside `DATABASE_PATH`, `<name>.stripe-sandbox.json`), so a restart changes nothing a user can see; null
   * (`SANDBOX_STATE_PATH=memory`): in memory only.
   */
  sandboxStatePath: string | null;
  /** Webhook secret used between the in-process sandbox and this server (sandbox mode only). */
  sandboxWebhookSecret: string | null;
  /**
   * In sandbox mode only: the origin of a stand-alone sandbox (`npm run sandbox`) that this instance and others
   * share (`STRIPE_SANDBOX_URL`), instead of one started in this process; `null`: start one in-process.
   */
  sandboxUrl: string | null;
  threeDSecure: 'automatic' | 'any';
  /** `baseUrl` null: the local VIES stand-in (sandbox mode), started on `standInPort` (0: any free port). */
  vies: { baseUrl: string | null; standInPort: number; timeoutMs: number; cacheTtlMs: number };
  backup: { dir: string; intervalMs: number; retention: number };
  /** Express `trust proxy` value; `false` when not behind a proxy. */
  trustProxy: boolean | number | string;
  /** Redirect plain HTTP to HTTPS (judged from `X-Forwarded-Proto` through the trusted proxy). */
  forceHttps: boolean;
  hstsPreload: boolean;
  rateLimits: { checkout: RateLimit; api: RateLimit; webhooks: RateLimit; authFailures: AuthFailureLimit };
  /**
   * Bearer token that `/metrics` requires. `null` (never in production): `/metrics` answers only requests
   * from a loopback address.
   */
  metricsToken: string | null;
  bodyLimitBytes: number;
  webhookBodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Built widget and site (`dist/widget`, `dist/site`). */
  distDir: string;
  /**
   * The operator's statements file for a docs build that `npm start` runs (`OPERATOR_STATEMENTS`), or `null`:
   * development then builds from the repository's example file, other environments state nothing.
   */
  operatorStatements: string | null;
  /** Merchant notifications are retried for this long before being marked failed. */
  notificationMaxAgeMs: number;
  /**
   * How often the capture-deadline job looks for holds to warn about or to act on. Its deadline margin (10
   * minutes before `capture_before`) is far longer than the default minute, so no hold is missed between passes.
   */
  captureDeadlineIntervalMs: number;
  /** Security monitoring: alert webhook, evaluation interval, rule thresholds (`monitoring/rules.ts`). */
  monitoring: MonitoringConfig;
}

/** Thrown by `parseConfig` with one line per problem, each naming the variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const DEV_KEY_SEED = 'cargopay development key: never use outside development';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(8080),
  PUBLIC_URL: url.optional(),
  DATABASE_PATH: z.string().min(1).default('.data/cargopay.sqlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL: postgres://user:password@host:5432/database')
    .optional(),
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  ENCRYPTION_KEY: z.string().optional(),
  ENCRYPTION_KEYS_RETIRED: z.string().optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must look like sk_test_… or sk_live_…')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, 'must look like pk_test_… or pk_live_…')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, 'must look like whsec_…')
    .optional(),
  SANDBOX_PORT: int(0, 65535).default(0),
  SANDBOX_RATE_LIMITS: z.enum(['off', 'test', 'live']).default('off'),
  SANDBOX_STATE_PATH: z.string().min(1).optional(),
  STRIPE_SANDBOX_URL: z
    .url({ protocol: /^https?$/, error: 'must be the http:// address `npm run sandbox` prints' })
    .refine(
      (value) => /^https?:\/\/[^/?#]+\/?$/.test(value),
      'must be an origin without a path, e.g. http://127.0.0.1:12111',
    )
    .optional(),
  THREE_D_SECURE: z.enum(['automatic', 'any']).default('automatic'),
  VIES_BASE_URL: url.optional(),
  VIES_STAND_IN_PORT: int(0, 65535).default(0),
  VIES_TIMEOUT_MS: int(100, 60_000).default(5_000),
  VIES_CACHE_TTL_SECONDS: int(0, 30 * 86_400).default(86_400),
  BACKUP_DIR: z.string().min(1).default('.data/backups'),
  BACKUP_INTERVAL_MINUTES: int(1, 24 * 60).default(15),
  BACKUP_RETENTION: int(1, 10_000).default(96),
  TRUST_PROXY: z.string().optional(),
  FORCE_HTTPS: bool.optional(),
  RATE_LIMIT_CHECKOUT_PER_MINUTE: int(1, 1_000_000).default(60),
  RATE_LIMIT_API_PER_MINUTE: int(1, 1_000_000).default(600),
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: int(1, 1_000_000).default(6_000),
  RATE_LIMIT_AUTH_FAILURES: int(1, 1_000_000).default(20),
  RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX: int(1, 1_000_000).default(50),
  RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS: int(1, 86_400).default(900),
  METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters, e.g. `openssl rand -base64 32`')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  BODY_LIMIT_KB: int(1, 1024).default(32),
  WEBHOOK_BODY_LIMIT_KB: int(1, 4096).default(512),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DIST_DIR: z.string().min(1).default('dist'),
  OPERATOR_STATEMENTS: z.string().min(1).optional(),
  NOTIFICATION_MAX_AGE_HOURS: int(1, 24 * 30).default(72),
  ALERT_WEBHOOK_URL: url.optional(),
  ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),
  MONITORING_INTERVAL_SECONDS: int(1, 60).optional(),
  CAPTURE_DEADLINE_INTERVAL_SECONDS: int(1, 300).default(60),
  ALERT_THRESHOLDS: z.string().optional(),
});

/** Every variable the server reads; `.env.example` documents each one. */
export const ENV_VARIABLES: string[] = Object.keys(envSchema.shape);

function parseKey(raw: string, name: string, problems: string[]): EncryptionKey | null {
  const trimmed = raw.trim();
  const [maybeId, maybeKey] = trimmed.includes(':') ? trimmed.split(':', 2) : [null, trimmed];
  const key = Buffer.from(maybeKey ?? '', 'base64');
  if (key.length !== 32) {
    problems.push(
      `${name}: must be 32 random bytes in base64 (optionally "keyid:base64"), e.g. \`openssl rand -base64 32\``,
    );
    return null;
  }
  if (maybeId !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(maybeId)) {
    problems.push(`${name}: key id "${maybeId}" may hold only letters, digits, "_" and "-" (at most 32)`);
    return null;
  }
  const id = maybeId ?? `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
  return { id, key };
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** Validates an environment-like object. Throws `ConfigError` listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  let stripe: StripeConfig = { mode: 'sandbox' };
  if (e.STRIPE_SECRET_KEY && e.STRIPE_PUBLISHABLE_KEY) {
    const secretMode = e.STRIPE_SECRET_KEY.includes('_live_') ? 'live' : 'test';
    const publishableMode = e.STRIPE_PUBLISHABLE_KEY.includes('_live_') ? 'live' : 'test';
    if (secretMode !== publishableMode) {
      problems.push(
        'STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY: one is a live key and the other a test key',
      );
    }
    stripe = {
      mode: secretMode,
      secretKey: e.STRIPE_SECRET_KEY,
      publishableKey: e.STRIPE_PUBLISHABLE_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null,
    };
  } else if (e.STRIPE_SECRET_KEY || e.STRIPE_PUBLISHABLE_KEY) {
    problems.push(
      'STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY: set both (real Stripe) or neither (offline sandbox)',
    );
  }

  let current: EncryptionKey | null = null;
  let isDevelopmentKey = false;
  if (e.ENCRYPTION_KEY) {
    current = parseKey(e.ENCRYPTION_KEY, 'ENCRYPTION_KEY', problems);
  } else if (!production) {
    current = { id: 'dev', key: createHash('sha256').update(DEV_KEY_SEED).digest() };
    isDevelopmentKey = true;
  }
  const retired = (e.ENCRYPTION_KEYS_RETIRED ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s, i) => parseKey(s, `ENCRYPTION_KEYS_RETIRED[${i}]`, problems))
    .filter((k): k is EncryptionKey => k !== null);

  // Unset, the public URL is the address this server listens on, so that the start-up listing names one
  // address, and one that works; a wildcard address (every interface) is reached as localhost.
  const publicUrl = (e.PUBLIC_URL ?? `http://${reachableHost(e.HOST)}:${e.PORT}`).replace(/\/+$/, '');
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  const forceHttps = e.FORCE_HTTPS ?? production;

  if (production) {
    if (stripe.mode === 'sandbox') {
      problems.push(
        'STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY: production needs real Stripe keys (the offline sandbox never runs in production)',
      );
    } else if (!stripe.webhookSecret) {
      problems.push(
        'STRIPE_WEBHOOK_SECRET: production needs the signing secret of the Stripe webhook endpoint',
      );
    }
    if (!e.ENCRYPTION_KEY) {
      problems.push(
        'ENCRYPTION_KEY: production needs a key for sealing personal data (`openssl rand -base64 32`)',
      );
    }
    if (!publicUrl.startsWith('https://')) {
      problems.push('PUBLIC_URL: production needs the public https:// address of this server');
    }
    if (trustProxy === false) {
      problems.push(
        'TRUST_PROXY: production runs behind a TLS-terminating proxy; name it (e.g. "loopback", "10.0.0.0/8" or a hop count)',
      );
    }
    if (!forceHttps) problems.push('FORCE_HTTPS: must not be false in production');
    if (!e.METRICS_TOKEN) {
      problems.push(
        'METRICS_TOKEN: production needs a token for /metrics, sent as `Authorization: Bearer …` (`openssl rand -base64 32`)',
      );
    }
  }
  if (e.STRIPE_SANDBOX_URL) {
    if (stripe.mode !== 'sandbox' && !production) {
      problems.push(
        'STRIPE_SANDBOX_URL: only for sandbox mode; unset it, or unset STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY',
      );
    }
    if (production)
      problems.push('STRIPE_SANDBOX_URL: the offline sandbox never runs in production; unset it');
    if (!e.PUBLIC_URL && e.PORT === 0) {
      problems.push(
        'PUBLIC_URL: needed with STRIPE_SANDBOX_URL and PORT=0: the shared sandbox delivers webhooks to $PUBLIC_URL/v1/webhooks/stripe',
      );
    }
    const inProcessOnly = [
      e.SANDBOX_PORT !== 0 ? 'SANDBOX_PORT' : null,
      e.SANDBOX_RATE_LIMITS !== 'off' ? 'SANDBOX_RATE_LIMITS' : null,
      e.SANDBOX_STATE_PATH ? 'SANDBOX_STATE_PATH' : null,
    ];
    for (const name of inProcessOnly.filter((n) => n !== null)) {
      problems.push(
        `${name}: sets up the in-process sandbox, which does not start with STRIPE_SANDBOX_URL; set it for \`npm run sandbox\` instead`,
      );
    }
  }
  const viesBaseUrl =
    e.VIES_BASE_URL ??
    (stripe.mode === 'sandbox' ? null : 'https://ec.europa.eu/taxation_customs/vies/rest-api');
  if (viesBaseUrl !== null && e.VIES_STAND_IN_PORT !== 0) {
    problems.push(
      'VIES_STAND_IN_PORT: sets up the local VIES stand-in, which starts only in sandbox mode with VIES_BASE_URL unset; unset it',
    );
  }
  const monitoring = monitoringConfig(e, problems);
  if (problems.length > 0 || current === null) {
    throw new ConfigError(problems.length > 0 ? problems : ['ENCRYPTION_KEY: missing']);
  }

  const perMinute = (limit: number): RateLimit => ({ windowMs: 60_000, limit });
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    databasePath: e.DATABASE_PATH,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } : null,
    encryption: { current, retired, isDevelopmentKey },
    stripe,
    sandboxPort: e.SANDBOX_PORT,
    sandboxRateLimits: e.SANDBOX_RATE_LIMITS === 'off' ? null : e.SANDBOX_RATE_LIMITS,
    sandboxStatePath: sandboxStatePathFor(e.SANDBOX_STATE_PATH, e.DATABASE_PATH),
    sandboxWebhookSecret: stripe.mode === 'sandbox' ? (e.STRIPE_WEBHOOK_SECRET ?? null) : null,
    sandboxUrl: e.STRIPE_SANDBOX_URL ? e.STRIPE_SANDBOX_URL.replace(/\/+$/, '') : null,
    threeDSecure: e.THREE_D_SECURE,
    vies: {
      baseUrl: viesBaseUrl,
      standInPort: e.VIES_STAND_IN_PORT,
      timeoutMs: e.VIES_TIMEOUT_MS,
      cacheTtlMs: e.VIES_CACHE_TTL_SECONDS * 1000,
    },
    backup: {
      dir: e.BACKUP_DIR,
      intervalMs: e.BACKUP_INTERVAL_MINUTES * 60_000,
      retention: e.BACKUP_RETENTION,
    },
    trustProxy,
    forceHttps,
    hstsPreload: production,
    rateLimits: {
      checkout: perMinute(e.RATE_LIMIT_CHECKOUT_PER_MINUTE),
      api: perMinute(e.RATE_LIMIT_API_PER_MINUTE),
      webhooks: perMinute(e.RATE_LIMIT_WEBHOOKS_PER_MINUTE),
      authFailures: {
        windowMs: e.RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS * 1000,
        perAddress: e.RATE_LIMIT_AUTH_FAILURES,
        perKeyPrefix: e.RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX,
      },
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    webhookBodyLimitBytes: e.WEBHOOK_BODY_LIMIT_KB * 1024,
    logLevel: e.LOG_LEVEL,
    distDir: e.DIST_DIR,
    operatorStatements: e.OPERATOR_STATEMENTS ?? null,
    notificationMaxAgeMs: e.NOTIFICATION_MAX_AGE_HOURS * 3_600_000,
    captureDeadlineIntervalMs: e.CAPTURE_DEADLINE_INTERVAL_SECONDS * 1000,
    monitoring,
  };
}

/** Reads `process.env` once. The only reader of the environment in the server. */
export function readConfig(): Config {
  return parseConfig(process.env);
}

/**
 * `process.env` as the webhook endpoint command needs it (Stripe keys, PUBLIC_URL), without production's
 * requirements: one of them, STRIPE_WEBHOOK_SECRET, is the secret that command creates.
 */
export function readConfigForEndpointSetup(): Config {
  return parseConfig({ ...process.env, NODE_ENV: 'development' });
}

/**
 * Where the in-process sandbox keeps its state: `SANDBOX_STATE_PATH` (`memory`: nowhere), else beside the
 * database file, so that a fresh `DATABASE_PATH` (a new test directory, another instance) gets a fresh sandbox.
 */
export function sandboxStatePathFor(statePath: string | undefined, databasePath: string): string | null {
  if (statePath === 'memory') return null;
  if (statePath) return statePath;
  return `${databasePath.replace(/\.(sqlite3?|db)$/i, '')}.stripe-sandbox.json`;
}

/** The start-up banner lines that say which Stripe the server talks to; sandbox mode is announced loudly. */
export function describeMode(config: Config): string[] {
  const lines: string[] = [];
  if (config.stripe.mode === 'sandbox') {
    lines.push(
      '!!! SANDBOX MODE: no Stripe keys are set, so payments go to the OFFLINE STRIPE SANDBOX. No real money moves. !!!',
      '!!! Set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY to use Stripe.                                          !!!',
    );
  } else {
    lines.push(`Stripe: ${config.stripe.mode} mode`);
  }
  if (config.encryption.isDevelopmentKey) {
    lines.push('!!! ENCRYPTION_KEY is not set: personal data is sealed with the public DEVELOPMENT key. !!!');
  }
  if (config.vies.baseUrl === null) lines.push('VIES: local stand-in (sandbox mode)');
  if (config.metricsToken === null) {
    lines.push('METRICS_TOKEN is not set: /metrics answers only requests from a loopback address.');
  }
  return lines;
}

/** How a browser on this machine reaches a server listening on `host`. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Which database this configuration opens, for start-up listings and CLI messages: PostgreSQL's host, port and
 * database (never the user or password of `DATABASE_URL`), or the SQLite file.
 */
export function describeDatabase(config: Pick<Config, 'database' | 'databasePath'>): string {
  if (!config.database) return `SQLite ${config.databasePath}`;
  let url: URL;
  try {
    url = new URL(config.database.url);
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
  // libpq also takes the host (or a socket directory) and the database as query parameters.
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const port = url.port || url.searchParams.get('port') || '5432';
  const database =
    decodeURIComponent(url.pathname.replace(/^\//, '')) || url.searchParams.get('dbname') || '';
  return `PostgreSQL ${host}:${port}/${database || '(the user’s default database)'}`;
}
