/**
 * The HTTP contract between `<cargopay-checkout>` and the server's public checkout endpoints, and the
 * problem+json shape every endpoint answers errors with. Types only: the widget imports them (never values), as
 * the design allows, and so do `http/`, `checkout/`, `vat/` and `webhooks/`.
 */

/** Lifecycle of a payment request; it only moves forward (see the webhook state machine). */
export type PaymentRequestStatus =
  | 'open'
  | 'processing'
  | 'authorized'
  | 'paid'
  | 'canceled'
  | 'expired'
  | 'refunded'
  | 'partially_refunded'
  | 'disputed';

/** `GET /v1/checkout/:id`: everything the widget shows before the buyer pays. */
export interface CheckoutSummary {
  /** `pr_…` */
  id: string;
  status: PaymentRequestStatus;
  /** The merchant's shipment reference, e.g. an air waybill or booking number. */
  reference: string;
  description: string;
  /** Display name of the carrier moving the shipment, when known. */
  carrier: string | null;
  /** Integer minor units of `currency`. */
  amount: number;
  /** ISO 4217, lower case as Stripe writes it. */
  currency: string;
  merchant: { name: string };
  /** The Stripe publishable key the widget must use for this request. */
  publishable_key: string;
  /** In sandbox mode, the URL of the stand-in Stripe.js to load before `loadStripe`; `null` with real Stripe. */
  stripe_js_url: string | null;
  /** Whether a VIES answer of "unavailable" still lets the buyer pay (the merchant's setting). */
  vat_unavailable_allows_payment: boolean;
  /** ISO 8601, or `null` when the request does not expire. */
  expires_at: string | null;
  /**
   * `manual`: the card is only authorized (held) for `amount` now and the merchant charges the final price
   * later (after the shipment is weighed); the widget tells the buyer so.
   */
  capture: 'automatic' | 'manual';
  /** The merchant's stated maximum for the final price (minor units of `currency`), or `null` when none is set. */
  max_final_amount: number | null;
}

/** `POST /v1/checkout/:id/intent` body: fraud signals only. Never an amount, a currency or an account. */
export interface IntentRequest {
  /** Random id kept per browser by the widget (no fingerprinting). */
  device_id: string;
  signals: {
    /** Milliseconds from `cargopay-ready` to submit, when known. */
    ready_to_submit_ms: number | null;
    /** Payment attempts made in this browser session for this request. */
    attempts: number;
  };
}

/** `POST /v1/checkout/:id/intent` answer: the request's one PaymentIntent. */
export interface IntentResponse {
  /** `pi_…` */
  payment_intent: string;
  client_secret: string;
  /** The PaymentIntent's Stripe status. */
  status: string;
}

/** `POST /v1/checkout/:id/vat` body. */
export interface VatCheckRequest {
  /** With its country prefix, e.g. `DE123456788`, `EL094259216`, `XI123456782`. */
  vat_number: string;
}

/** `POST /v1/checkout/:id/vat` answer. `unavailable` means VIES could not answer; it never means invalid. */
export interface VatCheckResponse {
  result: 'valid' | 'invalid' | 'unavailable';
  country_code: string;
  vat_number: string;
  /** The registered company name, when VIES gives one. */
  name: string | null;
  address: string | null;
  /** When VIES answered (its `requestDate`), ISO 8601. */
  request_date: string | null;
}

/** RFC 9457 problem details, as every error answer of the server. */
export interface Problem {
  /** Stable identifier, `urn:cargopay:problem:<slug>`; see `ProblemSlug`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Per-field errors for validation problems; `path` is dotted (`customer.email`). */
  errors?: { path: string; message: string }[];
  /**
   * For `capture-amount-too-large`: the most that can be captured now; for `refund-amount-too-large`: the most
   * that can be refunded now (0 when everything was); in minor units.
   */
  maximum?: number;
  request_id?: string;
}

/** Problem slugs the widget reacts to. */
export type ProblemSlug =
  | 'validation-failed'
  | 'payment-request-not-found'
  | 'payment-request-paid'
  | 'payment-request-canceled'
  | 'payment-request-expired'
  | 'origin-not-allowed'
  | 'rate-limited'
  | 'stripe-unavailable'
  | 'stripe-busy'
  | 'stripe-error'
  | 'blocked-by-risk'
  | 'vat-invalid'
  | 'vat-unavailable';

/** Every problem slug the server answers with: the widget's `ProblemSlug`s plus the server-to-server ones. */
export type ServerProblemSlug =
  | ProblemSlug
  | 'unauthorized'
  | 'metrics-unauthorized'
  | 'storage-full'
  | 'store-unavailable'
  | 'not-found'
  | 'method-not-allowed'
  | 'malformed-json'
  | 'json-too-deep'
  | 'malformed-path'
  | 'malformed-request'
  | 'malformed-text'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'card-data-refused'
  | 'idempotency-key-invalid'
  | 'idempotency-key-reused'
  | 'idempotency-key-in-progress'
  | 'payment-request-not-cancelable'
  | 'payment-request-not-authorized'
  | 'payment-request-already-captured'
  | 'capture-amount-too-large'
  | 'refund-amount-too-large'
  | 'payment-request-disputed'
  | 'payment-request-not-refundable'
  | 'payment-request-not-captured'
  | 'webhook-signature-invalid'
  | 'webhook-event-invalid'
  | 'https-required'
  | 'internal-error'
  | 'dispute-not-found'
  | 'dispute-not-open'
  | 'dispute-past-due'
  | 'evidence-file-invalid'
  | 'carrier-not-ready';
