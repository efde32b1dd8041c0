import { z } from 'zod';

/**
 * The standalone sandbox's configuration (`npm run sandbox`). This is the only sandbox module that reads
 * `process.env` (through `readSandboxConfig()`); `parseSandboxConfig(env)` is pure so tests can build configs.
 */
export interface SandboxConfig {
  port: number;
  host: string;
  webhook: { url: string; secret: string } | null;
  /** `SANDBOX_RATE_LIMITS`: enforce Stripe's test-mode or live-mode API rate limits; `null` (off) by default. */
  rateLimits: 'test' | 'live' | null;
  /**
   * `SANDBOX_STATE_PATH`: the file the sandbox keeps its state in (`.data/stripe-sandbox.json` by default), so
   * a restart changes nothing; `null` (`SANDBOX_STATE_PATH=memory`): in memory only.
   */
  statePath: string | null;
  /** Set when real Stripe keys are configured: the sandbox refuses to start then. */
  realStripeKeysConfigured: boolean;
}

const schema = z
  .object({
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).default(12_111),
    SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
    SANDBOX_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    SANDBOX_WEBHOOK_SECRET: z.string().min(8).optional(),
    SANDBOX_RATE_LIMITS: z.enum(['off', 'test', 'live']).default('off'),
    SANDBOX_STATE_PATH: z.string().min(1).default('.data/stripe-sandbox.json'),
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_PUBLISHABLE_KEY: z.string().optional(),
  })
  .refine((env) => Boolean(env.SANDBOX_WEBHOOK_URL) === Boolean(env.SANDBOX_WEBHOOK_SECRET), {
    message: 'SANDBOX_WEBHOOK_URL and SANDBOX_WEBHOOK_SECRET must be set together',
    path: ['SANDBOX_WEBHOOK_SECRET'],
  });

/** Validates the environment; throws an Error naming each bad variable (never echoing a secret's value). */
export function parseSandboxConfig(env: Record<string, string | undefined>): SandboxConfig {
  const result = schema.safeParse({
    SANDBOX_PORT: env.SANDBOX_PORT || undefined,
    SANDBOX_HOST: env.SANDBOX_HOST || undefined,
    SANDBOX_WEBHOOK_URL: env.SANDBOX_WEBHOOK_URL || undefined,
    SANDBOX_WEBHOOK_SECRET: env.SANDBOX_WEBHOOK_SECRET || undefined,
    SANDBOX_RATE_LIMITS: env.SANDBOX_RATE_LIMITS || undefined,
    SANDBOX_STATE_PATH: env.SANDBOX_STATE_PATH || undefined,
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY || undefined,
    STRIPE_PUBLISHABLE_KEY: env.STRIPE_PUBLISHABLE_KEY || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new Error(`Invalid sandbox configuration: ${problems.join('; ')}`);
  }
  const value = result.data;
  return {
    port: value.SANDBOX_PORT,
    host: value.SANDBOX_HOST,
    webhook:
      value.SANDBOX_WEBHOOK_URL && value.SANDBOX_WEBHOOK_SECRET
        ? { url: value.SANDBOX_WEBHOOK_URL, secret: value.SANDBOX_WEBHOOK_SECRET }
        : null,
    rateLimits: value.SANDBOX_RATE_LIMITS === 'off' ? null : value.SANDBOX_RATE_LIMITS,
    statePath: value.SANDBOX_STATE_PATH === 'memory' ? null : value.SANDBOX_STATE_PATH,
    realStripeKeysConfigured: Boolean(value.STRIPE_SECRET_KEY || value.STRIPE_PUBLISHABLE_KEY),
  };
}

/** Reads and validates `process.env`. */
export function readSandboxConfig(): SandboxConfig {
  return parseSandboxConfig(process.env);
}

/**
 * The Stripe test-mode secret key for `contract.test.ts`, when `STRIPE_SECRET_KEY` holds an `sk_test_…` key;
 * null otherwise (a live key is never used by tests).
 */
export function readContractStripeKey(env: Record<string, string | undefined> = process.env): string | null {
  const key = env.STRIPE_SECRET_KEY;
  return key?.startsWith('sk_test_') ? key : null;
}
