import type { Sealer } from '../crypto.ts';

/**
 * The additional data each sealed column is sealed under: the value's place, `table.column:<row key>` (or the
 * table alone where it has one sealed column). Both adapters seal and open through these, so a row sealed by
 * one code path opens in the other, and a ciphertext moved to another row or column does not open.
 */
export const sealContext = {
  merchantSigningSecret: (merchantId: string) => `merchants.signing_secret:${merchantId}`,
  customerEmail: (paymentRequestId: string) => `payment_requests.customer_email:${paymentRequestId}`,
  customerName: (paymentRequestId: string) => `payment_requests.customer_name:${paymentRequestId}`,
  vatCheck: (paymentRequestId: string) => `payment_requests.vat_check:${paymentRequestId}`,
  stripeRecord: (objectId: string) => `stripe_records.data:${objectId}`,
  inboxPayload: (eventId: string) => `webhook_inbox.payload:${eventId}`,
  idempotencyResponse: (scope: string, key: string) => `idempotency_keys.response:${scope}:${key}`,
  disputeSettings: (merchantId: string) => `dispute_settings:${merchantId}`,
  requestPolicies: (paymentRequestId: string) => `request_policies:${paymentRequestId}`,
  shipment: (paymentRequestId: string) => `shipments:${paymentRequestId}`,
  evidenceFile: (fileId: string) => `evidence_files:${fileId}`,
  evidenceMessage: (messageId: string) => `evidence_messages:${messageId}`,
  caseEvidence: (caseId: string) => `dispute_cases.evidence:${caseId}`,
  caseworkObject: (eventId: string) => `casework_jobs:${eventId}`,
  attemptIp: (attemptId: string) => `risk_attempts.ip:${attemptId}`,
} as const;

/** Seals a value kept as a JSON document. */
export const sealJson = (sealer: Sealer, value: unknown, context: string): string =>
  sealer.seal(JSON.stringify(value), context);
/** Opens a value sealed by `sealJson`. */
export const openJson = <T>(sealer: Sealer, sealed: string, context: string): T =>
  JSON.parse(sealer.open(sealed, context)) as T;
