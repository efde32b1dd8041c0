import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';

/** `Store.exclusive`'s part of the contract (within one store; across instances see `pg-exclusive.test.ts`). */
export function exclusiveContract(current: () => Store): void {
  describe('jobs run once at a time', () => {
    it('runs a job and gives its value; a second run of the same job meanwhile is skipped, another job is not', async () => {
      const store = current();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      const first = store.exclusive('sweep', async () => {
        inside();
        await gate;
        return 'first';
      });
      await entered;
      expect(await store.exclusive('sweep', () => Promise.resolve('second'))).toEqual({ ran: false });
      expect(await store.exclusive('other', () => Promise.resolve(2))).toEqual({ ran: true, value: 2 });
      open();
      expect(await first).toEqual({ ran: true, value: 'first' });
      expect(await store.exclusive('sweep', () => Promise.resolve('third'))).toEqual({
        ran: true,
        value: 'third',
      });
    });

    it("passes on the job's error and frees the job", async () => {
      const store = current();
      await expect(store.exclusive('sweep', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.exclusive('sweep', () => Promise.resolve(1))).toEqual({ ran: true, value: 1 });
    });
  });
}
