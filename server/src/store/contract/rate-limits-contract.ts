import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';

const MINUTE = 60_000;

/** The rate-limit counters' part of the contract (`store.rateLimits`), called inside `storeContract`. */
export function rateLimitsContract(current: () => Store): void {
  describe('rate-limit counters', () => {
    it('counts hits in fixed windows per key, opening a new window once the last ended', async () => {
      const counters = current().rateLimits;
      expect(await counters.peek('api:mer_1', 0)).toBeNull();
      expect(await counters.hit('api:mer_1', MINUTE, 0)).toEqual({ hits: 1, resetAt: MINUTE });
      expect(await counters.hit('api:mer_1', MINUTE, 30_000)).toEqual({ hits: 2, resetAt: MINUTE });
      expect(await counters.hit('api:mer_2', MINUTE, 30_000)).toEqual({ hits: 1, resetAt: 90_000 });
      expect(await counters.peek('api:mer_1', MINUTE - 1)).toEqual({ hits: 2, resetAt: MINUTE });
      expect(await counters.peek('api:mer_1', MINUTE)).toBeNull();
      expect(await counters.hit('api:mer_1', MINUTE, MINUTE)).toEqual({ hits: 1, resetAt: 2 * MINUTE });
    });

    it('takes back a hit, never below zero; forgets a key; sweeps only ended windows', async () => {
      const counters = current().rateLimits;
      await counters.hit('k', MINUTE, 0);
      await counters.hit('k', MINUTE, 0);
      await counters.decrement('k', 1);
      expect(await counters.peek('k', 1)).toEqual({ hits: 1, resetAt: MINUTE });
      await counters.decrement('k', 1);
      await counters.decrement('k', 1);
      expect(await counters.peek('k', 1)).toEqual({ hits: 0, resetAt: MINUTE });
      await counters.reset('k');
      expect(await counters.peek('k', 1)).toBeNull();
      await counters.hit('short', 1_000, 0);
      await counters.hit('long', MINUTE, 0);
      expect(await counters.sweep(1_000)).toBe(1);
      expect(await counters.peek('long', 1_000)).toEqual({ hits: 1, resetAt: MINUTE });
    });
  });
}
