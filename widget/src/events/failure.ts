/**
 * The closed set of error kinds carried by `cargopay-failed` and `cargopay-error`:
 * - `network`: the CargoPay server or Stripe could not be reached;
 * - `script-load`: Stripe.js or the Payment Element could not load (extension, firewall, CSP);
 * - `validation`: the buyer's input is incomplete or invalid (card form, VAT number);
 * - `card-declined`: the card issuer or Stripe's risk checks refused the payment;
 * - `authentication-failed`: the 3D Secure challenge failed or was abandoned;
 * - `configuration`: the page is set up wrongly (unknown payment request, origin not allowed, keys);
 * - `canceled`: the payment request was canceled, expired or already paid;
 * - `refused`: CargoPay's risk rules refused this checkout when it loaded (code `blocked-by-risk`, state
 *   `refused`); during an attempt the same refusal is a `card-declined`.
 */
export type CargopayErrorKind =
  | 'network'
  | 'script-load'
  | 'validation'
  | 'card-declined'
  | 'authentication-failed'
  | 'configuration'
  | 'canceled'
  | 'refused';

/** What went wrong, in a form a page can branch on. */
export interface CargopayFailure {
  kind: CargopayErrorKind;
  /** Stripe's `code` (`card_declined`, `expired_card`, …) or the CargoPay problem slug; `null` when none. */
  code: string | null;
  /** Stripe's `decline_code` (`insufficient_funds`, …) for card declines; `null` otherwise. */
  declineCode: string | null;
  /** A message for the buyer, in the buyer's language when Stripe provides one. */
  message: string;
}
