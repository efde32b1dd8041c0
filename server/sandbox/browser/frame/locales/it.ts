/** The Payment Element's texts in Italian, as Stripe's Italian Payment Element (US ZIP codes are "CAP", as Italians call theirs). */
import type { Messages } from '../locales.ts';

const it: Messages = {
  cardNumber: 'Numero della carta',
  expiry: 'Data di scadenza',
  cvc: 'Codice di sicurezza',
  country: 'Paese',
  zip: 'CAP',
  postalCode: 'Codice postale',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / AA',
  cvcPlaceholder: 'CVC',
  card: 'Carta',
  incomplete_number: 'Il numero della carta è incompleto.',
  invalid_number: 'Il numero della carta non è valido.',
  incomplete_expiry: 'La data di scadenza della carta è incompleta.',
  invalid_expiry_month: 'La data di scadenza della carta non è valida.',
  invalid_expiry_year_past: 'L’anno di scadenza della carta è già passato.',
  invalid_expiry_year: 'L’anno di scadenza della carta non è valido.',
  incomplete_cvc: 'Il codice di sicurezza della carta è incompleto.',
  incomplete_zip: 'Il CAP è incompleto.',
  invalid_zip: 'Il codice postale è incompleto.',
};

export default it;
