/**
 * The postMessage protocol between the stand-in Stripe.js (on the merchant's page) and the sandbox's frames
 * (the Payment Element and the 3D Secure challenge, on the sandbox's origin). Both sides check the sender's
 * origin and window, and always post to an explicit target origin, never `*`. No message ever carries card
 * data: the Payment Element answers a confirmation with a PaymentMethod id only.
 */
import type { Appearance, StripeError } from '@stripe/stripe-js';

/** Marks every message of this protocol, so that other postMessage traffic on the page is ignored. */
export const CHANNEL = 'cargopay-sandbox';

/** What the Payment Element frame needs to start; passed JSON-encoded in the frame URL's hash. */
export interface FrameConfig {
  /** The merchant page's origin: the only origin the frame accepts messages from and posts to. */
  parentOrigin: string;
  /** Identifies one mounted element, so that several on a page do not mix their messages. */
  elementId: string;
  /** The publishable key the frame uses for `POST /v1/payment_methods`. */
  publishableKey: string;
  locale: string;
  appearance: Appearance;
  options: FrameElementOptions;
}

/** The subset of `StripePaymentElementOptions` the frame acts on. */
export interface FrameElementOptions {
  /** `'never'` hides the fields; the merchant then passes them in `payment_method_data.billing_details`. */
  countryField: 'auto' | 'never';
  postalCodeField: 'auto' | 'never';
  defaultCountry: string | null;
  readOnly: boolean;
}

/** A validation problem of one field, as the frame shows it and as `confirmPayment` reports it. */
export interface FieldError {
  field: 'number' | 'expiry' | 'cvc' | 'postalCode' | 'country';
  /** Stripe's error codes: `incomplete_number`, `invalid_number`, `invalid_expiry_year_past`, … */
  code: string;
  message: string;
}

/** Billing details the merchant passes in `confirmParams.payment_method_data.billing_details`. */
export interface BillingDetailsInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: {
    line1?: string | null;
    line2?: string | null;
    city?: string | null;
    state?: string | null;
    postal_code?: string | null;
    country?: string | null;
  } | null;
}

export type PageToFrame =
  | { type: 'update'; locale?: string; appearance?: Appearance; options?: Partial<FrameElementOptions> }
  | { type: 'focus' }
  | { type: 'blur' }
  | { type: 'clear' }
  | { type: 'submit'; requestId: string }
  | { type: 'create-payment-method'; requestId: string; billingDetails: BillingDetailsInput | null };

export type FrameToPage =
  | { type: 'ready' }
  | { type: 'loaderror'; message: string }
  | { type: 'change'; complete: boolean; empty: boolean; country: string | null }
  | { type: 'focus' }
  | { type: 'blur' }
  | { type: 'resize'; height: number }
  | { type: 'submit-result'; requestId: string; error: FieldError | null }
  | {
      type: 'payment-method-result';
      requestId: string;
      paymentMethod: string | null;
      error: StripeError | null;
    };

/** What the challenge page tells the page that opened it. */
export type ChallengeToPage = { type: 'challenge-result'; outcome: 'complete' | 'fail' | 'error' };

export interface Envelope<T> {
  channel: typeof CHANNEL;
  /** The element (or challenge) this message belongs to. */
  target: string;
  message: T;
}

/** Wraps a message in this protocol's envelope. */
export function envelope<T>(target: string, message: T): Envelope<T> {
  return { channel: CHANNEL, target, message };
}

/** The message of an envelope addressed to `target`, or `null` for anything else. */
export function openEnvelope<T>(data: unknown, target: string): T | null {
  if (typeof data !== 'object' || data === null) return null;
  const candidate = data as Partial<Envelope<T>>;
  if (candidate.channel !== CHANNEL || candidate.target !== target) return null;
  if (typeof candidate.message !== 'object' || candidate.message === null) return null;
  return candidate.message;
}
