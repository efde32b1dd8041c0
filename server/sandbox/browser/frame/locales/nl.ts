/** The Payment Element's texts in Dutch, informal "je" as Stripe's Dutch Payment Element. */
import type { Messages } from '../locales.ts';

const nl: Messages = {
  cardNumber: 'Kaartnummer',
  expiry: 'Vervaldatum',
  cvc: 'Beveiligingscode',
  country: 'Land',
  zip: 'Postcode',
  postalCode: 'Postcode',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / JJ',
  cvcPlaceholder: 'CVC',
  card: 'Kaart',
  incomplete_number: 'Je kaartnummer is onvolledig.',
  invalid_number: 'Je kaartnummer is ongeldig.',
  incomplete_expiry: 'De vervaldatum van je kaart is onvolledig.',
  invalid_expiry_month: 'De vervaldatum van je kaart is ongeldig.',
  invalid_expiry_year_past: 'Het vervaljaar van je kaart ligt in het verleden.',
  invalid_expiry_year: 'Het vervaljaar van je kaart is ongeldig.',
  incomplete_cvc: 'De beveiligingscode van je kaart is onvolledig.',
  incomplete_zip: 'Je postcode is onvolledig.',
  invalid_zip: 'Je postcode is onvolledig.',
};

export default nl;
