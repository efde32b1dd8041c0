/**
 * The Payment Element's texts. Stripe's wording in English; `es` for Spanish. A locale that is not here
 * (or `auto` in a browser whose language is not here) falls back to English, as Stripe.js does.
 */
import { pickLocale } from '../shared/locale.ts';

export interface Messages {
  cardNumber: string;
  expiry: string;
  cvc: string;
  country: string;
  zip: string;
  postalCode: string;
  numberPlaceholder: string;
  expiryPlaceholder: string;
  cvcPlaceholder: string;
  card: string;
  incomplete_number: string;
  invalid_number: string;
  incomplete_expiry: string;
  invalid_expiry_month: string;
  invalid_expiry_year_past: string;
  invalid_expiry_year: string;
  incomplete_cvc: string;
  incomplete_zip: string;
  invalid_zip: string;
}

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

const catalog: Record<string, Messages> = { en, es };

/** The language tag actually used for `requested` (`auto` reads the browser's languages). */
export function resolveLocale(requested: string | undefined, browserLanguages: readonly string[]): string {
  return pickLocale(requested, browserLanguages, Object.keys(catalog));
}

/** The texts for a resolved locale. */
export function messagesFor(locale: string): Messages {
  return catalog[locale] ?? en;
}
