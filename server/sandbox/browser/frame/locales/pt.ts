/** The Payment Element's texts in Portuguese (Portugal) as Stripe's `pt` Payment Element (Brazilian Portuguese is Stripe's `pt-BR`). */
import type { Messages } from '../locales.ts';

const pt: Messages = {
  cardNumber: 'Número do cartão',
  expiry: 'Data de validade',
  cvc: 'Código de segurança',
  country: 'País',
  zip: 'Código postal',
  postalCode: 'Código postal',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / AA',
  cvcPlaceholder: 'CVC',
  card: 'Cartão',
  incomplete_number: 'O número do cartão está incompleto.',
  invalid_number: 'O número do cartão é inválido.',
  incomplete_expiry: 'A data de validade do cartão está incompleta.',
  invalid_expiry_month: 'A data de validade do cartão é inválida.',
  invalid_expiry_year_past: 'O ano de validade do cartão já passou.',
  invalid_expiry_year: 'O ano de validade do cartão é inválido.',
  incomplete_cvc: 'O código de segurança do cartão está incompleto.',
  incomplete_zip: 'O código postal está incompleto.',
  invalid_zip: 'O código postal está incompleto.',
};

export default pt;
