import type { PaymentRequest } from '../store/types.ts';
import type { PaymentRequestJson } from './schema.ts';

/** The request's hosted payment page (`GET /pay/:id`, `pay-page/`), the link a merchant sends the buyer. */
export const payPageUrl = (publicUrl: string, id: string): string => `${publicUrl}/pay/${id}`;

/**
 * The API representation of a payment request. Notifications leave out `customer` (personal data does not
 * travel in webhooks; fetch the request to read it) and `url` (built without the server's configuration;
 * the API answers carry it, from `publicUrl`).
 */
export function presentPaymentRequest(
  pr: PaymentRequest,
  options: { customer: boolean; publicUrl?: string } = { customer: true },
): PaymentRequestJson {
  const json: PaymentRequestJson = {
    id: pr.id,
    object: 'payment_request',
    status: pr.status,
    amount: pr.amount,
    currency: pr.currency,
    reference: pr.reference,
    description: pr.description,
    carrier: pr.carrier
      ? {
          name: pr.carrier.name,
          stripe_account: pr.carrier.stripeAccount,
          platform_fee: pr.carrier.platformFee,
        }
      : null,
    expires_at: pr.expiresAt,
    metadata: pr.metadata,
    payment_intent: pr.paymentIntentId,
    last_error: pr.lastError,
    amount_refunded: pr.amountRefunded,
    amount_received: pr.amountReceived,
    vat_check: pr.vatCheck
      ? {
          result: pr.vatCheck.result,
          country_code: pr.vatCheck.countryCode,
          vat_number: pr.vatCheck.vatNumber,
          name: pr.vatCheck.name,
          address: pr.vatCheck.address,
          request_date: pr.vatCheck.requestDate,
          request_identifier: pr.vatCheck.requestIdentifier,
          checked_at: pr.vatCheck.checkedAt,
        }
      : null,
    capture: pr.captureMethod,
    amount_capturable: pr.amountCapturable,
    capture_before: pr.captureBefore,
    extended_authorization: pr.extendedAuthorization,
    incremental_authorization: pr.incrementalAuthorization,
    max_final_amount: pr.maxFinalAmount,
    receipt_email: pr.receiptEmail,
    ...(options.publicUrl === undefined ? {} : { url: payPageUrl(options.publicUrl, pr.id) }),
    livemode: pr.livemode,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
  };
  if (options.customer) json.customer = { email: pr.customer.email, name: pr.customer.name };
  return json;
}
