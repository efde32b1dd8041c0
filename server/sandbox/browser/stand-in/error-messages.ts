/**
 * Stripe.js returns payment errors in the Elements locale. The sandbox's API answers in English; this turns
 * those messages into the Elements locale (the widget's 8: en, de, es, fr, it, nl, pl, pt), by Stripe error code
 * and decline code, worded as Stripe.js words them. A
 * message it has no translation for stays as the API gave it.
 */
import type { StripeError } from '@stripe/stripe-js';
import { pickLocale } from '../shared/locale.ts';

/** Messages per locale, keyed by `decline_code` first, then by `code`. */
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

const de: Record<string, string> = {
  insufficient_funds: 'Ihre Karte ist nicht ausreichend gedeckt.',
  card_declined: 'Ihre Karte wurde abgelehnt.',
  expired_card: 'Ihre Karte ist abgelaufen.',
  incorrect_cvc: 'Der Sicherheitscode Ihrer Karte ist falsch.',
  incorrect_number: 'Ihre Kartennummer ist falsch.',
  processing_error:
    'Bei der Verarbeitung Ihrer Karte ist ein Fehler aufgetreten. Versuchen Sie es in Kürze erneut.',
  payment_intent_authentication_failure:
    'Wir können Ihre Zahlungsmethode nicht authentifizieren. Wählen Sie eine andere Zahlungsmethode und versuchen Sie es erneut.',
};

const fr: Record<string, string> = {
  insufficient_funds: 'Les fonds de votre carte sont insuffisants.',
  card_declined: 'Votre carte a été refusée.',
  expired_card: 'Votre carte a expiré.',
  incorrect_cvc: 'Le code de sécurité de votre carte est incorrect.',
  incorrect_number: 'Le numéro de votre carte est incorrect.',
  processing_error:
    'Une erreur est survenue lors du traitement de votre carte. Réessayez dans quelques instants.',
  payment_intent_authentication_failure:
    'Nous ne parvenons pas à authentifier votre moyen de paiement. Choisissez un autre moyen de paiement et réessayez.',
};

const it: Record<string, string> = {
  insufficient_funds: 'La carta non dispone di fondi sufficienti.',
  card_declined: 'La carta è stata rifiutata.',
  expired_card: 'La carta è scaduta.',
  incorrect_cvc: 'Il codice di sicurezza della carta non è corretto.',
  incorrect_number: 'Il numero della carta non è corretto.',
  processing_error: 'Si è verificato un errore durante l’elaborazione della carta. Riprova tra poco.',
  payment_intent_authentication_failure:
    'Non è stato possibile autenticare il metodo di pagamento. Scegli un altro metodo di pagamento e riprova.',
};

const nl: Record<string, string> = {
  insufficient_funds: 'Je kaart heeft onvoldoende saldo.',
  card_declined: 'Je kaart is geweigerd.',
  expired_card: 'Je kaart is verlopen.',
  incorrect_cvc: 'De beveiligingscode van je kaart is onjuist.',
  incorrect_number: 'Je kaartnummer is onjuist.',
  processing_error:
    'Er is een fout opgetreden bij het verwerken van je kaart. Probeer het zo meteen opnieuw.',
  payment_intent_authentication_failure:
    'We kunnen je betaalmethode niet verifiëren. Kies een andere betaalmethode en probeer het opnieuw.',
};

const pl: Record<string, string> = {
  insufficient_funds: 'Na karcie brakuje środków.',
  card_declined: 'Karta została odrzucona.',
  expired_card: 'Karta straciła ważność.',
  incorrect_cvc: 'Kod zabezpieczający karty jest nieprawidłowy.',
  incorrect_number: 'Numer karty jest nieprawidłowy.',
  processing_error: 'Podczas przetwarzania karty wystąpił błąd. Spróbuj ponownie za chwilę.',
  payment_intent_authentication_failure:
    'Nie możemy uwierzytelnić Twojej metody płatności. Wybierz inną metodę płatności i spróbuj ponownie.',
};

const pt: Record<string, string> = {
  insufficient_funds: 'O cartão não tem fundos suficientes.',
  card_declined: 'O cartão foi recusado.',
  expired_card: 'O cartão expirou.',
  incorrect_cvc: 'O código de segurança do cartão está incorreto.',
  incorrect_number: 'O número do cartão está incorreto.',
  processing_error: 'Ocorreu um erro ao processar o cartão. Tente novamente daqui a pouco.',
  payment_intent_authentication_failure:
    'Não é possível autenticar o seu método de pagamento. Escolha outro método de pagamento e tente novamente.',
};

/** English is the API's own wording; every other locale of the widget has its catalog. */
const catalogs: Record<string, Record<string, string>> = { de, es, fr, it, nl, pl, pt };

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
