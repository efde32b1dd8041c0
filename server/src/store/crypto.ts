import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { EncryptionKey } from '../config.ts';

/**
 * AES-256-GCM sealing of personal fields. A sealed value reads `cp1.<key id>.<iv>.<tag>.<ciphertext>`
 * (base64url parts): the key id travels beside the ciphertext, so rows sealed under a retired key stay readable
 * while new rows use the current key. The additional data binds a value to its place (`table.column:rowid`),
 * so a ciphertext copied into another row or column does not open.
 */
export interface Sealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Key id of a sealed value, to find rows still under a retired key. */
  keyIdOf(sealed: string): string;
  /**
   * Keyed hash (HMAC-SHA-256 under a key derived from the current one) of a value that is matched but never
   * read back (emails, IPs, device ids); trimmed and lower-cased first, so spellings of one value match.
   */
  hash(kind: string, value: string): string;
}

export class SealError extends Error {
  override name = 'SealError';
}

export function createSealer(current: EncryptionKey, retired: EncryptionKey[] = []): Sealer {
  // Imported once: handing the raw bytes to every cipher imported the key again each time (twice the cost of
  // sealing a short field).
  const currentKey = createSecretKey(current.key);
  const keys = new Map<string, KeyObject>([[current.id, currentKey]]);
  for (const k of retired) if (!keys.has(k.id)) keys.set(k.id, createSecretKey(k.key));
  // A KeyObject, imported once: HMAC with raw key bytes imports them on every call (7x slower here).
  const hashKey = createSecretKey(createHmac('sha256', current.key).update('cargopay risk hash').digest());

  return {
    hash(kind, value) {
      return createHmac('sha256', hashKey)
        .update(`${kind}:${value.trim().toLowerCase()}`)
        .digest('base64url');
    },
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(context));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        'cp1',
        current.id,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ct.toString('base64url'),
      ].join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== 'cp1') throw new SealError('not a sealed value');
      const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
      const key = keys.get(keyId);
      if (!key)
        throw new SealError(`sealed under unknown key id "${keyId}"; add it to ENCRYPTION_KEYS_RETIRED`);
      let decipher;
      try {
        decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      } catch {
        // A nonce or tag of the wrong length: a damaged value, refused like any other that does not open.
        throw new SealError('not a sealed value (malformed nonce or tag)');
      }
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SealError('sealed value failed authentication (wrong key or context, or tampered)');
      }
    },
    keyIdOf(sealed) {
      const id = sealed.split('.')[1];
      if (!id) throw new SealError('not a sealed value');
      return id;
    },
  };
}
