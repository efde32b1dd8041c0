import { eventPayload } from './attacker.ts';

/**
 * Stripe events that tell what happened to one payment request, signed and sent by the reliability and
 * multi-instance suites in any order and any number of times: each story lists its events (as Stripe.Event
 * JSON) and the status the request must end in, whatever order they are applied in.
 */
export interface Story {
  events: string[];
  expected: string;
}

/** The amount every story's PaymentIntent is for (the payment request must be created with it). */
export const STORY_AMOUNT = 10_000;

/** How many kinds `story` tells; `kind` is taken modulo this. */
export const STORY_KINDS = 5;

/**
 * Story `kind` for payment request `pr`; `n` makes its PaymentIntent and charge ids unique, `base` is the first
 * event's `created` (each later event one second newer, so that their order is known to the server).
 */
export function story(kind: number, pr: string, n: number, base: number): Story {
  const pi = `pi_rel${String(n).padStart(8, '0')}`;
  let t = base;
  const intent = (type: string, status: string, error: Record<string, unknown> | null = null) =>
    eventPayload(
      type,
      {
        id: pi,
        object: 'payment_intent',
        amount: STORY_AMOUNT,
        currency: 'eur',
        status,
        metadata: { payment_request: pr },
        last_payment_error: error,
      },
      { created: t++ },
    );
  const refund = (refunded: number) =>
    eventPayload(
      'charge.refunded',
      {
        id: `ch_rel${String(n).padStart(8, '0')}`,
        object: 'charge',
        amount: STORY_AMOUNT,
        amount_refunded: refunded,
        currency: 'eur',
        payment_intent: pi,
        metadata: { payment_request: pr },
        refunded: refunded >= STORY_AMOUNT,
      },
      { created: t++ },
    );
  const declined = { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Declined.' };
  switch (kind % STORY_KINDS) {
    case 0: // declined, then paid with another card
      return {
        events: [
          intent('payment_intent.payment_failed', 'requires_payment_method', declined),
          intent('payment_intent.succeeded', 'succeeded'),
        ],
        expected: 'paid',
      };
    case 1: // paid, then refunded in full
      return {
        events: [intent('payment_intent.succeeded', 'succeeded'), refund(STORY_AMOUNT)],
        expected: 'refunded',
      };
    case 2: // paid, then part refunded
      return {
        events: [intent('payment_intent.succeeded', 'succeeded'), refund(STORY_AMOUNT / 4)],
        expected: 'partially_refunded',
      };
    case 3: // two declines: still open
      return {
        events: [
          intent('payment_intent.payment_failed', 'requires_payment_method', declined),
          intent('payment_intent.payment_failed', 'requires_payment_method', declined),
        ],
        expected: 'open',
      };
    default: // processing, then canceled by the merchant's system at Stripe
      return {
        events: [
          intent('payment_intent.processing', 'processing'),
          intent('payment_intent.canceled', 'canceled'),
        ],
        expected: 'canceled',
      };
  }
}

/** Shuffles `items` in place (Fisher–Yates) with `random` (Math.random unless a seeded one is given). */
export function shuffle<T>(items: T[], random: () => number = Math.random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** A small seeded generator (mulberry32), so that a run's order can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
