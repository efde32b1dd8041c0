import type { CheckoutState } from '../../widget/src/checkout/checkout.component.ts';
import type { MessageKey } from '../../widget/src/locales/localize.ts';
import type { Localized } from './localized.ts';

/** One state of `<cargopay-checkout>` as the integration guide explains it. */
export interface CheckoutStateDoc {
  /** When the widget shows it. */
  when: Localized;
  /** The message the buyer reads (the widget's own text, in the page's language); `null` when it shows the form. */
  message: MessageKey | null;
  /** The event the page receives on entering it, with the `kind`/`code` that tell it apart. */
  event: string;
}

/**
 * Every state the widget reflects in its `state` attribute. A `Record` over the widget's own `CheckoutState`
 * type: the site does not build when a state is added to the widget and not explained here, or one listed here
 * no longer exists.
 */
export const checkoutStates: Record<CheckoutState, CheckoutStateDoc> = {
  loading: {
    when: {
      en: 'The widget fetches the payment request and loads the card form; a placeholder is shown.',
      es: 'El widget obtiene la solicitud de pago y carga el formulario de tarjeta; se muestra un marcador.',
    },
    message: 'loading',
    event: '—',
  },
  busy: {
    when: {
      en: 'Stripe is too busy to set up the payment (its rate limits); the widget asks again by itself after the server’s `Retry-After`.',
      es: 'Stripe está demasiado ocupado para preparar el pago (sus límites de peticiones); el widget vuelve a preguntar solo tras el `Retry-After` del servidor.',
    },
    message: 'busy',
    event: '`cargopay-busy`',
  },
  ready: {
    when: {
      en: 'The form is ready to pay. The card form’s billing country starts from the page’s language (see below).',
      es: 'El formulario está listo para pagar. El país de facturación del formulario de tarjeta parte del idioma de la página (véase abajo).',
    },
    message: null,
    event: '`cargopay-ready`',
  },
  processing: {
    when: {
      en: 'A payment attempt is running.',
      es: 'Hay un intento de pago en curso.',
    },
    message: 'processing',
    event: '`cargopay-submit`',
  },
  authenticating: {
    when: {
      en: 'The card’s bank asked for 3D Secure; its window is open.',
      es: 'El banco de la tarjeta pidió 3D Secure; su ventana está abierta.',
    },
    message: 'authenticating',
    event: '`cargopay-requires-action`',
  },
  succeeded: {
    when: {
      en: 'Paid (or, for a payment method that settles later, being processed); a receipt with the payment id is shown.',
      es: 'Pagado (o, con un método de pago que se liquida más tarde, en proceso); se muestra un recibo con el identificador del pago.',
    },
    message: 'succeeded',
    event: '`cargopay-succeeded`',
  },
  authorized: {
    when: {
      en: 'Manual capture: the card is held for the quoted amount and charged the final price after weighing; also on loading a request already authorized.',
      es: 'Captura manual: se retiene el importe presupuestado en la tarjeta y se cobra el precio final tras el pesaje; también al cargar una solicitud ya autorizada.',
    },
    message: 'authorized',
    event:
      '`cargopay-succeeded` (`status` `requires_capture`); on load `cargopay-error` `payment-request-authorized`',
  },
  declined: {
    when: {
      en: 'The bank declined the card, 3D Secure failed, or the merchant’s risk rules refused the attempt; the buyer may try another card.',
      es: 'El banco rechazó la tarjeta, falló 3D Secure o las reglas de riesgo del comercio rechazaron el intento; el comprador puede probar otra tarjeta.',
    },
    message: 'declined',
    event: '`cargopay-failed` (`card-declined`, `authentication-failed`)',
  },
  paid: {
    when: {
      en: 'The payment request was already paid when the widget loaded.',
      es: 'La solicitud de pago ya estaba pagada cuando se cargó el widget.',
    },
    message: 'alreadyPaid',
    event: '`cargopay-error` `payment-request-paid`',
  },
  canceled: {
    when: {
      en: 'The merchant canceled the payment request.',
      es: 'El comercio canceló la solicitud de pago.',
    },
    message: 'canceled',
    event: '`cargopay-error` `payment-request-canceled`',
  },
  expired: {
    when: {
      en: 'The payment request expired before it was paid.',
      es: 'La solicitud de pago caducó antes de pagarse.',
    },
    message: 'expired',
    event: '`cargopay-error` `payment-request-expired`',
  },
  unreachable: {
    when: {
      en: 'The CargoPay server could not be reached after the widget’s retries; or Stripe stayed busy, or refused the server’s call, and the buyer is asked to try later in those words. A button tries again.',
      es: 'No se pudo contactar con el servidor de CargoPay tras los reintentos del widget; o Stripe siguió ocupado, o rechazó la llamada del servidor, y se pide al comprador que lo intente más tarde con esas palabras. Un botón vuelve a intentarlo.',
    },
    message: 'unreachable',
    event: '`cargopay-error` (`network`; `stripe-busy`, `stripe-error`)',
  },
  blocked: {
    when: {
      en: 'Stripe.js or its card form could not load: a browser extension, a firewall or the page’s Content Security Policy. The console names every directive the policy blocked. A button tries again.',
      es: 'No se pudo cargar Stripe.js o su formulario de tarjeta: una extensión del navegador, un cortafuegos o la Content Security Policy de la página. La consola nombra cada directiva que bloqueó la política. Un botón vuelve a intentarlo.',
    },
    message: 'blocked',
    event: '`cargopay-error` (`script-load`)',
  },
  refused: {
    when: {
      en: 'The merchant’s risk rules refused this checkout when it loaded. The buyer is asked to contact the merchant and is never told which rule refused them.',
      es: 'Las reglas de riesgo del comercio rechazaron este pago al cargarse. Se pide al comprador que contacte con el comercio y nunca se le dice qué regla lo rechazó.',
    },
    message: 'refused',
    event: '`cargopay-error` (`refused`, `blocked-by-risk`)',
  },
  misconfigured: {
    when: {
      en: 'The page is set up wrongly: no or an unknown payment request, an origin the merchant does not allow, a secret key on the page, or a policy that blocks CargoPay’s API. The console says what to fix, with the exact command.',
      es: 'La página está mal configurada: falta la solicitud de pago o es desconocida, un origen que el comercio no permite, una clave secreta en la página o una política que bloquea la API de CargoPay. La consola dice qué corregir, con el comando exacto.',
    },
    message: 'misconfigured',
    event: '`cargopay-error` (`configuration`)',
  },
};
