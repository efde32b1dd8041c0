import type { PaymentRequestStatus } from '../checkout/contract.ts';
import type { EventStamp } from '../stripe/event-order.ts';
import type { CaseworkQueue } from './ports/casework.ts';
import type { ConnectRepository } from './ports/connect.ts';
import type { DisputeRepository } from './ports/disputes.ts';
import type { ExclusiveOptions, ExclusiveRun } from './ports/exclusive.ts';
import type { IdempotencyKeys } from './ports/idempotency.ts';
import type { InboxRepository } from './ports/inbox.ts';
import type { MerchantRepository } from './ports/merchants.ts';
import type { StripeMirror } from './ports/mirror.ts';
import type { OutboxRepository } from './ports/outbox.ts';
import type { PaymentRequestRepository } from './ports/payment-requests.ts';
import type { RateLimitCounters } from './ports/rate-limits.ts';
import type { RefundRepository } from './ports/refunds.ts';
import type { RiskRepository } from './ports/risk.ts';

/**
 * The store's domain records and its one interface. Adapters (SQLite here; PostgreSQL for deployments with
 * several instances) take and give plaintext records and seal personal fields themselves, so callers never
 * handle ciphertext. Every method is async so that a network database fits the same shape.
 */

export interface Merchant {
  id: string;
  name: string;
  /** First characters of the API key, for recognising it in a list; the key itself is stored only as a hash. */
  keyPrefix: string;
  allowedOrigins: string[];
  webhookUrl: string | null;
  vatUnavailableAllowsPayment: boolean;
  livemode: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewMerchant extends Merchant {
  keyHash: string;
  /** Secret that signs notifications to this merchant (sealed at rest). */
  signingSecret: string;
}

export type MerchantPatch = Partial<
  Pick<
    NewMerchant,
    | 'name'
    | 'allowedOrigins'
    | 'webhookUrl'
    | 'vatUnavailableAllowsPayment'
    | 'keyHash'
    | 'keyPrefix'
    | 'signingSecret'
  >
>;

export interface PaymentError {
  code: string;
  message: string;
  decline_code?: string | null;
}

export interface VatProof {
  result: 'valid' | 'invalid' | 'unavailable';
  countryCode: string;
  vatNumber: string;
  name: string | null;
  address: string | null;
  requestDate: string | null;
  /** VIES's consultation identifier (`requestIdentifier`) when it gave one. */
  requestIdentifier: string | null;
  /** The error VIES gave for an inconclusive answer (`MS_UNAVAILABLE`, `TIMEOUT`, …). */
  error: string | null;
  checkedAt: string;
}

export type CaptureMethod = 'automatic' | 'manual';

export interface PaymentRequest {
  id: string;
  merchantId: string;
  status: PaymentRequestStatus;
  amount: number;
  currency: string;
  reference: string;
  description: string;
  customer: { email: string; name: string };
  carrier: { name: string; stripeAccount: string | null; platformFee: number | null } | null;
  expiresAt: string | null;
  metadata: Record<string, string>;
  paymentIntentId: string | null;
  lastError: PaymentError | null;
  amountRefunded: number;
  /** What the payment took (captured): refunds are counted against it; 0 until the payment succeeds. */
  amountReceived: number;
  vatCheck: VatProof | null;
  /** `manual`: the card is authorized and the merchant captures the final amount later (issue 16). */
  captureMethod: CaptureMethod;
  /** What a manual-capture request may still capture (Stripe's `amount_capturable`); 0 when nothing is held. */
  amountCapturable: number;
  /** When the card's hold lapses (the charge's `capture_before`), once it is known. */
  captureBefore: string | null;
  /** Whether the card granted extended / incremental authorization; `null` until the charge says. */
  extendedAuthorization: boolean | null;
  incrementalAuthorization: boolean | null;
  /**
   * The merchant's stated maximum for the final amount of a manual-capture request (minor units, at least
   * `amount`): shown to the buyer, and no capture goes above it. `null` when none was stated.
   */
  maxFinalAmount: number | null;
  /** When the merchant was warned that the hold is about to lapse (`payment_request.capture_expiring`). */
  captureWarnedAt: string | null;
  /** Stripe e-mails the buyer a receipt (the PaymentIntent's `receipt_email` is the customer's address). */
  receiptEmail: boolean;
  livemode: boolean;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter, bumped by every change. */
  version: number;
  /** The newest Stripe PaymentIntent event applied (see `stripe/event-order.ts`), to ignore older ones. */
  lastIntentEvent: EventStamp;
}

/** What happens to a manual-capture request whose hold reaches its deadline uncaptured. */
export type AtDeadline = 'lapse' | 'capture';

/** A merchant's capture-deadline settings (`/v1/settings/capture`). */
export interface CaptureSettings {
  atDeadline: AtDeadline;
  /** How long before the hold's `capture_before` the merchant is warned. */
  warnHoursBefore: number;
}

/** What the capture-deadline job asks for (`PaymentRequestRepository.captureDeadlinesDue`). */
export interface CaptureDeadlinesQuery {
  /** The job's time (ISO 8601). */
  now: string;
  /** Deadlines at or before this are due: `now` plus the safety margin. */
  deadlineBy: string;
  /** No request with a later `capture_before` is due: `now` plus the longest warning a merchant can ask for. */
  horizon: string;
  /** The warning's lead, in hours, of a merchant with no saved settings. */
  defaultWarnHours: number;
  limit: number;
}

export interface ListPaymentRequestsQuery {
  status?: PaymentRequestStatus;
  reference?: string;
  createdGte?: string;
  createdLte?: string;
  limit: number;
  startingAfter?: string;
}

export interface Dispute {
  id: string;
  paymentRequestId: string | null;
  chargeId: string;
  status: string;
  reason: string;
  amount: number;
  currency: string;
  dueBy: string | null;
  updatedAt: string;
  /** The event this was last written from: an older one changes nothing (see `stripe/event-order.ts`). */
  event: EventStamp;
}

/** Stripe's refund states (`Stripe.Refund.status`). */
export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

/**
 * A refund of a payment request, as Stripe last described it: created through the API (`refunds/create.ts`) or
 * seen first in a webhook (a refund made in Stripe's Dashboard, or CargoPay's own on an early fraud warning).
 */
export interface Refund {
  /** Stripe's `re_…`. */
  id: string;
  paymentRequestId: string;
  merchantId: string;
  amount: number;
  currency: string;
  reason: string | null;
  /** The merchant's metadata, as given (CargoPay's own `payment_request` key left out). */
  metadata: Record<string, string>;
  status: RefundStatus;
  failureReason: string | null;
  /** Stripe's `created` of the refund, ISO 8601. */
  createdAt: string;
  updatedAt: string;
  /** The event this was last written from (`UNSTAMPED` when only Stripe's API answer wrote it). */
  event: EventStamp;
}

/** A Stripe object mirrored as its newest event described it (early fraud warnings, accounts). */
export interface StripeRecord {
  objectId: string;
  objectType: string;
  paymentRequestId: string | null;
  data: unknown;
  /** The event this was last written from: an older one changes nothing. */
  event: EventStamp;
}

export interface NewNotification {
  id: string;
  merchantId: string;
  paymentRequestId: string | null;
  type: string;
  /** The exact JSON body POSTed to the merchant (never holds personal data). */
  body: string;
  createdAt: string;
}

export interface Notification extends NewNotification {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface DeliveryAttempt {
  notificationId: string;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface InboxEvent {
  id: string;
  type: string;
  /** The verified raw body Stripe sent (sealed at rest: charges carry billing details). */
  payload: string;
  /** Stripe's `created`, unix seconds. */
  created: number;
  receivedAt: string;
  attempts: number;
  processedAt: string | null;
  lastError: string | null;
  /** When a failed event is tried again; `null` when it is due now (or applied, or parked). */
  nextAttemptAt: string | null;
  /** When the event was parked as a dead letter after its last attempt; `null` otherwise. */
  deadAt: string | null;
}

/**
 * An inbox row as read back. A payload that cannot be opened (tampered, sealed under a key no longer
 * configured) does not make the read fail: the row comes back with `payload: null` and why, so that the
 * worker records the failure against that row alone.
 */
export type StoredInboxEvent =
  InboxEvent | (Omit<InboxEvent, 'payload'> & { payload: null; unreadable: string });

/** A parked event, as an operator lists it (its payload is not opened to list it). */
export type DeadLetter = Omit<InboxEvent, 'payload' | 'processedAt' | 'nextAttemptAt'> & { deadAt: string };

/** One failed attempt at an inbox event: retried at `retryAt`, or parked as a dead letter when it is `null`. */
export interface InboxFailure {
  error: string;
  at: string;
  retryAt: string | null;
}

/** One atomic change: everything in it is written in a single transaction, or nothing is. */
export interface Change {
  /** Marks this inbox event applied; if it already is, nothing is written and the result is `duplicate`. */
  inboxEventId?: string;
  paymentRequest?: {
    id: string;
    /** The change applies only if the row still has this version; otherwise the result is `conflict`. */
    expectedVersion: number;
    patch: Partial<
      Pick<
        PaymentRequest,
        | 'status'
        | 'lastError'
        | 'amountRefunded'
        | 'amountReceived'
        | 'lastIntentEvent'
        | 'paymentIntentId'
        | 'amountCapturable'
        | 'captureBefore'
        | 'extendedAuthorization'
        | 'incrementalAuthorization'
        | 'captureWarnedAt'
      >
    >;
  };
  notifications?: NewNotification[];
  /** Upserted unless the stored dispute was written from a newer event (then left as it is). */
  dispute?: Dispute;
  /** Each upserted unless the stored copy was written from a newer event (then left as it is). */
  records?: StripeRecord[];
  /**
   * Each inserted, or updated (status, failure reason, amount) unless the stored one was written from a newer
   * event; what the merchant gave (reason, metadata) and the dates of creation are kept as first written.
   */
  refunds?: Refund[];
}

export type CommitResult = 'applied' | 'conflict' | 'duplicate';

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'replay'; status: number; body: string }
  | { state: 'mismatch' }
  | { state: 'in-progress' };

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/**
 * What a transaction body can use: the repositories, each statement part of the one transaction, and the core
 * `commit`. A body awaits only these (no network call, no timer, no `store.…` outside `tx`): see
 * `store/README.md`.
 */
export interface StoreTx {
  readonly disputes: DisputeRepository;
  readonly casework: CaseworkQueue;
  readonly risk: RiskRepository;
  readonly connect: ConnectRepository;
  /** As `Store.commit`, inside this transaction; a `conflict` or `duplicate` leaves the rest of it standing. */
  commit(change: Change, now: string): Promise<CommitResult>;
}

export interface Store {
  /** Dispute cases, delivery evidence and dispute settings. */
  readonly disputes: DisputeRepository;
  /** The casework queue (second stage of the webhook pipeline). */
  readonly casework: CaseworkQueue;
  /** Risk settings, checkout attempts, signals, Radar outcomes and payment events. */
  readonly risk: RiskRepository;
  /** Carriers' connected accounts. */
  readonly connect: ConnectRepository;
  readonly merchants: MerchantRepository;
  readonly paymentRequests: PaymentRequestRepository;
  /** Refunds of payment requests (written through `commit`). */
  readonly refunds: RefundRepository;
  /** Stripe objects (disputes, early fraud warnings, accounts) as the newest applied event left them. */
  readonly mirror: StripeMirror;
  readonly idempotency: IdempotencyKeys;
  /** The webhook inbox (first stage of the webhook pipeline). */
  readonly inbox: InboxRepository;
  /** The notification outbox. */
  readonly outbox: OutboxRepository;
  /** Fixed-window counters of the request limits and the failed-authentication throttle (shared on PostgreSQL). */
  readonly rateLimits: RateLimitCounters;
  /**
   * Runs `fn` in one transaction: everything it writes through `tx` commits together, or nothing does (when
   * it throws, or rejects, the whole of it is rolled back and the promise rejects with that error). The body
   * must await only `tx`'s methods. `durable: false` as for relaxed writes (see `GroupCommit.write`).
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: { durable?: boolean }): Promise<T>;

  /**
   * Writes one `Change` atomically: the payment request (only at its expected version), the inbox event marked
   * applied, the notifications it causes and the mirrored Stripe objects (see `Change`).
   */
  commit(change: Change, now: string): Promise<CommitResult>;

  /** Inbox events waiting (dead letters apart), dead letters, and notifications waiting. */
  backlog(): Promise<{
    inboxPending: number;
    oldestInboxReceivedAt: string | null;
    inboxDeadLetters: number;
    outboxPending: number;
  }>;
  /** Throws unless a write can be made and rolled back. */
  checkWritable(): Promise<void>;
  /**
   * Runs `fn` as the one run of `job` among every process sharing this store, or not at all: `{ ran: false }`
   * when another run holds the job (another instance, or an earlier call here still running). For periodic
   * jobs that must run once cluster-wide (sweeps, monitoring rules that alert); queue workers claim rows
   * instead. On PostgreSQL a session advisory lock on a pooled connection held while `fn` runs (a crashed
   * holder's session ends and frees it); on SQLite, which serves one instance, only this process's runs
   * exclude each other. `fn`'s rejection is the promise's.
   */
  exclusive<T>(job: string, fn: () => Promise<T>, options?: ExclusiveOptions): Promise<ExclusiveRun<T>>;
  /** What only the embedded SQLite adapter has (commit and WAL statistics, online backup); absent elsewhere. */
  readonly sqlite?: SqliteExtras;
  close(): void;
}

/**
 * Capabilities of the SQLite adapter alone: a PostgreSQL deployment has its own statistics and backups
 * (`pg_dump`, point-in-time recovery), so callers check for `store.sqlite` before using them.
 */
export interface SqliteExtras {
  /** Since start: group commits made, writes they carried, and commits of only relaxed writes. */
  writeStats(): { commits: number; writes: number; relaxedCommits: number };
  /**
   * WAL frames written but not yet copied into the database, and whether a checkpoint thread copies them;
   * `null` when no checkpoint thread watches the write-ahead log.
   */
  walStats(): { pendingFrames: number; checkpointThread: boolean } | null;
  /** An online, consistent copy of the whole store into `path`. */
  backupTo(path: string): Promise<void>;
}
