/**
 * The Payment Element's texts in the widget's 8 locales (en, de, es, fr, it, nl, pl, pt: `locales/<tag>.ts`),
 * worded as Stripe's Payment Element words them. A regional tag uses its language (`de-CH` → `de`); a locale
 * that is not here (or `auto` in a browser whose language is not here) falls back to English, as Stripe.js does.
 */
import { pickLocale } from '../shared/locale.ts';
import de from './locales/de.ts';
import en from './locales/en.ts';
import es from './locales/es.ts';
import fr from './locales/fr.ts';
import it from './locales/it.ts';
import nl from './locales/nl.ts';
import pl from './locales/pl.ts';
import pt from './locales/pt.ts';

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

/** The widget's 8 locales, each as Stripe's Payment Element words it. */
const catalog: Record<string, Messages> = { en, de, es, fr, it, nl, pl, pt };

/** The language tag actually used for `requested` (`auto` reads the browser's languages). */
export function resolveLocale(requested: string | undefined, browserLanguages: readonly string[]): string {
  return pickLocale(requested, browserLanguages, Object.keys(catalog));
}

/** Every locale the Payment Element speaks. */
export const LOCALES = Object.keys(catalog);

/** The texts for a resolved locale. */
export function messagesFor(locale: string): Messages {
  return catalog[locale] ?? en;
}
