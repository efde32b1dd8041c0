import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { newId } from '../api/ids.ts';
import { signatureHeader } from './sign.ts';

/** A webhook endpoint: where events go and the secret they are signed with. */
export interface WebhookEndpointConfig {
  url: string;
  /** The signing secret; without one, the sandbox makes one up (`whsec_…`) when it adds the endpoint. */
  secret?: string;
  /** Event types to send (`*` or exact types); all by default. */
  enabled_events?: string[];
  /** Stripe's free-text `description` and `metadata` of the endpoint. */
  description?: string | null;
  metadata?: Record<string, string>;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  enabled_events: string[];
  description: string | null;
  metadata: Record<string, string>;
  /** Seconds since the epoch, as Stripe's `created`. */
  created: number;
  /** A disabled endpoint (Stripe's `disabled: true` update) is sent nothing. */
  status: 'enabled' | 'disabled';
}

/** How long to wait between attempts: `initialDelayMs × 2^(attempt−1)`, at most `maxDelayMs`, `maxAttempts` in all. */
export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** One attempt is abandoned (and counts as failed) after this long. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 10,
  timeoutMs: 10_000,
};

/** Switches for tests: deliver every event twice, late, or a burst of events out of order. */
export interface DeliveryBehaviour {
  duplicate: boolean;
  delay_ms: number;
  shuffle: boolean;
}

/** One attempt to deliver one event to one endpoint. */
export interface DeliveryAttempt {
  id: string;
  event: string;
  type: string;
  endpoint: string;
  url: string;
  attempt: number;
  /** `true` for the second copy sent by the `duplicate` switch. */
  duplicate: boolean;
  /** HTTP status the endpoint answered, or null when it could not be reached. */
  status: number | null;
  error: string | null;
  succeeded: boolean;
  /** Milliseconds since the epoch when the attempt started. */
  started_at: number;
  duration_ms: number;
  /** When the next attempt is due (ms since the epoch), or null if none will be made. */
  next_retry_at: number | null;
}

/** Refusal to register a URL again with another signing secret (the control API answers 409). */
export class WebhookEndpointConflict extends Error {}

/** Time the `shuffle` switch collects events before sending them in a different order. */
const SHUFFLE_WINDOW_MS = 100;

function matches(endpoint: WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && endpoint.enabled_events.some((e) => e === '*' || e === type);
}

/**
 * Delivers a sandbox's events to its webhook endpoints as Stripe does: a JSON body signed with
 * `Stripe-Signature`, retried with exponential backoff while the endpoint answers non-2xx or cannot be
 * reached, up to the policy's attempts. First attempts go out to each endpoint in the order the events
 * happened, unless the `shuffle` switch is on.
 */
export class WebhookDispatcher {
  private readonly policy: RetryPolicy;
  private readonly endpoints: WebhookEndpoint[] = [];
  private readonly attempts: DeliveryAttempt[] = [];
  private readonly behaviour: DeliveryBehaviour = { duplicate: false, delay_ms: 0, shuffle: false };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queues = new Map<string, Promise<void>>();
  private shuffleBuffer: Stripe.Event[] = [];
  private abort = new AbortController();
  /** Bumped by reset(): attempts begun before it schedule no retries. */
  private generation = 0;
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(policy: Partial<RetryPolicy> = {}, log: (line: string) => void = () => {}) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...policy };
    this.log = log;
  }

  /**
   * Adds an endpoint; events from now on are delivered to it. One endpoint per URL: adding a URL again answers
   * the endpoint already there (so several server instances behind one public URL, each registering it at
   * start, get every event once between them, signed with one secret). Adding it again with another secret is
   * refused, since whoever verifies with the first one would then refuse every delivery.
   */
  add(config: WebhookEndpointConfig): WebhookEndpoint {
    if (!/^https?:\/\/\S+$/.test(config.url))
      throw new Error(`Webhook endpoint URL must be http(s): ${config.url}`);
    if (config.secret === '') throw new Error('Webhook endpoint secret must not be empty');
    const existing = this.endpoints.find((e) => e.url === config.url);
    if (existing) {
      if (config.secret !== undefined && config.secret !== existing.secret)
        throw new WebhookEndpointConflict(
          `Webhook endpoint ${existing.id} already has ${config.url} with another signing secret; register it with the same secret, or without one to be told it`,
        );
      return existing;
    }
    return this.create(config);
  }

  /**
   * Adds an endpoint even if its URL has one already, as Stripe's `POST /v1/webhook_endpoints` does (each
   * endpoint then gets every event it subscribes to, signed with its own secret).
   */
  create(config: WebhookEndpointConfig): WebhookEndpoint {
    if (!/^https?:\/\/\S+$/.test(config.url))
      throw new Error(`Webhook endpoint URL must be http(s): ${config.url}`);
    const endpoint: WebhookEndpoint = {
      id: newId('we'),
      url: config.url,
      secret: config.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      enabled_events: config.enabled_events?.length ? [...config.enabled_events] : ['*'],
      description: config.description ?? null,
      metadata: { ...config.metadata },
      created: Math.floor(Date.now() / 1000),
      status: 'enabled',
    };
    this.endpoints.push(endpoint);
    return endpoint;
  }

  /** Changes an endpoint (subscriptions, on or off, description); `undefined` if there is no such endpoint. */
  update(
    id: string,
    patch: Partial<Pick<WebhookEndpoint, 'enabled_events' | 'status' | 'description' | 'metadata'>>,
  ): Omit<WebhookEndpoint, 'secret'> | undefined {
    const endpoint = this.endpoints.find((e) => e.id === id);
    if (!endpoint) return undefined;
    if (patch.enabled_events?.length) endpoint.enabled_events = [...patch.enabled_events];
    if (patch.status) endpoint.status = patch.status;
    if (patch.description !== undefined) endpoint.description = patch.description;
    if (patch.metadata) endpoint.metadata = { ...patch.metadata };
    return this.list().find((e) => e.id === id);
  }

  /** The endpoints, oldest first, without their secrets. */
  list(): Omit<WebhookEndpoint, 'secret'>[] {
    return this.endpoints.map(({ secret: _secret, enabled_events, metadata, ...rest }) => ({
      ...rest,
      enabled_events: [...enabled_events],
      metadata: { ...metadata },
    }));
  }

  /** How many endpoints will receive an event of this type. */
  count(type: string): number {
    return this.endpoints.filter((e) => matches(e, type)).length;
  }

  setBehaviour(next: Partial<DeliveryBehaviour>): DeliveryBehaviour {
    Object.assign(this.behaviour, next);
    return { ...this.behaviour };
  }

  getBehaviour(): DeliveryBehaviour {
    return { ...this.behaviour };
  }

  /** Every attempt so far, oldest first. */
  deliveries(): DeliveryAttempt[] {
    return this.attempts.map((a) => ({ ...a }));
  }

  /** Queues an event for every matching endpoint. */
  dispatch(event: Stripe.Event): void {
    if (this.closed || this.count(event.type) === 0) return;
    if (this.behaviour.shuffle) {
      if (this.shuffleBuffer.length === 0) {
        this.schedule(Math.max(SHUFFLE_WINDOW_MS, this.behaviour.delay_ms), () => this.flushShuffled());
      }
      this.shuffleBuffer.push(event);
      return;
    }
    if (this.behaviour.delay_ms > 0) this.schedule(this.behaviour.delay_ms, () => this.enqueue(event));
    else this.enqueue(event);
  }

  private flushShuffled(): void {
    const batch = this.shuffleBuffer;
    this.shuffleBuffer = [];
    const shuffled = [...batch];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as Stripe.Event, shuffled[i] as Stripe.Event];
    }
    // A shuffle that happens to keep the original order would test nothing: reverse it instead.
    if (shuffled.length > 1 && shuffled.every((e, i) => e === batch[i])) shuffled.reverse();
    for (const event of shuffled) this.enqueue(event);
  }

  private enqueue(event: Stripe.Event): void {
    const payload = JSON.stringify(event, null, 2);
    for (const endpoint of this.endpoints) {
      if (!matches(endpoint, event.type)) continue;
      const copies = this.behaviour.duplicate ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const previous = this.queues.get(endpoint.id) ?? Promise.resolve();
        const next = previous.then(() => this.attempt(endpoint, event, payload, 1, copy === 1));
        this.queues.set(endpoint.id, next);
      }
    }
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private attempt(
    endpoint: WebhookEndpoint,
    event: Stripe.Event,
    payload: string,
    attempt: number,
    duplicate: boolean,
  ): Promise<void> {
    if (this.closed) return Promise.resolve();
    const run = this.send(endpoint, event, payload, attempt, duplicate);
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  private async send(
    endpoint: WebhookEndpoint,
    event: Stripe.Event,
    payload: string,
    attempt: number,
    duplicate: boolean,
  ): Promise<void> {
    const record: DeliveryAttempt = {
      id: newId('whd'),
      event: event.id,
      type: event.type,
      endpoint: endpoint.id,
      url: endpoint.url,
      attempt,
      duplicate,
      status: null,
      error: null,
      succeeded: false,
      started_at: Date.now(),
      duration_ms: 0,
      next_retry_at: null,
    };
    this.attempts.push(record);
    const generation = this.generation;
    try {
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) offline-sandbox',
          'Stripe-Signature': signatureHeader(payload, endpoint.secret, timestamp),
        },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.policy.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      record.succeeded = response.status >= 200 && response.status < 300;
      if (!record.succeeded) record.error = `HTTP ${response.status}`;
    } catch (error) {
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    record.duration_ms = Date.now() - record.started_at;
    this.log(
      `webhook ${event.type} ${event.id} → ${endpoint.url} attempt ${attempt}: ${record.status ?? record.error}`,
    );
    if (record.succeeded) {
      if (!duplicate && event.pending_webhooks > 0) event.pending_webhooks -= 1;
      return;
    }
    if (this.closed || generation !== this.generation || attempt >= this.policy.maxAttempts) return;
    const delay = Math.min(this.policy.initialDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs);
    record.next_retry_at = Date.now() + delay;
    this.schedule(delay, () => void this.attempt(endpoint, event, payload, attempt + 1, duplicate));
  }

  /** Forgets deliveries, pending retries and switches (endpoints stay). */
  reset(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.shuffleBuffer = [];
    this.abort.abort();
    this.abort = new AbortController();
    this.attempts.length = 0;
    this.queues.clear();
    Object.assign(this.behaviour, { duplicate: false, delay_ms: 0, shuffle: false });
  }

  /** Stops all retries and pending deliveries and waits for attempts in flight to end. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
