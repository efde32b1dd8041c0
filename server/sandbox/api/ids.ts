import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string of `length` characters (rejection sampling, so every character is equally likely). */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** A Stripe-style id: `pi_` + 24 base62 characters. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** Seconds since the epoch, as Stripe's `created` fields. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
