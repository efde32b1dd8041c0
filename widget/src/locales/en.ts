/**
 * English: the fallback for every other locale, and the source of the message keys. `{name}` placeholders are filled by
 * `format()` in `localize.ts`. Every other locale file provides the same keys (checked by the compiler).
 */
const en = {
  loading: 'Loading the payment form…',
  ready: 'Payment form ready.',
  merchant: 'Pay to',
  reference: 'Shipment',
  carrier: 'Carrier',
  total: 'Total',
  pay: 'Pay {amount}',
  processing: 'Processing your payment…',
  authenticating: 'Confirm the payment with your bank in the window that opened.',
  succeeded: 'Payment received',
  receipt: '{amount} paid to {merchant} for shipment {reference}.',
  pending: 'Your payment of {amount} is being processed. You will be notified when it completes.',
  hold: 'Your card will be authorized (held) for {amount} now. You will be charged the final price after the shipment is weighed and measured.',
  holdMax:
    'Your card will be authorized (held) for {amount} now. You will be charged the final price, at most {max}, after the shipment is weighed and measured.',
  authorized: 'Your card is authorized for {amount}; you will be charged the final price after weighing.',
  authorizedMax:
    'Your card is authorized for {amount}; you will be charged the final price, at most {max}, after weighing.',
  paymentId: 'Payment ID',
  declined: 'Payment declined',
  authFailed: 'Bank authentication failed',
  tryAgain: 'Try another card',
  alreadyPaid: 'This shipment has already been paid.',
  canceled: 'This payment request was canceled.',
  expired: 'This payment request has expired.',
  unavailableHelp: 'Ask the merchant for a new payment link.',
  retrying: 'Connection problem. Retrying…',
  busy: 'Many payments are being made right now. Retrying in a moment…',
  busyTryAgain: 'The payment service is very busy right now. Please try again in a minute.',
  serviceRefused:
    'The payment service could not set up this payment. Please try again later or contact the merchant.',
  unreachable: 'We could not reach the payment service. Check your connection and try again.',
  retry: 'Try again',
  blocked:
    'The secure card form could not load. A browser extension, a firewall or this site’s security settings may be blocking it.',
  refused:
    'For your security, this payment can’t be made online right now. Please contact {merchant} to pay another way.',
  misconfigured: 'This payment cannot be taken on this page. Please contact the merchant.',
  failed: 'The payment could not be completed. Please try again.',
  vatLabel: 'VAT number',
  vatOptional: '(optional)',
  vatHint: 'Country code then number, e.g. DE136695976',
  vatEmpty: 'Enter your VAT number.',
  vatCountry: 'Start with the EU country code, e.g. FR or DE (XI for Northern Ireland).',
  vatFormat: 'This is not the format of a {country} VAT number.',
  vatCheckDigit: 'This {country} VAT number contains a typo: its check digits do not match.',
  vatChecking: 'Checking your VAT number…',
  vatInvalid: 'This VAT number is not registered for intra-EU trade (VIES).',
  vatUnavailable: 'The EU VAT service is unavailable, so your number could not be verified right now.',
  vatVerified: 'Verified: {name}',
};

/** Every message key. */
export type MessageKey = keyof typeof en;
/** One locale's messages: every key, as plain strings. */
export type Messages = Record<MessageKey, string>;

export default en satisfies Messages as Messages;
