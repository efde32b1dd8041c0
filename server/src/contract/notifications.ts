import type { PaymentRequestStatus } from './http.ts';

/**
 * Every notification type CargoPay sends to a merchant's webhook URL (and lists at `GET /v1/events`). All
 * share one envelope (`payment-requests/notification.ts`) and the one outbox.
 * - `payment_request.<status>`: every status change;
 * - `payment_request.payment_failed`: a payment attempt failed, the request is still open (with `last_error`);
 * - `payment_request.refund_failed`: a refund failed (with `refund`); its amount can be refunded again;
 * - `payment_request.dispute_updated`: Stripe changed the dispute's status;
 * - `payment_request.early_fraud_warning`: the issuer reported the payment as likely fraud;
 * - `payment_request.early_fraud_warning_refunded`: CargoPay refunded it on that warning (risk settings);
 * - `payment_request.dispute_evidence`: the evidence CargoPay compiled and submitted or staged;
 * - `payment_request.dispute_closed`: the dispute was won or lost;
 * - `payment_request.dispute_due_soon`: a staged answer is still unsubmitted 48 hours before its due date;
 * - `payment_request.capture_expiring`: an authorized request's hold lapses soon (the merchant's
 *   `warn_hours_before`); sent once, with what happens at the deadline.
 *
 * Casework notifications carry no personal data: evidence is described by field names, never by values.
 */
export type NotificationType =
  | `payment_request.${PaymentRequestStatus}`
  | 'payment_request.payment_failed'
  | 'payment_request.refund_failed'
  | 'payment_request.dispute_updated'
  | 'payment_request.early_fraud_warning'
  | 'payment_request.early_fraud_warning_refunded'
  | 'payment_request.dispute_evidence'
  | 'payment_request.dispute_closed'
  | 'payment_request.dispute_due_soon'
  | 'payment_request.capture_expiring';
