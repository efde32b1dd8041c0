/**
 * Stripe.js returns payment errors in the Elements locale. The sandbox's API answers in English; this turns
 * those messages into the Elements locale (Spanish for now), by Stripe error code and decline code. A
 * message it has no translation for stays as the API gave it.
 */
import type { StripeError } from '@stripe/stripe-js';
import { pickLocale } from '../shared/locale.ts';

/** Spanish messages, keyed by `decline_code` first, then by `code`. */
const es: Record<string, string> = {
  insufficient_funds: 'Tu tarjeta no tiene fondos suficientes.',
  card_declined: 'Tu tarjeta ha sido rechazada.',
  expired_card: 'Tu tarjeta ha caducado.',
  incorrect_cvc: 'El código de seguridad de tu tarjeta es incorrecto.',
  incorrect_number: 'El número de tu tarjeta es incorrecto.',
  processing_error: 'Se ha producido un error al procesar tu tarjeta. Vuelve a intentarlo dentro de un rato.',
  payment_intent_authentication_failure:
    'No podemos autenticar tu método de pago. Elige otro método de pago e inténtalo de nuevo.',
};

const catalogs: Record<string, Record<string, string>> = { es };

/** `error` with its message in `locale` when the sandbox has a translation for it. */
export function localizeError(error: StripeError, locale: string | undefined): StripeError {
  const language = pickLocale(locale, navigator.languages, ['en', ...Object.keys(catalogs)]);
  const catalog = catalogs[language];
  if (!catalog || error.type === 'validation_error') return error;
  const message =
    (error.decline_code ? catalog[error.decline_code] : undefined) ??
    (error.code ? catalog[error.code] : undefined);
  return message ? { ...error, message } : error;
}
