/** The Payment Element's texts in German, formal "Sie" as Stripe's German Payment Element. */
import type { Messages } from '../locales.ts';

const de: Messages = {
  cardNumber: 'Kartennummer',
  expiry: 'Ablaufdatum',
  cvc: 'Sicherheitscode',
  country: 'Land',
  zip: 'Postleitzahl',
  postalCode: 'Postleitzahl',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / JJ',
  cvcPlaceholder: 'CVC',
  card: 'Karte',
  incomplete_number: 'Ihre Kartennummer ist unvollständig.',
  invalid_number: 'Ihre Kartennummer ist ungültig.',
  incomplete_expiry: 'Das Ablaufdatum Ihrer Karte ist unvollständig.',
  invalid_expiry_month: 'Das Ablaufdatum Ihrer Karte ist ungültig.',
  invalid_expiry_year_past: 'Das Ablaufjahr Ihrer Karte liegt in der Vergangenheit.',
  invalid_expiry_year: 'Das Ablaufjahr Ihrer Karte ist ungültig.',
  incomplete_cvc: 'Der Sicherheitscode Ihrer Karte ist unvollständig.',
  incomplete_zip: 'Ihre Postleitzahl ist unvollständig.',
  invalid_zip: 'Ihre Postleitzahl ist unvollständig.',
};

export default de;
