/**
 * A client for VIES, the EU's VAT number service (REST: `POST <base>/check-vat-number` with `countryCode` and
 * `vatNumber`; Greece is `EL`). Every inconclusive outcome (a member state's service down, `MS_UNAVAILABLE`,
 * `TIMEOUT`, too many concurrent requests, HTTP errors, our own timeout) is `unavailable`, never `invalid`.
 * Conclusive answers are cached for `cacheTtlMs`; `unavailable` is never cached.
 */
export interface ViesAnswer {
  result: 'valid' | 'invalid' | 'unavailable';
  name: string | null;
  address: string | null;
  /** VIES's `requestDate`. */
  requestDate: string | null;
  requestIdentifier: string | null;
  /** VIES's error code for an `unavailable` answer, or `TIMEOUT`/`NETWORK`/`HTTP_<status>` from our side. */
  error: string | null;
}

export interface ViesClient {
  check(countryCode: string, vatNumber: string): Promise<ViesAnswer>;
}

/** VIES errors that mean "the number is wrong", as opposed to "cannot tell right now". */
const INVALID_INPUT = new Set(['INVALID_INPUT', 'INVALID']);

const unavailable = (error: string): ViesAnswer => ({
  result: 'unavailable',
  name: null,
  address: null,
  requestDate: null,
  requestIdentifier: null,
  error,
});

// VIES writes "---" where a member state does not disclose a field.
const field = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' && v.trim() !== '---' ? v.trim() : null;

/** Reads a VIES `check-vat-number` answer body. */
export function readViesAnswer(body: unknown): ViesAnswer {
  const b = (body ?? {}) as Record<string, unknown>;
  const wrapped = Array.isArray(b.errorWrappers) ? (b.errorWrappers as { error?: unknown }[]) : [];
  const errorCode =
    typeof wrapped[0]?.error === 'string'
      ? wrapped[0].error
      : typeof b.userError === 'string'
        ? b.userError
        : null;
  if (errorCode && errorCode !== 'VALID' && errorCode !== 'INVALID') {
    return INVALID_INPUT.has(errorCode)
      ? { ...unavailable(errorCode), result: 'invalid' }
      : unavailable(errorCode);
  }
  const valid = typeof b.valid === 'boolean' ? b.valid : typeof b.isValid === 'boolean' ? b.isValid : null;
  if (valid === null) return unavailable('UNREADABLE_ANSWER');
  return {
    result: valid ? 'valid' : 'invalid',
    name: field(b.name),
    address: field(b.address),
    requestDate: field(b.requestDate),
    requestIdentifier: field(b.requestIdentifier),
    error: null,
  };
}

export function createViesClient(options: {
  baseUrl: string;
  timeoutMs: number;
  cacheTtlMs: number;
  now?: () => number;
  maxCacheEntries?: number;
}): ViesClient {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxCacheEntries ?? 10_000;
  const cache = new Map<string, { answer: ViesAnswer; expires: number }>();
  const base = options.baseUrl.replace(/\/+$/, '');

  return {
    async check(countryCode, vatNumber) {
      const key = `${countryCode}${vatNumber}`;
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.answer;
      let answer: ViesAnswer;
      try {
        const response = await fetch(`${base}/check-vat-number`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ countryCode, vatNumber }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const body: unknown = await response.json().catch(() => null);
        answer = response.ok || body !== null ? readViesAnswer(body) : unavailable(`HTTP_${response.status}`);
        if (!response.ok && answer.result === 'valid') answer = unavailable(`HTTP_${response.status}`);
      } catch (error) {
        answer = unavailable(error instanceof Error && error.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK');
      }
      if (answer.result !== 'unavailable' && options.cacheTtlMs > 0) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(key, { answer, expires: now() + options.cacheTtlMs });
      }
      return answer;
    },
  };
}
