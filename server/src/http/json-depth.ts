import { ProblemError } from './problems.ts';

/**
 * The deepest nesting of objects and arrays a JSON body may have. CargoPay's deepest body (risk settings) nests
 * three levels; 32 leaves room for merchants' own structures while keeping every recursive step that follows
 * parsing (validation, the idempotency fingerprint, sealing) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * The nesting depth of a UTF-8 JSON text, up to `stopAbove + 1`: one linear pass over the bytes that skips
 * strings (and the escapes inside them) and never recurses, so it is safe on any input, valid JSON or not.
 * UTF-8 never uses the bytes of `"`, `\`, `[`, `]`, `{` or `}` inside a multi-byte character, so counting
 * bytes is exact.
 */
export function jsonDepth(bytes: Uint8Array, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Runs in the JSON body parser's `verify` hook, on the raw bytes before `JSON.parse`: refuses a body whose
 * charset is not UTF-8 (RFC 8259 §8.1: JSON between systems is UTF-8; the depth scan reads UTF-8 bytes) with
 * `415 unsupported-media-type`, and one nested deeper than `MAX_JSON_DEPTH` with `400 json-too-deep`.
 */
export function assertJsonShape(bytes: Uint8Array, charset: string | null): void {
  if (charset !== null && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
    throw new ProblemError('unsupported-media-type', { detail: 'JSON bodies must be UTF-8.' });
  }
  if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ProblemError('json-too-deep', {
      detail: `Objects and arrays may nest at most ${MAX_JSON_DEPTH} levels deep.`,
    });
  }
}
