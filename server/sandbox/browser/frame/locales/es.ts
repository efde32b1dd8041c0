/** The Payment Element's texts in Spanish (Spain), informal "tú" as Stripe's Spanish Payment Element. */
import type { Messages } from '../locales.ts';

const es: Messages = {
  cardNumber: 'Número de tarjeta',
  expiry: 'Fecha de caducidad',
  cvc: 'Código de seguridad',
  country: 'País',
  zip: 'Código postal',
  postalCode: 'Código postal',
  numberPlaceholder: '1234 1234 1234 1234',
  expiryPlaceholder: 'MM / AA',
  cvcPlaceholder: 'CVC',
  card: 'Tarjeta',
  incomplete_number: 'El número de tu tarjeta está incompleto.',
  invalid_number: 'El número de tu tarjeta no es válido.',
  incomplete_expiry: 'La fecha de caducidad de tu tarjeta está incompleta.',
  invalid_expiry_month: 'La fecha de caducidad de tu tarjeta no es válida.',
  invalid_expiry_year_past: 'El año de caducidad de tu tarjeta ya ha pasado.',
  invalid_expiry_year: 'El año de caducidad de tu tarjeta no es válido.',
  incomplete_cvc: 'El código de seguridad de tu tarjeta está incompleto.',
  incomplete_zip: 'Tu código postal está incompleto.',
  invalid_zip: 'Tu código postal está incompleto.',
};

export default es;
