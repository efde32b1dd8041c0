import type Stripe from 'stripe';
import type { CardScenario } from './cards.ts';
import { newId, nowSeconds, randomToken } from './ids.ts';
import { RateLimiter } from './rate-limits.ts';

/** The request an API call runs for; events it causes carry it as `event.request`. */
export interface RequestContext {
  requestId: string;
  idempotencyKey: string | null;
}

export interface PaymentMethodRecord {
  object: Stripe.PaymentMethod;
  scenario: CardScenario;
}

export interface PaymentIntentRecord {
  object: Stripe.PaymentIntent;
  /** The current attempt has passed 3D Secure (reset when a new payment method is confirmed). */
  authenticated: boolean;
  offSession: boolean;
  /** Where a redirect-based 3D Secure challenge sends the buyer back to (the confirmation's `return_url`). */
  returnUrl: string | null;
}

export interface FileRecord {
  object: Stripe.File;
  bytes: Uint8Array;
  pages: number;
}

export interface DisputeRecord {
  object: Stripe.Dispute;
}

/** An Account Link: a one-time onboarding URL. */
export interface AccountLinkRecord {
  account: string;
  returnUrl: string;
  refreshUrl: string;
  expiresAt: number;
  used: boolean;
}

/** Settings that tests and the demo can change at run time. */
export interface PaymentBehaviour {
  /** When above 0, successful card payments stay `processing` this long before they succeed. */
  processingMs: number;
  /**
   * What Smart Disputes says about each new dispute (`smart_disputes.status`); `unavailable` (the default) is an
   * account without Smart Disputes, whose disputes have `intended_submission_method: null`.
   */
  smartDisputes: SmartDisputesStatus;
}

export const SMART_DISPUTES_STATUSES = ['available', 'requires_evidence', 'unavailable'] as const;
export type SmartDisputesStatus = (typeof SMART_DISPUTES_STATUSES)[number];

type EventOf<T extends Stripe.Event['type']> = Extract<Stripe.Event, { type: T }>;

/** Everything one sandbox knows. Each sandbox has its own; nothing is global. */
export class SandboxState {
  /** The sandbox's own URL (`http://127.0.0.1:12111`), known once it listens. */
  baseUrl = '';
  readonly apiVersion: string;
  readonly followUpDelayMs: number;
  readonly behaviour: PaymentBehaviour = { processingMs: 0, smartDisputes: 'unavailable' };
  /** Key for card fingerprints: stable within one sandbox (and across its restarts), different between sandboxes. */
  fingerprintKey = randomToken(32);
  /** Stripe's per-second API limits; off unless a test, the control API or `SANDBOX_RATE_LIMITS` turns them on. */
  readonly rateLimiter: RateLimiter;

  readonly paymentIntents = new Map<string, PaymentIntentRecord>();
  readonly paymentMethods = new Map<string, PaymentMethodRecord>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, DisputeRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly customers = new Map<string, Stripe.Customer>();
  readonly accounts = new Map<string, Stripe.Account>();
  readonly earlyFraudWarnings = new Map<string, Stripe.Radar.EarlyFraudWarning>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  readonly events: Stripe.Event[] = [];
  readonly eventsById = new Map<string, Stripe.Event>();

  /** Creation order of every object, so that lists are stable within one second. */
  private readonly sequence = new Map<string, number>();
  private nextSequence = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Called with every new event (the webhook dispatcher). */
  onEvent: (event: Stripe.Event) => void = () => {};
  /** Called after anything changes outside a request (events from follow-ups): the state file saves. */
  onChange: () => void = () => {};
  /** Number of webhook endpoints an event will go to (its `pending_webhooks`). */
  endpointCount: (type: string) => number = () => 0;

  constructor(options: { apiVersion: string; followUpDelayMs: number; now?: () => number }) {
    this.apiVersion = options.apiVersion;
    this.followUpDelayMs = options.followUpDelayMs;
    this.rateLimiter = new RateLimiter(options.now);
  }

  /** Records an object's creation order; call once per new object. */
  track(id: string): void {
    this.sequence.set(id, this.nextSequence++);
  }

  /** The creation order of every object, for the state file. */
  orderEntries(): [string, number][] {
    return [...this.sequence];
  }

  /** Restores the creation order saved by `orderEntries()`. */
  restoreOrder(entries: [string, number][]): void {
    this.sequence.clear();
    for (const [id, n] of entries) this.sequence.set(id, n);
    this.nextSequence = entries.reduce((max, [, n]) => Math.max(max, n + 1), 0);
  }

  /** Sort key: newest first, as Stripe lists. */
  order(id: string): number {
    return this.sequence.get(id) ?? -1;
  }

  /** Runs `fn` after `ms`, unless the sandbox is reset or closed first. */
  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Creates, stores and dispatches an event with a snapshot of `object` as it is now. */
  emit<T extends Stripe.Event['type']>(
    type: T,
    object: EventOf<T>['data']['object'],
    request: RequestContext | null,
    previousAttributes?: Record<string, unknown>,
  ): Stripe.Event {
    const data: Record<string, unknown> = { object: structuredClone(object) };
    if (previousAttributes !== undefined) data.previous_attributes = structuredClone(previousAttributes);
    const event = {
      id: newId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: this.endpointCount(type),
      request: { id: request?.requestId ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    } as unknown as EventOf<T>;
    this.track(event.id);
    this.events.push(event);
    this.eventsById.set(event.id, event);
    this.onEvent(event);
    this.onChange();
    return event;
  }

  /** Finds any stored object by its id (for `expand[]`). */
  find(id: string): unknown {
    const prefix = id.slice(0, id.indexOf('_') + 1);
    switch (prefix) {
      case 'pi_':
        return this.paymentIntents.get(id)?.object;
      case 'pm_':
        return this.paymentMethods.get(id)?.object;
      case 'ch_':
      case 'py_':
        return this.charges.get(id);
      case 're_':
        return this.refunds.get(id);
      case 'dp_':
      case 'du_':
        return this.disputes.get(id)?.object;
      case 'file_':
        return this.files.get(id)?.object;
      case 'cus_':
        return this.customers.get(id);
      case 'acct_':
        return this.accounts.get(id);
      case 'issfr_':
        return this.earlyFraudWarnings.get(id);
      case 'evt_':
        return this.eventsById.get(id);
      default:
        return undefined;
    }
  }

  /** Forgets every object, event and pending follow-up (webhook endpoints are kept). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.paymentIntents.clear();
    this.paymentMethods.clear();
    this.charges.clear();
    this.refunds.clear();
    this.disputes.clear();
    this.files.clear();
    this.customers.clear();
    this.accounts.clear();
    this.earlyFraudWarnings.clear();
    this.accountLinks.clear();
    this.events.length = 0;
    this.eventsById.clear();
    this.sequence.clear();
    this.behaviour.processingMs = 0;
    this.behaviour.smartDisputes = 'unavailable';
  }

  /** Stops every pending follow-up for good. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
