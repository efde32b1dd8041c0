import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseContents } from '../../test/database-contents.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { hashApiKey, keyPrefix, newApiKey } from './keys.ts';
import { rotateApiKey } from './service.ts';

/** The random part of a key: what follows `cp_test_` / `cp_live_`, decoded. */
function secretBytes(key: string): Buffer {
  const match = /^cp_(?:test|live)_([A-Za-z0-9_-]+)$/.exec(key);
  if (!match?.[1]) throw new Error(`not an API key: ${key.slice(0, 8)}…`);
  return Buffer.from(match[1], 'base64url');
}

describe('merchant API keys', () => {
  it('a new key is cp_test_ or cp_live_ followed by 32 random bytes (43 base64url characters)', () => {
    for (const livemode of [false, true]) {
      const key = newApiKey(livemode);
      expect(key).toMatch(livemode ? /^cp_live_[A-Za-z0-9_-]{43}$/ : /^cp_test_[A-Za-z0-9_-]{43}$/);
      expect(secretBytes(key)).toHaveLength(32);
    }
  });

  it('10,000 new keys are all distinct, and each of their 256 bits is set in about half of them', () => {
    const count = 10_000;
    const keys = new Set<string>();
    const ones = new Array<number>(256).fill(0);
    for (let i = 0; i < count; i++) {
      const key = newApiKey(false);
      keys.add(key);
      for (const [index, byte] of secretBytes(key).entries()) {
        for (let b = 0; b < 8; b++)
          ones[index * 8 + b] = (ones[index * 8 + b] ?? 0) + ((byte >> (7 - b)) & 1);
      }
    }
    expect(keys.size).toBe(count);
    // A fair bit is set 5,000 times ± 50 (one standard deviation); 45–55 % is ten deviations either way, so
    // only a stuck or biased bit (a counter, a timestamp, a constant) fails.
    for (const [bit, set] of ones.entries()) {
      expect(set, `bit ${bit}`).toBeGreaterThan(count * 0.45);
      expect(set, `bit ${bit}`).toBeLessThan(count * 0.55);
    }
  });

  it('hashes a key with SHA-256, and a listing shows only cp_test_ and 4 more characters', () => {
    const key = newApiKey(false);
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(keyPrefix(key)).toBe(`${key.slice(0, 12)}…`);
  });
});

describe('merchant API keys at rest', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ workers: false, registerWebhook: false });
  });
  afterAll(() => t.close());

  it('the database holds only the SHA-256 hash of a key: neither the key nor its random part, before or after it is used and rotated', async () => {
    const { merchant, apiKey } = await t.merchant();
    const used = await t.request('GET', '/v1/payment-requests', { key: apiKey });
    expect(used.status).toBe(200);
    const rotated = await rotateApiKey(t.store, merchant.id, false);
    if (!rotated) throw new Error('rotation found no merchant');
    expect((await t.request('GET', '/v1/payment-requests', { key: rotated })).status).toBe(200);
    expect((await t.request('GET', '/v1/payment-requests', { key: apiKey })).status).toBe(401);

    const contents = await databaseContents(t);
    for (const key of [apiKey, rotated]) {
      // The part after the displayed prefix, and a 16-character stretch of it, never reach the file.
      const hidden = key.slice(12);
      expect(contents.includes(Buffer.from(hidden)), 'key after its prefix').toBe(false);
      expect(contents.includes(Buffer.from(hidden.slice(10, 26))), 'part of a key').toBe(false);
      expect(contents.includes(secretBytes(key)), 'raw key bytes').toBe(false);
    }
    expect(contents.includes(Buffer.from(hashApiKey(rotated))), 'the current hash').toBe(true);
    expect(t.logs.join('\n')).not.toContain(apiKey.slice(12));
  });
});
