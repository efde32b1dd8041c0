/** The Payment Element's texts in French, "vous" as Stripe's French Payment Element. */
import type { Messages } from '../locales.ts';

const fr: Messages = {
  cardNumber: 'Numéro de carte',
  expiry: 'Date d’expiration',
  cvc: 'Code de sécurité',
  country: 'Pays',
  zip: 'Code postal',
  postalCode: 'Code postal',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / AA',
  cvcPlaceholder: 'CVC',
  card: 'Carte',
  incomplete_number: 'Le numéro de votre carte est incomplet.',
  invalid_number: 'Le numéro de votre carte est invalide.',
  incomplete_expiry: 'La date d’expiration de votre carte est incomplète.',
  invalid_expiry_month: 'La date d’expiration de votre carte n’est pas valide.',
  invalid_expiry_year_past: 'L’année d’expiration de votre carte est déjà passée.',
  invalid_expiry_year: 'L’année d’expiration de votre carte n’est pas valide.',
  incomplete_cvc: 'Le code de sécurité de votre carte est incomplet.',
  incomplete_zip: 'Votre code postal est incomplet.',
  invalid_zip: 'Votre code postal est incomplet.',
};

export default fr;
