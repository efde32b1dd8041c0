import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectKindOf } from './envelope.ts';
import { missingEvents, NEEDED_STRIPE_EVENTS } from './needed-events.ts';

const SRC = join(import.meta.dirname, '..');
/** The code that acts on Stripe events: whatever it switches on must reach it. */
const READERS = [
  'webhooks/apply.ts',
  'webhooks/refund-events.ts',
  'casework/worker.ts',
  'stripe/event-order.ts',
];

/** Event types a file compares against (`case '…':`, `=== '…'`, `startsWith('…')`), CargoPay's own excepted. */
function typesReadBy(file: string): { exact: string[]; prefixes: string[] } {
  const source = readFileSync(join(SRC, file), 'utf8');
  const dotted = (s: string) => s.includes('.') && !/^(payment_request|cargopay)\./.test(s);
  const all = (re: RegExp) => [...source.matchAll(re)].map((m) => m[1] as string).filter(dotted);
  return {
    exact: [...all(/case '([a-z_.]+)':/g), ...all(/=== '([a-z_.]+)'/g)],
    prefixes: all(/type\.startsWith\('([a-z_.]+)'\)/g),
  };
}

describe('the Stripe event types the webhook endpoint must be subscribed to', () => {
  it('include every event type the server switches on', () => {
    const needed: readonly string[] = NEEDED_STRIPE_EVENTS;
    for (const file of READERS) {
      const { exact, prefixes } = typesReadBy(file);
      for (const type of exact) expect(needed, `${file} reads ${type}`).toContain(type);
      for (const prefix of prefixes)
        expect(
          needed.some((t) => t.startsWith(prefix)),
          `${file} reads ${prefix}*`,
        ).toBe(true);
    }
  });

  it('finds the types in the readers (the scan above is not vacuous)', () => {
    expect(typesReadBy('webhooks/apply.ts').exact).toContain('charge.expired');
    expect(typesReadBy('webhooks/apply.ts').prefixes).toEqual(['charge.dispute.']);
    expect(typesReadBy('casework/worker.ts').exact).toContain('account.updated');
  });

  it('are each one CargoPay handles (HANDLED_EVENTS), listed once', () => {
    for (const type of NEEDED_STRIPE_EVENTS) expect(objectKindOf(type), type).toBeDefined();
    expect(new Set(NEEDED_STRIPE_EVENTS).size).toBe(NEEDED_STRIPE_EVENTS.length);
  });

  it('are all met by `*`, and missing ones are named in the list order', () => {
    expect(missingEvents(['*'])).toEqual([]);
    expect(missingEvents([...NEEDED_STRIPE_EVENTS])).toEqual([]);
    const without = NEEDED_STRIPE_EVENTS.filter((t) => t !== 'refund.failed' && t !== 'charge.expired');
    expect(missingEvents(without)).toEqual(['charge.expired', 'refund.failed']);
  });
});
