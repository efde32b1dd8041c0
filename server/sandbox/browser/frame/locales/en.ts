/** The Payment Element's texts in English: Stripe's wording, and the fallback for a locale the sandbox does not have. */
import type { Messages } from '../locales.ts';

const en: Messages = {
  cardNumber: 'Card number',
  expiry: 'Expiration date',
  cvc: 'Security code',
  country: 'Country',
  zip: 'ZIP',
  postalCode: 'Postal code',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / YY',
  cvcPlaceholder: 'CVC',
  card: 'Card',
  incomplete_number: 'Your card number is incomplete.',
  invalid_number: 'Your card number is invalid.',
  incomplete_expiry: "Your card's expiration date is incomplete.",
  invalid_expiry_month: "Your card's expiration date is invalid.",
  invalid_expiry_year_past: "Your card's expiration year is in the past.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  incomplete_cvc: "Your card's security code is incomplete.",
  incomplete_zip: 'Your ZIP is incomplete.',
  invalid_zip: 'Your postal code is incomplete.',
};

export default en;
