import { createHash, randomBytes } from 'node:crypto';

/**
 * Merchant credentials. API keys are 32 random bytes (`cp_test_…` / `cp_live_…`), shown once and stored only
 * as a SHA-256 hash: with that much entropy a fast hash is enough, and it lets a key be found by its hash.
 * Notification signing secrets (`cpwhsec_…`) must be usable later, so they are sealed, not hashed.
 */
export function newApiKey(livemode: boolean): string {
  return `cp_${livemode ? 'live' : 'test'}_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What a listing shows of a key: enough to recognise it, not to use it. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, 12)}…`;
}

export function newSigningSecret(): string {
  return `cpwhsec_${randomBytes(32).toString('base64url')}`;
}

export function newMerchantId(): string {
  return `mer_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}
