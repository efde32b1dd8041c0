/** The Payment Element's texts in Polish, impersonal as Stripe's Polish Payment Element. */
import type { Messages } from '../locales.ts';

const pl: Messages = {
  cardNumber: 'Numer karty',
  expiry: 'Data ważności',
  cvc: 'Kod zabezpieczający',
  country: 'Kraj',
  zip: 'Kod pocztowy',
  postalCode: 'Kod pocztowy',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / RR',
  cvcPlaceholder: 'CVC',
  card: 'Karta',
  incomplete_number: 'Numer karty jest niekompletny.',
  invalid_number: 'Numer karty jest nieprawidłowy.',
  incomplete_expiry: 'Data ważności karty jest niekompletna.',
  invalid_expiry_month: 'Data ważności karty jest nieprawidłowa.',
  invalid_expiry_year_past: 'Rok ważności karty już minął.',
  invalid_expiry_year: 'Rok ważności karty jest nieprawidłowy.',
  incomplete_cvc: 'Kod zabezpieczający karty jest niekompletny.',
  incomplete_zip: 'Kod pocztowy jest niekompletny.',
  invalid_zip: 'Kod pocztowy jest niekompletny.',
};

export default pl;
