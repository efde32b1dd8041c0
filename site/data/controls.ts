/**
 * The security controls registry: every measure the pages say the CargoPay software itself implements.
 *
 * Each entry names the code that implements it and the automated test that verifies it, by file path and the
 * test's exact name. The pages render the "how / where / verified by" of each control from here.
 * `npm run test:site` fails when an entry names a file that does not exist or a test that its file does not
 * declare as a running `it`/`test`; the docs build of `npm test` fails unless every named test ran and passed in
 * that run's reports (`site/lib/control-proof.ts`). Measures that the software does not implement (Stripe's, or the operator's) never go here: the
 * pages cite Stripe for the former and `operator.ts` holds the latter.
 *
 * Adding a control is one edit: append an entry below. Its `area` decides where it appears (`/security/`,
 * `/fraud/`, `/disputes/`, …) and `owasp` puts it under those categories on `/best-practices/`.
 */
import type { Localized } from './localized.ts';

/** Where a control is shown; each page lists the areas it renders. */
export type ControlArea =
  | 'encryption'
  | 'authentication'
  | 'card-data'
  | 'webhooks'
  | 'http'
  | 'abuse'
  | 'storage'
  | 'monitoring'
  | 'disputes'
  | 'payments'
  | 'pay-link'
  | 'widget';

/** OWASP Top 10:2025 categories (names in `owasp.ts`). */
export type OwaspId = 'A01' | 'A02' | 'A03' | 'A04' | 'A05' | 'A06' | 'A07' | 'A08' | 'A09' | 'A10';

export interface TestRef {
  /** Repo-relative path of the test file. */
  file: string;
  /** The test's exact name, as written in the file (`it('…')` / `test('…')`). */
  name: string;
  /** `true` when `name` is a suite's title (`describe('…')`): every test in it must run and pass. */
  suite?: true;
}

export interface Control {
  /** Stable kebab-case id; the HTML anchor of the control is `control-<id>`. */
  id: string;
  area: ControlArea;
  /** What the software guarantees, one sentence. */
  claim: Localized;
  /** How it does it, one or two sentences. */
  how: Localized;
  /** Repo-relative paths of the code or configuration that implement it. */
  where: string[];
  /** The automated tests that verify it; at least one. */
  verifiedBy: TestRef[];
  owasp: OwaspId[];
}

export const controls: Control[] = [
  {
    id: 'card-numbers-refused',
    area: 'card-data',
    claim: {
      en: 'No endpoint accepts a card number: every decoded value of a request body (at any depth, field names included), the URL’s path and query values, the Idempotency-Key and the X-Request-Id are checked for card numbers in any spelling; a request carrying one is refused and the number is neither logged nor stored. The one exception is measured below: in a shipment field, a number that is also a valid logistics identifier is taken for the shipment number it may be.',
      es: 'Ningún endpoint acepta un número de tarjeta: cada valor decodificado del cuerpo de una petición (a cualquier profundidad, nombres de campo incluidos), la ruta y los valores de la query de la URL, la Idempotency-Key y el X-Request-Id se examinan en busca de números de tarjeta escritos de cualquier forma; una petición que lleva uno se rechaza y el número no se registra ni se almacena. La única excepción se mide abajo: en un campo de envío, un número que también es un identificador logístico válido se toma por el número de envío que puede ser.',
    },
    how: {
      en: 'After a JSON or form body is parsed (so \\u escapes are decoded) and before any handler or the idempotency store sees it, every string is normalized (NFKC, digits of every script) and searched for 13 to 19 digits, separated by any mix of characters that are not letters or digits, that pass Luhn and have a card brand’s prefix and length (Visa, Mastercard, American Express, Discover, Diners, JCB, UnionPay, Maestro, Mir). UUIDs, valid IBANs, dates, times and international phone numbers (a + or 00 before at most 15 digits) are set aside first; in shipment fields (reference, tracking_number) a number with a valid logistics check digit (GS1 SSCC/GTIN, FedEx, UPS, USPS, DPD, DHL Express, UPU S10) is accepted. An Idempotency-Key holding a card number is refused; an X-Request-Id holding one, or without a letter, is replaced. Measured on seeded samples: 10,000 test card numbers per brand in 16 spellings, 1,440,000 of 1,440,000 refused; 10,000 identifiers of each of 14 shipment formats in shipment fields and 60,000 EU addresses, phone numbers, IBANs, VAT numbers, dates and shipment descriptions, 0 refused. Outside shipment fields no scheme applies, and up to 11 % of a format’s numbers are refused (GS1 SSCC 3.8 %, DPD 11 %); in a shipment field, 4,979 of 90,000 generated card numbers (13 to 15, 17 or 18 digits, never 16 or 19) are accepted because they are also valid logistics numbers.',
      es: 'Después de analizar un cuerpo JSON o de formulario (así se decodifican los escapes \\u) y antes de que lo vea ningún manejador ni el almacén de idempotencia, cada cadena se normaliza (NFKC, dígitos de cualquier escritura) y se buscan de 13 a 19 dígitos, separados por cualquier combinación de caracteres que no sean letras ni dígitos, que superen Luhn y tengan el prefijo y la longitud de una marca de tarjetas (Visa, Mastercard, American Express, Discover, Diners, JCB, UnionPay, Maestro, Mir). Antes se apartan los UUID, los IBAN válidos, las fechas, las horas y los teléfonos internacionales (un + o 00 ante 15 dígitos como máximo); en los campos de envío (reference, tracking_number) se acepta un número con un dígito de control logístico válido (GS1 SSCC/GTIN, FedEx, UPS, USPS, DPD, DHL Express, UPU S10). Una Idempotency-Key que contiene un número de tarjeta se rechaza; un X-Request-Id que lo contiene, o que no tiene ninguna letra, se sustituye. Medido sobre muestras con semilla: 10.000 números de tarjeta de prueba por marca en 16 grafías, 1.440.000 de 1.440.000 rechazados; 10.000 identificadores de cada uno de 14 formatos de envío en campos de envío y 60.000 direcciones, teléfonos, IBAN, números de IVA, fechas y descripciones de envíos europeos, 0 rechazados. Fuera de los campos de envío no se aplica ningún esquema y se rechaza hasta un 11 % de los números de un formato (GS1 SSCC 3,8 %, DPD 11 %); en un campo de envío se aceptan 4.979 de 90.000 números de tarjeta generados (de 13 a 15, 17 o 18 dígitos, nunca 16 ni 19) porque también son números logísticos válidos.',
    },
    where: [
      'server/src/http/card-guard.ts',
      'server/src/http/card-brands.ts',
      'server/src/http/shipment-ids.ts',
      'server/src/http/card-free.ts',
      'server/src/http/body.ts',
      'server/src/http/request-id.ts',
      'server/src/http/idempotency.ts',
    ],
    verifiedBy: [
      {
        file: 'e2e/security/card-numbers.test.ts',
        name: 'are refused in JSON bodies (plain and written with unicode escapes) and query strings, in every spelling of every brand',
      },
      {
        file: 'e2e/security/card-numbers.test.ts',
        name: 'none of the card numbers sent reached the log or the database',
      },
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'finds a card number however it is separated: any spaces, tabs, dots, slashes, underscores, dashes, several in a row, fullwidth or other scripts’ digits',
      },
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'refuses 10,000 generated test PANs per brand, 9 brands, in each of 16 spellings: 1,440,000 of 1,440,000',
      },
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'accepts 10,000 generated identifiers of each of 14 shipment formats in shipment fields (0 refused), and counts what free text refuses',
      },
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'counts the card numbers a shipment field lets through because they are also valid logistics numbers (never 16 or 19 digits)',
      },
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'refuses none of 10,000 generated EU addresses, phone numbers, IBANs, VAT numbers, dates and shipment descriptions each: 0 of 60,000',
      },
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'validates each carrier scheme against its published test numbers, valid and invalid',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'refuses a card number written with JSON unicode escapes in a payment request description, and stores nothing',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'refuses a card number separated by dots, slashes, underscores, tabs, no-break spaces or double spaces',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'accepts a FedEx tracking number 770814155979034 and an SSCC 058498756633090711 as reference (201)',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'refuses a card number in the query string, decoded, and accepts a tracking number as reference there',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'replaces an X-Request-Id made of a card number (or of digits only) and never echoes or logs it',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'refuses an Idempotency-Key holding a card number, which never reaches the SQLite file',
      },
      {
        file: 'server/src/http/card-free.test.ts',
        name: 'keeps no idempotency record of a refused body: the same key then runs the clean request',
      },
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'refuses a card number anywhere in the body and never logs it',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'refuses a card number in the body, with CORS headers so the widget can read why',
      },
      {
        file: 'e2e/journeys.test.ts',
        name: 'no card number is in any log line, database file, backup, notification or API response',
      },
    ],
    owasp: ['A04', 'A09'],
  },
  {
    id: 'amount-decided-by-server',
    area: 'card-data',
    claim: {
      en: 'The browser cannot choose what it pays: the amount, currency and destination come from the stored payment request.',
      es: 'El navegador no puede elegir lo que paga: el importe, la moneda y el destino proceden de la solicitud de pago almacenada.',
    },
    how: {
      en: 'The widget sends only the payment request id and fraud signals; the intent endpoint’s schema refuses any other field, and the PaymentIntent is created from the store.',
      es: 'El widget solo envía el identificador de la solicitud de pago y señales antifraude; el esquema del endpoint rechaza cualquier otro campo, y el PaymentIntent se crea a partir de lo almacenado.',
    },
    where: ['server/src/checkout/intent.ts', 'server/src/checkout/schema.ts'],
    verifiedBy: [
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'ignores any amount or currency the browser sends (the body schema refuses them)',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'creates one PaymentIntent with the stored amount, currency, 3DS setting and metadata',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'sends the carrier’s account as destination with the platform fee',
      },
      {
        file: 'widget/src/checkout/checkout.test.ts',
        name: 'sends a random device id and no amount with the intent request, and the same id next time',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'an intent request carrying amount, currency or a Stripe account is refused',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'query parameters are ignored: the PaymentIntent has the amount and currency the merchant set',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'one-payment-intent-per-request',
    area: 'card-data',
    claim: {
      en: 'A payment request has exactly one PaymentIntent, even when the widget calls twice at once, so a buyer cannot be charged twice for one shipment.',
      es: 'Una solicitud de pago tiene exactamente un PaymentIntent, aunque el widget llame dos veces a la vez, de modo que no se puede cobrar dos veces un mismo envío.',
    },
    how: {
      en: 'The PaymentIntent is created with a Stripe idempotency key derived from the payment request, and the existing one is returned on later calls.',
      es: 'El PaymentIntent se crea con una clave de idempotencia de Stripe derivada de la solicitud de pago, y las llamadas posteriores devuelven el existente.',
    },
    where: ['server/src/checkout/intent.ts'],
    verifiedBy: [
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'creates exactly one PaymentIntent under concurrent calls',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'stripe-rate-limits-retried',
    area: 'card-data',
    claim: {
      en: 'Stripe rate limits: a checkout that meets Stripe’s 429 answers is retried with backoff, never creating a second PaymentIntent, and the buyer is told it is busy rather than shown an error.',
      es: 'Límites de frecuencia de Stripe: un pago que recibe respuestas 429 de Stripe se reintenta con espera creciente, sin crear nunca un segundo PaymentIntent, y al comprador se le indica que hay mucha carga en lugar de mostrarle un error.',
    },
    how: {
      en: 'Stripe answers 429 above 100 requests a second per account (25 in test mode) and 25 a second per endpoint (docs.stripe.com/rate-limits), and its SDK does not retry that answer. The server retries it with exponential backoff and full jitter for up to about 8 seconds, always with the payment request’s one idempotency key, then answers 503 stripe-busy with Retry-After; the widget shows “busy, retrying”, asks again a bounded number of times, then asks the buyer to try again. Each 429 is counted (cargopay_stripe_rate_limited_total) and the stripe_rate_limited alert fires when they are frequent.',
      es: 'Stripe responde 429 por encima de 100 peticiones por segundo por cuenta (25 en modo de prueba) y de 25 por segundo por endpoint (docs.stripe.com/rate-limits), y su SDK no reintenta esa respuesta. El servidor la reintenta con espera exponencial y aleatoria completa durante unos 8 segundos como máximo, siempre con la única clave de idempotencia de la solicitud de pago, y después responde 503 stripe-busy con Retry-After; el widget muestra «mucha carga, reintentando», vuelve a preguntar un número limitado de veces y luego pide al comprador que lo intente de nuevo. Cada 429 se cuenta (cargopay_stripe_rate_limited_total) y la alerta stripe_rate_limited salta cuando son frecuentes.',
    },
    where: [
      'server/src/stripe/rate-limit-retry.ts',
      'server/src/checkout/intent.ts',
      'server/src/monitoring/rules.ts',
      'server/sandbox/api/rate-limits.ts',
      'widget/src/checkout/api.ts',
      'widget/src/checkout/payment-controller.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/checkout/stripe-rate-limits.test.ts',
        name: 'every buyer is either served a PaymentIntent and pays, or told clearly to retry (stripe-busy) and pays on retrying; one PaymentIntent per payment request, and an alert',
      },
      {
        file: 'server/src/checkout/stripe-rate-limits.test.ts',
        name: 'a checkout that meets Stripe’s 429s retries with its one idempotency key until Stripe serves it: one PaymentIntent, each 429 counted',
      },
      {
        file: 'server/src/checkout/stripe-rate-limits.test.ts',
        name: 'when Stripe still refuses after what a buyer can wait for, the checkout answers 503 stripe-busy with Retry-After, and the buyer’s retry gets the one PaymentIntent',
      },
      {
        file: 'server/src/stripe/rate-limit-retry.test.ts',
        name: 'gives up with the 429 once the next retry would start past the budget the buyer can wait for',
      },
      {
        file: 'server/sandbox/api/rate-limits.test.ts',
        name: 'test mode: the 26th request in one second gets Stripe’s 429, and the next second is served again',
      },
      {
        file: 'widget/src/checkout/checkout-busy.test.ts',
        name: 'busy through every retry: tells the buyer clearly to try again (cargopay-error stripe-busy), and "Try again" then works',
      },
      {
        file: 'widget/test/stripe-busy.test.ts',
        name: 'the server retries Stripe’s 429s, then the widget shows "busy, retrying"; once Stripe serves again, the buyer pays',
      },
    ],
    owasp: ['A06', 'A10'],
  },
  {
    id: 'stripe-webhooks-verified',
    area: 'webhooks',
    claim: {
      en: 'Stripe webhooks are verified against the raw body before anything is parsed or stored; forged, tampered and replayed deliveries are refused, and so is a correctly signed event whose envelope is not a well-formed Stripe event.',
      es: 'Los webhooks de Stripe se verifican sobre el cuerpo sin procesar antes de interpretar o guardar nada; se rechazan las entregas falsificadas, manipuladas o reenviadas, y también un evento bien firmado cuyo sobre no es un evento de Stripe bien formado.',
    },
    how: {
      en: 'The Stripe-Signature header is checked with the SDK’s constructEvent and the endpoint secret; its signed timestamp must be within 300 seconds of now, in the past or in the future (the SDK checks only age). Then, before anything is stored, a schema checks the envelope: id a string evt_… of Stripe’s form, type in Stripe’s syntax, created an integer, livemode a boolean, data.object an object (and, for the events CargoPay acts on, the object they name with a string id). Anything else is answered 400 with a problem naming each field and counted in cargopay_webhook_invalid_fields_total; a well-formed type CargoPay does not act on is acknowledged, so Stripe does not retry it for days.',
      es: 'La cabecera Stripe-Signature se comprueba con constructEvent del SDK y el secreto del endpoint; su marca de tiempo firmada debe estar a menos de 300 segundos de ahora, en el pasado o en el futuro (el SDK solo comprueba la antigüedad). Después, antes de guardar nada, un esquema comprueba el sobre: id una cadena evt_… con la forma de Stripe, type con la sintaxis de Stripe, created un entero, livemode un booleano, data.object un objeto (y, en los eventos que CargoPay procesa, el objeto que nombran con un id de texto). Cualquier otra cosa recibe un 400 con un problema que nombra cada campo y se cuenta en cargopay_webhook_invalid_fields_total; un tipo bien formado que CargoPay no procesa se acepta, para que Stripe no lo reintente durante días.',
    },
    where: [
      'server/src/webhooks/router.ts',
      'server/src/webhooks/envelope.ts',
      'server/src/webhooks/signed-at.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/webhooks/webhooks.test.ts',
        name: 'refuses a body signed with another secret (forgery) and stores nothing',
      },
      {
        file: 'server/src/webhooks/webhooks.test.ts',
        name: 'refuses a tampered body and a missing signature',
      },
      { file: 'server/src/webhooks/webhooks.test.ts', name: 'refuses a replay signed more than 300 s ago' },
      {
        file: 'e2e/security/api.test.ts',
        name: 'a body signed with another secret is refused and changes nothing',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'a signature older than 300 s (an expired or replayed capture) is refused',
      },
      {
        file: 'server/src/webhooks/envelope.test.ts',
        name: 'refuses a signature timestamped more than 300 s in the future, and accepts one within the tolerance',
      },
      {
        file: 'server/src/webhooks/envelope.test.ts',
        name: 'refuses an id that is a number (0, -0, 9007199254740993) with 400 naming `id`, stores nothing, and counts it',
      },
      {
        file: 'server/src/webhooks/envelope.test.ts',
        name: 'refuses %s with 400 naming `%s`, and stores nothing',
      },
      {
        file: 'server/src/webhooks/envelope.test.ts',
        name: 'acknowledges a well-formed event type CargoPay does not act on, and marks it applied with nothing to do',
      },
    ],
    owasp: ['A08'],
  },
  {
    id: 'webhook-events-applied-once',
    area: 'webhooks',
    claim: {
      en: 'Each Stripe event is applied at most once, and a payment’s state only moves forward, even when events arrive twice, late, out of order, or across a crash. One stored event that cannot be applied never holds up the others: it is retried with backoff, then parked as a dead letter that operators see, are alerted to, and replay once the cause is fixed.',
      es: 'Cada evento de Stripe se aplica como mucho una vez, y el estado de un pago solo avanza, aunque los eventos lleguen dos veces, tarde, desordenados o con una caída de por medio. Un evento guardado que no se puede aplicar nunca retiene a los demás: se reintenta con espera creciente y después se aparta como carta muerta que los operadores ven, de la que reciben una alerta y que reprocesan una vez corregida la causa.',
    },
    how: {
      en: 'Events are written to an inbox keyed by event id before Stripe gets its 200, their payload sealed under that very id string; a worker applies each one in a transaction through a state machine that never moves backwards. Each row is read, opened, parsed and applied on its own: one that fails counts an attempt and is retried 5 s later, doubling up to an hour, and after 25 attempts (about 15 hours) is parked with its last error, counted in cargopay_webhook_dead_letters and raised by the webhook_dead_letters alert. `npm run webhooks -- dead-letters` lists them and `npm run webhooks -- replay <evt_…|--all>` requeues them.',
      es: 'Los eventos se escriben en una bandeja de entrada indexada por el identificador del evento antes de responder 200 a Stripe, con su contenido sellado con esa misma cadena de identificador; un proceso aplica cada uno en una transacción mediante una máquina de estados que nunca retrocede. Cada fila se lee, se abre, se interpreta y se aplica por separado: la que falla cuenta un intento y se reintenta 5 s después, duplicando la espera hasta una hora, y tras 25 intentos (unas 15 horas) se aparta con su último error, se cuenta en cargopay_webhook_dead_letters y la alerta webhook_dead_letters avisa. `npm run webhooks -- dead-letters` las lista y `npm run webhooks -- replay <evt_…|--all>` las vuelve a encolar.',
    },
    where: [
      'server/src/webhooks/apply.ts',
      'server/src/webhooks/worker.ts',
      'server/src/webhooks/retry.ts',
      'server/src/webhooks/commands.ts',
      'server/src/payment-requests/state-machine.ts',
    ],
    verifiedBy: [
      { file: 'server/src/webhooks/webhooks.test.ts', name: 'applies a duplicate delivery once' },
      {
        file: 'server/src/webhooks/webhooks.test.ts',
        name: 'ignores a late processing or payment_failed after succeeded (reordering)',
      },
      {
        file: 'server/src/webhooks/webhooks.test.ts',
        name: 'applies the stored event exactly once after a restart',
      },
      {
        file: 'server/src/webhooks/dead-letters.test.ts',
        name: 'a corrupt row planted in the database does not stop the next signed events from being applied, before and after a restart',
      },
      {
        file: 'server/src/webhooks/dead-letters.test.ts',
        name: 'a row that keeps failing backs off, is parked after its last attempt with its error, is counted, alerted on and listed, and replay applies it once the cause is fixed',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: 'reads a row whose payload does not open as unreadable, without failing the rows beside it',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: 'seals a payload under the very string stored as its id, and refuses an id that is not a string',
      },
    ],
    owasp: ['A06', 'A08', 'A10'],
  },
  {
    id: 'merchant-notifications-signed',
    area: 'webhooks',
    claim: {
      en: 'Notifications to merchants are signed with the merchant’s own secret and retried with backoff until the merchant’s endpoint accepts them, for up to 3 days.',
      es: 'Las notificaciones a los comercios se firman con el secreto propio del comercio y se reintentan con espera creciente hasta que su endpoint las acepta, durante un máximo de 3 días.',
    },
    how: {
      en: 'CargoPay-Signature is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, Stripe’s scheme; retries double from 30 s with jitter, capped at 6 h.',
      es: 'CargoPay-Signature es t=<segundos unix>,v1=<HMAC-SHA256 en hexadecimal de "<t>.<cuerpo>">, el esquema de Stripe; los reintentos se duplican desde 30 s con variación aleatoria, hasta un máximo de 6 h.',
    },
    where: [
      'server/src/contract/signature.ts',
      'server/src/notifications/delivery.ts',
      'server/src/notifications/backoff.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/notifications/notifications.test.ts',
        name: 'verifies what it signs, and refuses another secret, another body or an old timestamp',
      },
      {
        file: 'server/src/notifications/notifications.test.ts',
        name: 'POSTs a signed JSON notification and retries with backoff until the receiver recovers',
      },
      {
        file: 'server/src/notifications/notifications.test.ts',
        name: 'marks a notification failed after 3 days of refusals, keeping every attempt',
      },
    ],
    owasp: ['A08'],
  },
  {
    id: 'merchant-api-keys',
    area: 'authentication',
    claim: {
      en: 'The merchant API requires a valid secret key, a merchant can reach only its own payment requests, and guessing keys is throttled: after too many failed authentications from one address or at one key prefix, every request from it is refused without its key being looked up.',
      es: 'La API de comercios exige una clave secreta válida, un comercio solo puede acceder a sus propias solicitudes de pago, y adivinar claves está limitado: tras demasiadas autenticaciones fallidas desde una dirección o con un mismo prefijo de clave, toda petición desde ella se rechaza sin buscar su clave.',
    },
    how: {
      en: 'Keys are cp_test_ or cp_live_ followed by 32 bytes from the operating system’s secure random source (43 base64url characters), shown once and stored only as a SHA-256 hash (listings show the first 12 characters); every lookup is scoped to the key’s merchant, and another merchant’s request answers “not found”. Failed authentications (missing, malformed or unknown key; successes never count) are counted per client address and per key prefix (cp_test_/cp_live_ and 4 more characters); past RATE_LIMIT_AUTH_FAILURES (20) per address or RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX (50) per prefix in RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS (900), requests from that address or for that prefix, valid keys included, get 429 rate-limited with Retry-After on every merchant route until the window ends.',
      es: 'Las claves son cp_test_ o cp_live_ seguido de 32 bytes de la fuente aleatoria segura del sistema operativo (43 caracteres base64url), se muestran una sola vez y solo se guarda su hash SHA-256 (los listados muestran los 12 primeros caracteres); cada consulta se limita al comercio de la clave, y la solicitud de otro comercio responde «no encontrada». Las autenticaciones fallidas (clave ausente, mal formada o desconocida; los aciertos nunca cuentan) se cuentan por dirección del cliente y por prefijo de clave (cp_test_/cp_live_ y 4 caracteres más); por encima de RATE_LIMIT_AUTH_FAILURES (20) por dirección o RATE_LIMIT_AUTH_FAILURES_PER_KEY_PREFIX (50) por prefijo en RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS (900), las peticiones desde esa dirección o con ese prefijo, claves válidas incluidas, reciben 429 rate-limited con Retry-After en todas las rutas de comercio hasta que acaba la ventana.',
    },
    where: [
      'server/src/merchants/auth.ts',
      'server/src/merchants/auth-throttle.ts',
      'server/src/merchants/keys.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/merchants/auth-throttle.test.ts',
        name: '30 bad keys from one address: 401 up to the limit, then 429 with Retry-After and no lookup, on every merchant route; a valid key from it too; another address unaffected',
      },
      {
        file: 'server/src/merchants/auth-throttle.test.ts',
        name: 'a successful authentication does not count as a failure, nor clear the failures before it',
      },
      {
        file: 'server/src/merchants/auth-throttle.test.ts',
        name: 'failures at one key prefix from many addresses throttle that prefix, the valid key included, before any lookup; other prefixes are unaffected',
      },
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'refuses a request without a key with 401 unauthorized and WWW-Authenticate',
      },
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'refuses a well-formed but unknown key',
      },
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'answers another merchant’s request as not found',
      },
      { file: 'e2e/security/api.test.ts', name: 'cannot read, list, cancel, annotate or inspect them' },
      {
        file: 'server/src/merchants/keys.test.ts',
        name: 'a new key is cp_test_ or cp_live_ followed by 32 random bytes (43 base64url characters)',
      },
      {
        file: 'server/src/merchants/keys.test.ts',
        name: '10,000 new keys are all distinct, and each of their 256 bits is set in about half of them',
      },
      {
        file: 'server/src/merchants/keys.test.ts',
        name: 'hashes a key with SHA-256, and a listing shows only cp_test_ and 4 more characters',
      },
      {
        file: 'server/src/merchants/keys.test.ts',
        name: 'the database holds only the SHA-256 hash of a key: neither the key nor its random part, before or after it is used and rotated',
      },
    ],
    owasp: ['A01', 'A04', 'A07'],
  },
  {
    id: 'checkout-origins',
    area: 'authentication',
    claim: {
      en: 'In a browser, the widget’s public endpoints answer only pages on the origins the merchant registered. This binds browsers only: a request that sends no Origin header (a script or a server, not a web page) is answered like any other.',
      es: 'En un navegador, los endpoints públicos del widget solo responden a páginas de los orígenes que registró el comercio. Esto solo vincula a los navegadores: una petición que no envía la cabecera Origin (un script o un servidor, no una página web) se responde como cualquier otra.',
    },
    how: {
      en: 'CORS is decided per payment request from its merchant’s allowed origins; a request whose Origin is foreign gets a 403 origin-not-allowed problem and no CORS headers, so the page can read nothing. A request with no Origin gets no CORS headers and is served: such a caller needs the payment request’s id (pr_ and 24 random characters) and still cannot change what is paid (see the amount control), but the origin list does not stop it.',
      es: 'El CORS se decide por solicitud de pago a partir de los orígenes permitidos de su comercio; una petición con un Origin ajeno recibe un problema 403 origin-not-allowed y ninguna cabecera CORS, de modo que la página no puede leer nada. Una petición sin Origin no recibe cabeceras CORS y se atiende: quien llama así necesita el identificador de la solicitud de pago (pr_ y 24 caracteres aleatorios) y sigue sin poder cambiar lo que se paga (véase el control del importe), pero la lista de orígenes no lo detiene.',
    },
    where: ['server/src/checkout/cors.ts'],
    verifiedBy: [
      { file: 'server/src/checkout/checkout.test.ts', name: 'answers a preflight from an allowed origin' },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'refuses a foreign origin with origin-not-allowed and no CORS headers',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'does not let one merchant’s origin use another merchant’s request',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'the checkout API answers a foreign origin with 403 and no CORS headers, preflight included',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'binds browsers only: a request with no Origin header (a script, a server) is answered, without CORS headers',
      },
    ],
    owasp: ['A01', 'A02'],
  },
  {
    id: 'vat-numbers-checked',
    area: 'authentication',
    claim: {
      en: 'A business buyer’s EU VAT number is checked for its format and check digits, then against VIES; VIES being unavailable is never reported as invalid.',
      es: 'El número de IVA de la UE de un comprador empresarial se comprueba en su formato y dígitos de control y después en VIES; que VIES no esté disponible nunca se presenta como no válido.',
    },
    how: {
      en: 'Check digits are computed for every member state and XI before VIES is asked, with a timeout and a cache; VIES’s answer and request date are kept with the payment request as proof.',
      es: 'Los dígitos de control se calculan para cada Estado miembro y XI antes de consultar VIES, con un tiempo límite y una caché; la respuesta de VIES y su fecha se guardan con la solicitud de pago como prueba.',
    },
    where: ['server/src/vat/check-digits.ts', 'server/src/vat/vies-client.ts', 'server/src/vat/service.ts'],
    verifiedBy: [
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'answers valid with VIES’s name, address and date, and keeps the proof with the request',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'answers invalid for wrong check digits without asking VIES, and for an unregistered number',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'answers unavailable (never invalid) when the member state is down or VIES times out',
      },
    ],
    owasp: ['A10'],
  },
  {
    id: 'personal-data-sealed',
    area: 'encryption',
    claim: {
      en: 'Personal data at rest (emails, names, addresses) is encrypted with AES-256-GCM; the database file never holds a plaintext email.',
      es: 'Los datos personales en reposo (correos, nombres, direcciones) se cifran con AES-256-GCM; el archivo de la base de datos nunca contiene un correo en claro.',
    },
    how: {
      en: 'Each field is sealed under a key from the environment, bound to its row and column, with the key id stored beside the ciphertext so keys can rotate.',
      es: 'Cada campo se sella con una clave del entorno, ligado a su fila y columna, con el identificador de la clave junto al texto cifrado para poder rotar claves.',
    },
    where: ['server/src/store/crypto.ts'],
    verifiedBy: [
      {
        file: 'server/src/store/store.test.ts',
        name: 'opens what it seals, and records the key id beside the ciphertext',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: 'keeps old rows readable after a key rotation, and seals new ones under the new key',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: 'refuses a ciphertext moved to another row or column, or tampered with',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: 'after payment requests, idempotent replays, VAT proofs and webhook payloads with billing emails',
      },
      { file: 'server/src/disputes/disputes.test.ts', name: 'keeps delivery data sealed in the database' },
    ],
    owasp: ['A04'],
  },
  {
    id: 'production-refuses-unsafe-config',
    area: 'http',
    claim: {
      en: 'In production the server refuses to start without real Stripe keys, a webhook secret, an encryption key and HTTPS settings, and its configuration errors never repeat a secret.',
      es: 'En producción el servidor se niega a arrancar sin claves reales de Stripe, un secreto de webhooks, una clave de cifrado y la configuración HTTPS, y sus errores de configuración nunca repiten un secreto.',
    },
    how: {
      en: 'The environment is validated once, at start-up, by one zod schema; every problem is reported on its own line.',
      es: 'El entorno se valida una sola vez, al arrancar, con un único esquema zod; cada problema se indica en su propia línea.',
    },
    where: ['server/src/config.ts'],
    verifiedBy: [
      {
        file: 'server/src/config.test.ts',
        name: 'refuses production without real keys, a webhook secret, an encryption key or HTTPS settings',
      },
      { file: 'server/src/config.test.ts', name: 'never echoes a secret in its messages' },
    ],
    owasp: ['A02'],
  },
  {
    id: 'idempotency-keys',
    area: 'http',
    claim: {
      en: 'Creating a payment request retried with the same Idempotency-Key returns the first answer instead of creating a second one.',
      es: 'Crear una solicitud de pago reintentando con la misma Idempotency-Key devuelve la primera respuesta en lugar de crear una segunda.',
    },
    how: {
      en: 'Answers are stored per merchant and key with a hash of the body; the same key with another body is refused. The same middleware serves every POST of the merchant API and the checkout; the tests exercise it on creating a payment request.',
      es: 'Las respuestas se guardan por comercio y clave con un hash del cuerpo; la misma clave con otro cuerpo se rechaza. El mismo middleware atiende todos los POST de la API de comercios y del pago; las pruebas lo ejercitan al crear una solicitud de pago.',
    },
    where: ['server/src/http/idempotency.ts'],
    verifiedBy: [
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'replays the first answer for the same key and body, creating one request',
      },
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'refuses the same key with a different body',
      },
      { file: 'server/src/payment-requests/payment-requests.test.ts', name: 'keeps keys per merchant' },
    ],
    owasp: ['A06'],
  },
  {
    id: 'malformed-input-answered-4xx',
    area: 'http',
    claim: {
      en: 'Malformed input is answered with a 4xx problem, never a 5xx: a broken percent-encoding in the path, any body the JSON parser refuses, JSON nested more than 32 levels deep, and text holding lone UTF-16 surrogates, control characters or the key __proto__.',
      es: 'Una entrada mal formada recibe un problema 4xx, nunca un 5xx: una codificación porcentual rota en la ruta, cualquier cuerpo que el analizador JSON rechace, un JSON anidado a más de 32 niveles y un texto con sustitutos UTF-16 sueltos, caracteres de control o la clave __proto__.',
    },
    how: {
      en: 'One error handler turns every error a client can cause (path decoding, body parser, charset, depth, text) into problem+json; nesting depth is counted on the raw bytes before JSON.parse; every validated string and key is checked centrally and refused with 400 malformed-text naming the field (tab and line breaks stay allowed). A fuzzer sends generated requests to each of 39 endpoints of the running server (40 each in `npm test`, 2,000 each in `npm run test:security`) (paths, query strings, headers, bodies, signed Stripe envelopes of the wrong shape) and requires every one answered, none with a 5xx, and no stack trace in the log.',
      es: 'Un único manejador de errores convierte todo error que un cliente puede causar (decodificación de la ruta, analizador del cuerpo, juego de caracteres, profundidad, texto) en problem+json; la profundidad de anidamiento se cuenta sobre los bytes sin analizar antes de JSON.parse; cada cadena y clave validada se comprueba de forma centralizada y se rechaza con 400 malformed-text indicando el campo (el tabulador y los saltos de línea siguen permitidos). Un fuzzer envía peticiones generadas a cada uno de los 39 endpoints del servidor en marcha (40 a cada uno en `npm test`, 2.000 en `npm run test:security`) (rutas, parámetros de consulta, cabeceras, cuerpos, sobres de Stripe firmados con forma incorrecta) y exige que todas reciban respuesta, ninguna con un 5xx, y ninguna traza de pila en el registro.',
    },
    where: [
      'server/src/http/error-handler.ts',
      'server/src/http/client-errors.ts',
      'server/src/http/json-depth.ts',
      'server/src/http/text-guard.ts',
      'server/src/http/validate.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/http/malformed-input.test.ts',
        name: 'GET /v1/checkout/%E0%A4%A answers 400 malformed-path problem+json and logs no unhandled error',
      },
      {
        file: 'server/src/http/malformed-input.test.ts',
        name: 'on the merchant API (POST /v1/payment-requests) answers 400 json-too-deep, nothing stored',
      },
      {
        file: 'server/src/http/malformed-input.test.ts',
        name: 'on the public intent endpoint (POST /v1/checkout/:id/intent) answers 400 json-too-deep',
      },
      {
        file: 'server/src/http/malformed-input.test.ts',
        name: 'a lone surrogate in a payment request description answers 400 malformed-text naming description',
      },
      {
        file: 'server/src/http/malformed-input.test.ts',
        name: 'a lone surrogate in a carrier name answers 400 naming name (the Stripe SDK threw on it: 500)',
      },
      {
        file: 'server/src/http/malformed-input.test.ts',
        name: 'odd content types and charsets, corrupt or unknown encodings, wrong top-level JSON',
      },
      {
        file: 'server/src/http/json-depth.test.ts',
        name: 'stops counting once past the limit (linear, no recursion, even on 1,000,000 levels)',
      },
      {
        file: 'e2e/security/fuzz.test.ts',
        name: 'every endpoint, generated requests: always answered in time, never 5xx, no stack trace logged',
        suite: true,
      },
    ],
    owasp: ['A05', 'A10'],
  },
  {
    id: 'rate-limits',
    area: 'abuse',
    claim: {
      en: 'Requests over a route group’s limit are answered 429 with Retry-After, before any other work is done; so are requests from an address, or for a key prefix, with too many failed authentications, before the key is looked up.',
      es: 'Las peticiones por encima del límite de un grupo de rutas reciben un 429 con Retry-After, antes de hacer ningún otro trabajo; también las de una dirección, o con un prefijo de clave, con demasiadas autenticaciones fallidas, antes de buscar la clave.',
    },
    how: {
      en: 'express-rate-limit counts per route group (checkout, merchant API, webhooks) and per caller (IP address or merchant key) in one-minute windows; the merchant API is one budget per key across all its routes. Failed merchant authentications are counted apart, per client address and per key prefix, in 15-minute windows (RATE_LIMIT_AUTH_FAILURES…), and only failures count.',
      es: 'express-rate-limit cuenta por grupo de rutas (checkout, API de comercios, webhooks) y por cliente (dirección IP o clave de comercio) en ventanas de un minuto; la API de comercios es un único cupo por clave para todas sus rutas. Las autenticaciones de comercio fallidas se cuentan aparte, por dirección del cliente y por prefijo de clave, en ventanas de 15 minutos (RATE_LIMIT_AUTH_FAILURES…), y solo cuentan los fallos.',
    },
    where: ['server/src/http/rate-limits.ts', 'server/src/merchants/auth-throttle.ts', 'server/src/app.ts'],
    verifiedBy: [
      {
        file: 'e2e/security/rate-limits.test.ts',
        name: 'failed authentications (per address): bad keys answer 401 up to the limit, then 429 for every key from that address, valid ones included; another address is unaffected',
      },
      {
        file: 'server/src/webhooks/webhooks.test.ts',
        name: 'answers 429 with Retry-After past the webhook limit',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'limits the merchant API per key, with 429 rate-limited and Retry-After',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'gives each merchant key one budget across the whole merchant API, whichever router serves it',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'limits the public checkout per client, readable by the widget (CORS headers present)',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'device-signals',
    area: 'abuse',
    claim: {
      en: 'Each payment attempt carries a per-browser device id made only of random bits, never an amount; no characteristic of the browser or device feeds it.',
      es: 'Cada intento de pago lleva un identificador de dispositivo por navegador hecho solo de bits aleatorios, nunca un importe; ninguna característica del navegador o del dispositivo interviene en él.',
    },
    how: {
      en: 'The widget draws 128 bits from crypto.getRandomValues once, writes them as 32 letters, keeps the id in localStorage (in memory when storage is blocked) and sends it with the time from ready to submit and the attempt count. It reads no user agent, language, platform, screen, timezone, hardware or plugin property. The id lasts as long as the browser keeps its storage; clearing it gives a new one.',
      es: 'El widget toma 128 bits de crypto.getRandomValues una sola vez, los escribe como 32 letras, conserva el identificador en localStorage (en memoria si el almacenamiento está bloqueado) y lo envía con el tiempo desde que el formulario está listo hasta el envío y el número de intentos. No lee el agente de usuario, el idioma, la plataforma, la pantalla, la zona horaria, el hardware ni los plugins. El identificador dura lo que el navegador conserve su almacenamiento; al borrarlo se obtiene uno nuevo.',
    },
    where: ['widget/src/checkout/fraud-signals.ts'],
    verifiedBy: [
      {
        file: 'widget/src/checkout/checkout.test.ts',
        name: 'sends a random device id and no amount with the intent request, and the same id next time',
      },
      {
        file: 'widget/src/checkout/fraud-signals.test.ts',
        name: '10,000 new ids are all distinct, and each of their 128 bits is set in about half of them',
      },
      {
        file: 'widget/src/checkout/fraud-signals.test.ts',
        name: 'reads no fingerprint input (user agent, languages, platform, screen, timezone, hardware, plugins): only crypto.getRandomValues feeds it',
      },
      {
        file: 'widget/src/checkout/fraud-signals.test.ts',
        name: 'is kept in localStorage and sent again',
      },
    ],
    owasp: [],
  },
  {
    id: 'online-backups',
    area: 'storage',
    claim: {
      en: 'The database is backed up online on a schedule, old backups are pruned by a retention count, and a backup can be restored.',
      es: 'La base de datos se copia en línea según una programación, las copias antiguas se eliminan según un número de retención, y una copia puede restaurarse.',
    },
    how: {
      en: 'SQLite’s online backup runs while the server keeps serving; `npm run restore -- <file>` refuses a file that is not a CargoPay database.',
      es: 'La copia en línea de SQLite se ejecuta mientras el servidor sigue atendiendo; `npm run restore -- <archivo>` rechaza un archivo que no sea una base de datos de CargoPay.',
    },
    where: ['server/src/store/backup.ts', 'server/src/store/restore-cli.ts'],
    verifiedBy: [
      {
        file: 'server/src/store/store.test.ts',
        name: 'takes online backups with retention, and restores one in place of the database',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: 'repeats backups on its interval, keeping only the retention count',
      },
      {
        file: 'server/src/store/store.test.ts',
        name: '`npm run restore -- <file>` refuses a file that is not a CargoPay database and restores a real backup',
      },
    ],
    owasp: [],
  },
  {
    id: 'https-and-hsts',
    area: 'http',
    claim: {
      en: 'Behind a trusted proxy, plain-HTTP GETs are redirected to HTTPS, plain-HTTP POSTs are refused, and HTTPS answers carry HSTS.',
      es: 'Detrás de un proxy de confianza, los GET en HTTP sin cifrar se redirigen a HTTPS, los POST en HTTP sin cifrar se rechazan y las respuestas HTTPS llevan HSTS.',
    },
    how: {
      en: 'Whether a request came over HTTPS is taken from the trusted proxy; GET and HEAD over plain HTTP get a 308 redirect, anything else is refused, so a body sent over plain HTTP is never processed.',
      es: 'Si una petición llegó por HTTPS se toma del proxy de confianza; GET y HEAD en HTTP sin cifrar reciben una redirección 308 y todo lo demás se rechaza, así que un cuerpo enviado sin cifrar nunca se procesa.',
    },
    where: ['server/src/http/https-redirect.ts', 'server/src/http/security-headers.ts'],
    verifiedBy: [
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'redirects plain-HTTP GETs, refuses plain-HTTP POSTs, and serves what came over HTTPS with HSTS',
      },
    ],
    owasp: ['A02', 'A04'],
  },
  {
    id: 'security-headers',
    area: 'http',
    claim: {
      en: 'API answers carry a deny-all Content-Security-Policy; the pages the server serves carry a strict one that runs no inline script except by hash, and a Permissions-Policy that turns off every powerful feature they do not use; no other origin may embed what the server answers, except the widget script and the checkout API, which merchants’ pages load.',
      es: 'Las respuestas de la API llevan una Content-Security-Policy que lo deniega todo; las páginas que sirve el servidor llevan una estricta que no ejecuta ningún script en línea salvo por hash, y una Permissions-Policy que desactiva toda función sensible que no usan; ningún otro origen puede incrustar lo que responde el servidor, salvo el script del widget y la API de checkout, que cargan las páginas de los comercios.',
    },
    how: {
      en: 'helmet sets the headers; the hashes of the built site’s inline scripts are computed when the server starts. Cross-Origin-Resource-Policy is same-origin everywhere but /widget/ and /v1/checkout/ (cross-origin). Permissions-Policy denies camera, microphone, geolocation, sensors, USB, serial, HID, Bluetooth, MIDI, display capture and autoplay, and allows payment (Apple Pay and Google Pay in the Payment Element) only for the page’s own origin and https://js.stripe.com, whose frames hold the Payment Element.',
      es: 'helmet fija las cabeceras; los hashes de los scripts en línea del sitio construido se calculan al arrancar el servidor. Cross-Origin-Resource-Policy es same-origin en todas partes salvo /widget/ y /v1/checkout/ (cross-origin). Permissions-Policy deniega cámara, micrófono, geolocalización, sensores, USB, serie, HID, Bluetooth, MIDI, captura de pantalla y reproducción automática, y permite payment (Apple Pay y Google Pay en el Payment Element) solo al propio origen de la página y a https://js.stripe.com, cuyos marcos contienen el Payment Element.',
    },
    where: [
      'server/src/http/security-headers.ts',
      'server/src/http/permissions-policy.ts',
      'server/src/http/inline-scripts.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'sends CORP same-origin on the merchant API and pages, cross-origin on the widget and the checkout API, and a Permissions-Policy on pages',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'Cross-Origin-Resource-Policy: same-origin on the merchant API, ops and pages; cross-origin only on the widget script and the checkout API',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'pages: a Permissions-Policy that turns off camera, microphone, location, sensors and device ports, and allows payment only for this origin and Stripe',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'gives API answers a deny-all CSP and a request id, echoing a safe incoming one',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'serves pages with the strict page CSP, allowing the sandbox origin and nothing inline but by hash',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'API answers: deny-all CSP, nosniff, no referrer, no X-Powered-By, no caching of checkout data',
      },
      {
        file: 'e2e/security/api.test.ts',
        name: 'pages: a strict CSP with no inline script except by hash, no eval, no plugins, no framing by others',
      },
    ],
    owasp: ['A02', 'A05'],
  },
  {
    id: 'published-files-checked',
    area: 'http',
    claim: {
      en: 'What is published carries no secret and can be pinned: the built widget and docs site hold no Stripe key, webhook secret or merchant credential, and the widget’s manifest gives each file’s SHA-384 Subresource Integrity hash, which matches the file.',
      es: 'Lo que se publica no lleva ningún secreto y se puede fijar: el widget y el sitio de documentación construidos no contienen ninguna clave de Stripe, secreto de webhook ni credencial de comercio, y el manifiesto del widget da el hash SHA-384 de Subresource Integrity de cada archivo, que coincide con el archivo.',
    },
    how: {
      en: 'After every build, the published files are searched for the shapes of Stripe secret and restricted keys, webhook secrets, CargoPay API keys and signing secrets, and the sandbox’s secret key; the build writes the integrity value that the integration guide’s script tag carries, and a test recomputes it. Known vulnerabilities in dependencies are checked with npm audit where the registry can be reached; that check is not counted here, because it is skipped offline.',
      es: 'Después de cada construcción se buscan en los archivos publicados las formas de las claves secretas y restringidas de Stripe, los secretos de webhook, las claves de API y los secretos de firma de CargoPay y la clave secreta del sandbox; la construcción escribe el valor de integridad que lleva la etiqueta script de la guía de integración, y una prueba lo vuelve a calcular. Las vulnerabilidades conocidas de las dependencias se comprueban con npm audit cuando se puede llegar al registro; esa comprobación no cuenta aquí, porque se omite sin conexión.',
    },
    where: ['widget/scripts/manifest.ts', 'widget/scripts/budget.ts', 'e2e/security/supply-chain.test.ts'],
    verifiedBy: [
      {
        file: 'e2e/security/supply-chain.test.ts',
        name: 'dist/widget holds no Stripe key, webhook secret or merchant credential',
      },
      {
        file: 'e2e/security/supply-chain.test.ts',
        name: 'dist/site holds no Stripe key, webhook secret or merchant credential',
      },
      {
        file: 'widget/scripts/build.node.test.ts',
        name: 'cargopay.js fits the 15 KB gzip budget, the manifest matches the files, no secret prefix is shipped',
      },
    ],
    owasp: ['A03', 'A08'],
  },
  {
    id: 'logs-redacted',
    area: 'monitoring',
    claim: {
      en: 'Log lines carry no value of a field named as a credential or as personal data (authorization, cookie, API key, secret, token, e-mail, name, address, phone, …) in any letter case and at any depth, and no e-mail address, card number, API key or Bearer token written inside any text, the message included.',
      es: 'Las líneas de registro no contienen el valor de ningún campo cuyo nombre sea el de una credencial o un dato personal (authorization, cookie, clave de API, secreto, token, correo, nombre, dirección, teléfono, …), en cualquier combinación de mayúsculas y a cualquier profundidad, ni ninguna dirección de correo, número de tarjeta, clave de API o token Bearer escrito dentro de un texto, mensaje incluido.',
    },
    how: {
      en: 'Every log call passes through one redactor before pino writes it: values under sensitive keys (compared without letter case, dashes or underscores, at any depth up to 16 levels, cycles cut) become [redacted], and in every string, the message included, e-mail addresses, 13–19 digit Luhn-valid runs in any spelling and API keys or Bearer tokens are masked; request bodies are never logged at all. A name, postal address or phone number written as free text inside a string is not recognised.',
      es: 'Cada llamada al registro pasa por un único filtro antes de que pino la escriba: los valores bajo claves sensibles (comparadas sin distinguir mayúsculas, guiones ni guiones bajos, a cualquier profundidad hasta 16 niveles, cortando los ciclos) se sustituyen por [redacted], y en toda cadena, mensaje incluido, se enmascaran direcciones de correo, secuencias de 13 a 19 dígitos válidas por Luhn escritas de cualquier forma y claves de API o tokens Bearer; los cuerpos de las peticiones nunca se registran. Un nombre, una dirección postal o un teléfono escritos como texto libre dentro de una cadena no se reconocen.',
    },
    where: ['server/src/http/logger.ts', 'server/src/http/redact.ts'],
    verifiedBy: [
      {
        file: 'server/src/http/logger.test.ts',
        name: 'censors authorization headers, keys, secrets and emails wherever they appear',
      },
      {
        file: 'server/src/http/logger.test.ts',
        name: 'censors sensitive keys in any letter case at any depth: billing_details.email, headers.Authorization, HEADERS.COOKIE',
      },
      {
        file: 'server/src/http/logger.test.ts',
        name: 'masks an e-mail address, a card number and a credential inside the message and inside any string value',
      },
      {
        file: 'server/src/http/logger.test.ts',
        name: 'redacts inside arrays of objects and objects 10 levels deep, and survives cycles',
      },
      {
        file: 'server/src/http/logger.test.ts',
        name: 'keeps ordinary fields, shipment numbers and errors’ class and message readable',
      },
    ],
    owasp: ['A09'],
  },
  {
    id: 'metrics-and-readiness',
    area: 'monitoring',
    claim: {
      en: 'The server exposes Prometheus metrics (requests by route, latencies, backlogs, webhook counters, failed authentications) only to the holder of the operator’s metrics token, and a readiness check that fails when the store or Stripe is unreachable.',
      es: 'El servidor expone métricas Prometheus (peticiones por ruta, latencias, colas pendientes, contadores de webhooks, autenticaciones fallidas) solo a quien tiene el token de métricas del operador, y una comprobación de disponibilidad que falla si el almacén o Stripe no responden.',
    },
    how: {
      en: '/metrics in Prometheus format (prom-client) requires Authorization: Bearer <METRICS_TOKEN>, compared in constant time, and answers 401 otherwise; production refuses to start without the token, and elsewhere, with none set, /metrics answers loopback addresses only. /readyz for the store and Stripe, /healthz for the process.',
      es: '/metrics en formato Prometheus (prom-client) exige Authorization: Bearer <METRICS_TOKEN>, comparado en tiempo constante, y responde 401 en otro caso; en producción el servidor no arranca sin el token, y fuera de ella, si no hay ninguno, /metrics solo responde a direcciones de loopback. /readyz para el almacén y Stripe, /healthz para el proceso.',
    },
    where: ['server/src/ops/metrics.ts', 'server/src/ops/health.ts', 'server/src/ops/metrics-access.ts'],
    verifiedBy: [
      {
        file: 'server/src/ops/ops.test.ts',
        name: '/metrics answers 401 without the METRICS_TOKEN or with a wrong one, and 200 with it',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: '/metrics without a METRICS_TOKEN (outside production) answers loopback addresses only',
      },
      {
        file: 'server/src/config.test.ts',
        name: 'refuses production without METRICS_TOKEN, and a short token anywhere, without echoing it',
      },
      {
        file: 'server/src/main.test.ts',
        name: 'in production without the required settings: refuses to start, naming each missing one',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: '/metrics exposes requests by route, latencies, backlogs and webhook counters',
      },
      {
        file: 'server/src/ops/ops.test.ts',
        name: '/readyz checks the store and Stripe, and fails when Stripe is unreachable',
      },
    ],
    owasp: ['A07', 'A09'],
  },
  {
    id: 'graceful-shutdown',
    area: 'storage',
    claim: {
      en: 'Stopping the server leaves no payment event half-applied: each is either applied, with its notification, or still waiting in the inbox for the next start.',
      es: 'Al detener el servidor no queda ningún evento de pago aplicado a medias: cada uno está aplicado, con su notificación, o sigue esperando en la bandeja de entrada al siguiente arranque.',
    },
    how: {
      en: 'On SIGTERM or SIGINT the server stops taking connections, lets in-flight requests and the background work finish, then closes the store.',
      es: 'Con SIGTERM o SIGINT, el servidor deja de aceptar conexiones, deja terminar las peticiones en curso y el trabajo en segundo plano, y después cierra el almacén.',
    },
    where: ['server/src/main.ts', 'server/src/webhooks/worker.ts'],
    verifiedBy: [
      {
        file: 'server/src/ops/ops.test.ts',
        name: 'finishes the in-flight webhook pass and leaves nothing half-applied',
      },
      {
        file: 'server/src/main.test.ts',
        name: 'without Stripe keys: starts the sandbox in-process, says so loudly, prints every URL, stops cleanly on SIGTERM',
      },
    ],
    owasp: ['A10'],
  },
  {
    id: 'velocity-rules',
    area: 'abuse',
    claim: {
      en: 'Before a PaymentIntent is created, attempts are counted per payment request, IP address, buyer email and device id in sliding windows; over a limit the attempt is blocked or flagged for review.',
      es: 'Antes de crear un PaymentIntent, los intentos se cuentan por solicitud de pago, dirección IP, correo del comprador e identificador de dispositivo en ventanas deslizantes; por encima de un límite, el intento se bloquea o se marca para revisión.',
    },
    how: {
      en: 'Each attempt is recorded with its signals; each rule’s limit, window and action are per-merchant settings with the defaults shown on this page.',
      es: 'Cada intento se registra con sus señales; el límite, la ventana y la acción de cada regla son ajustes por comercio con los valores por defecto que muestra esta página.',
    },
    where: ['server/src/risk/rules.ts', 'server/src/risk/checkout.ts', 'server/src/risk/settings.ts'],
    verifiedBy: [
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'per payment request: the limit-th attempt passes, the next is blocked',
      },
      { file: 'server/src/risk/risk.test.ts', name: 'per IP address, across payment requests' },
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'per buyer email: over the limit is a review (allowed, flagged), not a block',
      },
      { file: 'server/src/risk/risk.test.ts', name: 'per widget device id, across payment requests' },
      { file: 'server/src/risk/risk.test.ts', name: 'forgets attempts once they leave the sliding window' },
      {
        file: 'e2e/journeys.test.ts',
        name: 'blocked by a velocity rule: the third attempt on one request is refused before any charge',
      },
    ],
    owasp: ['A06', 'A07'],
  },
  {
    id: 'amount-anomaly',
    area: 'abuse',
    claim: {
      en: 'An amount far above the merchant’s usual is flagged for review, once the merchant has enough history.',
      es: 'Un importe muy superior al habitual del comercio se marca para revisión, cuando el comercio tiene historial suficiente.',
    },
    how: {
      en: 'The amount is compared with the median of the merchant’s paid amounts in the same currency.',
      es: 'El importe se compara con la mediana de los importes pagados al comercio en la misma moneda.',
    },
    where: ['server/src/risk/rules.ts'],
    verifiedBy: [
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'flags an amount above 5 × the median paid amount for review, not one at it',
      },
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'does not judge amounts before the merchant has enough history',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'fraud-history',
    area: 'abuse',
    claim: {
      en: 'A buyer whose earlier payment drew an early fraud warning is reviewed, and a device whose earlier payment lost a dispute is blocked.',
      es: 'Un comprador cuyo pago anterior recibió una alerta temprana de fraude se revisa, y un dispositivo cuyo pago anterior perdió una disputa se bloquea.',
    },
    how: {
      en: 'Early fraud warnings and lost disputes are recorded against the buyer’s email and the widget’s device id, and looked up for each new attempt.',
      es: 'Las alertas tempranas de fraude y las disputas perdidas se registran con el correo del comprador y el identificador de dispositivo del widget, y se consultan en cada intento nuevo.',
    },
    where: ['server/src/risk/rules.ts', 'server/src/risk/events.ts'],
    verifiedBy: [
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'reviews a buyer whose earlier payment drew an early fraud warning, and allows a stranger',
      },
      { file: 'server/src/risk/risk.test.ts', name: 'blocks a device whose earlier payment lost a dispute' },
    ],
    owasp: ['A06'],
  },
  {
    id: 'radar-and-early-fraud-warnings',
    area: 'abuse',
    claim: {
      en: 'Radar’s risk level and score are stored with each payment; an early fraud warning flags the request, tells the merchant, and can refund small payments at once to avoid the dispute.',
      es: 'El nivel y la puntuación de riesgo de Radar se guardan con cada pago; una alerta temprana de fraude marca la solicitud, avisa al comercio y puede reembolsar al momento los pagos pequeños para evitar la disputa.',
    },
    how: {
      en: 'Read from the charge’s outcome and from radar.early_fraud_warning.created; the automatic refund is off by default and limited to a configured amount.',
      es: 'Se leen del outcome del cargo y de radar.early_fraud_warning.created; el reembolso automático está desactivado por defecto y limitado a un importe configurado.',
    },
    where: ['server/src/risk/events.ts'],
    verifiedBy: [
      { file: 'server/src/risk/risk.test.ts', name: 'stores Radar’s risk level and score for the payment' },
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'flags the request and notifies the merchant, without refunding by default',
      },
      {
        file: 'server/src/risk/risk.test.ts',
        name: 'refunds at once, when turned on, a payment up to the configured amount',
      },
      { file: 'server/src/risk/risk.test.ts', name: 'does not refund a payment over the configured amount' },
    ],
    owasp: [],
  },
  {
    id: 'dispute-evidence-compiled',
    area: 'disputes',
    claim: {
      en: 'When a dispute opens, CargoPay compiles the evidence for its reason from the payment request, uploads the files and answers it through Stripe; what is missing is listed, never invented.',
      es: 'Cuando se abre una disputa, CargoPay recopila la evidencia que corresponde a su motivo a partir de la solicitud de pago, sube los archivos y la responde a través de Stripe; lo que falta se enumera, nunca se inventa.',
    },
    how: {
      en: 'The evidence tables on this page are the server’s own; files are uploaded with purpose dispute_evidence and the fields sent with disputes.update.',
      es: 'Las tablas de evidencia de esta página son las del propio servidor; los archivos se suben con el propósito dispute_evidence y los campos se envían con disputes.update.',
    },
    where: ['server/src/disputes/compile.ts', 'server/src/disputes/respond.ts'],
    verifiedBy: [
      {
        file: 'server/src/disputes/disputes.test.ts',
        name: 'pays with 4000000000002685 and ends with the evidence submitted to the sandbox’s dispute',
      },
      {
        file: 'server/src/disputes/disputes.test.ts',
        name: '%s: a complete payment request sends its files and fields, nothing missing',
      },
      {
        file: 'server/src/disputes/disputes.test.ts',
        name: '%s: a request with no shipment data is still answered, listing what is missing',
      },
      {
        file: 'e2e/journeys.test.ts',
        name: 'a product-not-received dispute is answered with the evidence compiled from the shipment',
      },
    ],
    owasp: [],
  },
  {
    id: 'dispute-review-and-deadlines',
    area: 'disputes',
    claim: {
      en: 'A merchant can review the compiled evidence before it is submitted; evidence is refused after the due date and can be submitted only once.',
      es: 'Un comercio puede revisar la evidencia recopilada antes de presentarla; la evidencia se rechaza pasada la fecha límite y solo puede presentarse una vez.',
    },
    how: {
      en: 'Per the merchant’s policy, the evidence is submitted at once or staged as a draft; the dispute’s due_by is enforced before anything is sent.',
      es: 'Según la política del comercio, la evidencia se presenta al momento o se deja como borrador; la fecha due_by de la disputa se comprueba antes de enviar nada.',
    },
    where: ['server/src/disputes/respond.ts', 'server/src/disputes/router.ts'],
    verifiedBy: [
      {
        file: 'server/src/disputes/lifecycle.test.ts',
        name: 'stages the evidence without submitting when the merchant reviews first, then submits on request',
      },
      {
        file: 'server/src/disputes/lifecycle.test.ts',
        name: 'refuses evidence once the due date has passed',
      },
      {
        file: 'server/src/disputes/lifecycle.test.ts',
        name: 'refuses a second submission and answers another merchant’s dispute as not found',
      },
    ],
    owasp: ['A01', 'A06'],
  },
  {
    id: 'dispute-page-limits',
    area: 'disputes',
    claim: {
      en: 'Evidence is kept within the card network’s limits before it is sent, and whatever was shortened or left out is recorded and reported.',
      es: 'La evidencia se ajusta a los límites de la red de tarjetas antes de enviarla, y lo que se acortó o se omitió queda registrado y se comunica.',
    },
    how: {
      en: 'Files are counted in pages as the networks count them; the communication log is shortened first to leave room for the other files, text over 20,000 characters is cut, and a file that cannot fit at all is left out with the reason.',
      es: 'Los archivos se cuentan en páginas como las cuentan las redes; primero se acorta el registro de comunicaciones para dejar sitio a los demás archivos, el texto de más de 20.000 caracteres se recorta y un archivo que no cabe en absoluto se omite indicando el motivo.',
    },
    where: ['server/src/disputes/limits.ts', 'server/src/disputes/compile.ts', 'server/src/disputes/fit.ts'],
    verifiedBy: [
      {
        file: 'server/src/disputes/lifecycle.test.ts',
        name: 'keeps a Mastercard dispute within 19 pages: shortens the communication log to leave room for the rest, and says so',
      },
      {
        file: 'server/src/disputes/pdf.test.ts',
        name: 'cuts text over 20,000 characters and shortens the log to the page limit, recording both',
      },
      {
        file: 'server/src/disputes/pdf.test.ts',
        name: 'leaves out a file that cannot fit at all, saying why',
      },
    ],
    owasp: [],
  },
  {
    id: 'dispute-evidence-languages',
    area: 'disputes',
    claim: {
      en: 'The evidence documents CargoPay writes keep every letter of every EU official language as written: Latin with all its diacritics, Greek and Cyrillic.',
      es: 'Los documentos de evidencia que escribe CargoPay conservan tal como se escribieron todas las letras de todas las lenguas oficiales de la UE: el latín con todos sus diacríticos, el griego y el cirílico.',
    },
    how: {
      en: 'The documents are laid out by PDFKit with the DejaVu Sans font embedded and subset, from an npm package (no system font, nothing downloaded). Tests read the PDFs back with a PDF reader (pdf.js) and find every character of a log and a policy in 23 languages, and an end-to-end dispute finds a Polish buyer and a Greek message log in the files Stripe received.',
      es: 'PDFKit compone los documentos con la fuente DejaVu Sans incrustada y reducida a los glifos usados, de un paquete npm (ninguna fuente del sistema, nada descargado). Las pruebas vuelven a leer los PDF con un lector de PDF (pdf.js) y encuentran cada carácter de un registro y de una política en 23 idiomas, y una disputa de extremo a extremo encuentra un comprador polaco y un registro de mensajes en griego en los archivos que recibió Stripe.',
    },
    where: ['server/src/disputes/pdf.ts', 'server/src/disputes/render-thread.ts'],
    verifiedBy: [
      {
        file: 'server/src/disputes/languages.test.ts',
        name: 'a communication log and a refund policy come back from a PDF reader with every character of every language',
      },
      {
        file: 'server/src/disputes/languages.test.ts',
        name: 'names a Polish buyer and city exactly as written (the old WinAnsi writer sent "?ukasz Wróbel" in "?ód?")',
      },
      {
        file: 'e2e/dispute-languages.test.ts',
        name: 'is answered with evidence whose PDFs read back with every Polish and Greek character',
      },
    ],
    owasp: [],
  },
  {
    id: 'dispute-arrival-order',
    area: 'disputes',
    claim: {
      en: 'Whatever order Stripe delivers a payment’s events in, a dispute’s status and outcome, the Stripe objects CargoPay mirrors and the payment request end as the newest event says and never move backwards; a dispute that arrives before the payment’s own success event is still answered.',
      es: 'Sea cual sea el orden en que Stripe entregue los eventos de un pago, el estado y el resultado de una disputa, los objetos de Stripe que CargoPay replica y la solicitud de pago terminan como dice el evento más reciente y nunca retroceden; una disputa que llega antes que el propio evento de éxito del pago se responde igualmente.',
    },
    how: {
      en: 'Each record written from a Stripe event keeps that event’s stamp: Stripe’s created time, then, within one second, the lifecycle rank of what it says (closed over under review over needs a response), then the event id. An older event changes nothing on any path: the webhook plan, the store’s mirror upserts (compared again inside the commit’s transaction), the dispute case’s update, close and read-back from Stripe, and carrier accounts; status and outcome are written together from one event. Refunded amounts only grow. Tests deliver every order of a dispute’s and a payment’s events, signed, to the real endpoint and compare each end with the in-order one.',
      es: 'Cada registro escrito a partir de un evento de Stripe guarda el sello de ese evento: la hora de creación de Stripe, después, dentro del mismo segundo, el rango en el ciclo de vida de lo que dice (cerrada antes que en revisión antes que pendiente de respuesta) y, por último, el identificador del evento. Un evento más antiguo no cambia nada por ninguna vía: el plan del webhook, las réplicas del almacén (comparadas de nuevo dentro de la transacción), la actualización, el cierre y la relectura desde Stripe del caso de disputa y las cuentas de transportistas; el estado y el resultado se escriben juntos a partir de un mismo evento. Los importes reembolsados solo crecen. Las pruebas entregan todos los órdenes posibles de los eventos de una disputa y de un pago, firmados, al endpoint real y comparan cada final con el de la entrega en orden.',
    },
    where: [
      'server/src/stripe/event-order.ts',
      'server/src/webhooks/apply.ts',
      'server/src/store/sqlite-store.ts',
      'server/src/store/sqlite-disputes.ts',
      'server/src/store/sqlite-connect.ts',
      'server/src/disputes/respond.ts',
      'server/src/casework/worker.ts',
      'server/src/connect/accounts.ts',
      'server/src/payment-requests/state-machine.ts',
    ],
    verifiedBy: [
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'ends lost (status, outcome and mirror) after created, lost, then an older under_review delivered late',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'prefers closed over under_review when both carry the same second, in either order',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'ends lost in every delivery order of created, funds_withdrawn, updated, closed',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'ends won in every delivery order of created, funds_withdrawn, updated, closed, funds_reinstated',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'ends disputed with everything refunded recorded, in every order of succeeded, partial refund, full refund, dispute',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'never lowers the refunded amount with a late partial refund',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'ends paid with no error in every order of processing, payment_failed, succeeded',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'within one second, a failed attempt outranks processing in either order',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'keeps an early fraud warning settled when its older or same-second events arrive late',
      },
      {
        file: 'server/src/webhooks/arrival-order.test.ts',
        name: 'keeps the newest account.updated in the mirror and the carrier account when an older one arrives late',
      },
      {
        file: 'server/src/stripe/event-order.test.ts',
        name: 'orders by created, then lifecycle rank within the second, then event id',
      },
      {
        file: 'server/src/disputes/lifecycle.test.ts',
        name: 'answers a dispute that arrives before the payment’s own success event, and the late success changes nothing',
      },
    ],
    owasp: ['A06', 'A08'],
  },
  {
    id: 'proof-of-delivery-files',
    area: 'disputes',
    claim: {
      en: 'A proof of delivery is accepted only as a real PDF, PNG or JPEG, judged by its bytes, up to 5 MB, and delivery data is stored sealed.',
      es: 'Una prueba de entrega solo se acepta si es realmente un PDF, PNG o JPEG, según sus bytes, de hasta 5 MB, y los datos de entrega se guardan sellados.',
    },
    how: {
      en: 'The file type comes from the file’s leading bytes, never from the Content-Type the client sends.',
      es: 'El tipo de archivo se determina por sus primeros bytes, nunca por el Content-Type que envía el cliente.',
    },
    where: ['server/src/disputes/magic.ts', 'server/src/disputes/evidence-router.ts'],
    verifiedBy: [
      {
        file: 'server/src/disputes/disputes.test.ts',
        name: 'takes a PNG proof of delivery by its bytes, whatever the Content-Type says',
      },
      {
        file: 'server/src/disputes/disputes.test.ts',
        name: 'refuses a file that is not a PDF, PNG or JPEG even when it claims to be one',
      },
      { file: 'server/src/disputes/disputes.test.ts', name: 'refuses a proof of delivery over 5 MB' },
      { file: 'server/src/disputes/disputes.test.ts', name: 'keeps delivery data sealed in the database' },
    ],
    owasp: ['A04', 'A08'],
  },
  {
    id: 'dispute-outcomes-and-stats',
    area: 'disputes',
    claim: {
      en: 'Outcomes are recorded from Stripe, and each merchant gets its own win rate with and without complete evidence.',
      es: 'Los resultados se registran a partir de Stripe, y cada comercio obtiene su propia tasa de éxito con y sin evidencia completa.',
    },
    how: {
      en: 'charge.dispute.closed records won or lost; GET /v1/disputes/stats computes the rates and the average time to respond.',
      es: 'charge.dispute.closed registra ganada o perdida; GET /v1/disputes/stats calcula las tasas y el tiempo medio de respuesta.',
    },
    where: ['server/src/disputes/stats.ts'],
    verifiedBy: [
      {
        file: 'server/src/disputes/lifecycle.test.ts',
        name: 'records won and lost outcomes from charge.dispute.closed and reports win rates by completeness',
      },
    ],
    owasp: [],
  },
  {
    id: 'security-alerts',
    area: 'monitoring',
    claim: {
      en: 'The server raises one alert when card testing, a burst of forged webhooks, a rate-limit storm, credential stuffing (failed merchant authentications across addresses) or an unusual refund or dispute rate crosses its threshold, not one per request.',
      es: 'El servidor genera una sola alerta cuando las pruebas de tarjetas, una ráfaga de webhooks falsificados, una avalancha de límites de peticiones, el relleno de credenciales (autenticaciones de comercio fallidas desde varias direcciones) o una tasa anómala de reembolsos o disputas supera su umbral, no una por petición.',
    },
    how: {
      en: 'Rules run every few seconds over recorded signals; an alert is a signed JSON POST to ALERT_WEBHOOK_URL and a log line, and names no person (keys are hashes or merchant ids).',
      es: 'Las reglas se ejecutan cada pocos segundos sobre las señales registradas; una alerta es un POST JSON firmado a ALERT_WEBHOOK_URL y una línea de registro, y no identifica a ninguna persona (las claves son hashes o identificadores de comercio).',
    },
    where: ['server/src/monitoring/monitor.ts', 'server/src/monitoring/rules.ts'],
    verifiedBy: [
      {
        file: 'server/src/monitoring/monitoring.test.ts',
        name: 'card testing: declines from one device, then from one IP address',
      },
      {
        file: 'server/src/monitoring/monitoring.test.ts',
        name: 'webhook signature failures: a burst of forged deliveries',
      },
      { file: 'server/src/monitoring/monitoring.test.ts', name: 'rate-limit storm: many 429s' },
      {
        file: 'server/src/monitoring/monitoring.test.ts',
        name: 'credential stuffing: failed authentications spread over many addresses and key prefixes',
      },
      { file: 'server/src/monitoring/monitoring.test.ts', name: 'refund and dispute rates per merchant' },
      {
        file: 'server/src/monitoring/monitoring.test.ts',
        name: 'uses the documented defaults and names a bad override',
      },
    ],
    owasp: ['A09'],
  },
  {
    id: 'carrier-onboarding',
    area: 'authentication',
    claim: {
      en: 'A payment request for a carrier that has not finished Stripe Connect onboarding is refused, and a buyer cannot pay a carrier that can no longer take charges.',
      es: 'Se rechaza una solicitud de pago para un transportista que no ha terminado el alta en Stripe Connect, y un comprador no puede pagar a un transportista que ya no puede recibir cobros.',
    },
    how: {
      en: 'The carrier’s Stripe account state (charges_enabled, payouts_enabled) is tracked from account.updated and checked when the request is created and again before each PaymentIntent.',
      es: 'El estado de la cuenta de Stripe del transportista (charges_enabled, payouts_enabled) se sigue a partir de account.updated y se comprueba al crear la solicitud y de nuevo antes de cada PaymentIntent.',
    },
    where: ['server/src/connect/accounts.ts', 'server/src/connect/router.ts'],
    verifiedBy: [
      {
        file: 'server/src/connect/connect.test.ts',
        name: 'refuses payment requests for a carrier that has not finished onboarding, with a clear problem',
      },
      {
        file: 'server/src/connect/connect.test.ts',
        name: 'refuses the buyer’s intent when the carrier can no longer take charges',
      },
      {
        file: 'server/src/connect/connect.test.ts',
        name: 'refuses an account Stripe does not know, and hides another merchant’s carrier',
      },
    ],
    owasp: ['A01'],
  },
  {
    id: 'capture-within-limits',
    area: 'payments',
    claim: {
      en: 'A capture never takes more than the card allows or than the maximum the merchant stated to the buyer; a refused capture names the most that can be captured, and nothing is charged.',
      es: 'Una captura nunca toma más de lo que permite la tarjeta ni del máximo que el comercio indicó al comprador; una captura rechazada indica lo máximo que se puede capturar y no se cobra nada.',
    },
    how: {
      en: 'The capture checks max_final_amount before any Stripe call, asks Stripe what the hold allows now, raises the hold only when the card granted incremental authorization, and answers capture-amount-too-large with maximum.',
      es: 'La captura comprueba max_final_amount antes de llamar a Stripe, pregunta a Stripe qué permite ahora la retención, solo la aumenta si la tarjeta concedió la autorización incremental y responde capture-amount-too-large con maximum.',
    },
    where: ['server/src/payment-requests/capture.ts'],
    verifiedBy: [
      {
        file: 'server/src/payment-requests/capture.test.ts',
        name: 'refuses more than the hold without incremental authorization, naming the maximum; the hold stays',
      },
      {
        file: 'server/src/payment-requests/max-final-amount.test.ts',
        name: 'caps a capture even when the card would allow more (incremental authorization)',
      },
      {
        file: 'e2e/freight.test.ts',
        name: 'a €120.00 quote is authorized, reweighed and captured at €134.50 through incremental authorization',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'capture-once',
    area: 'payments',
    claim: {
      en: 'A payment is captured at Stripe once, whatever the retries and races: a retried call gets its first answer, and a second capture is refused.',
      es: 'Un pago se captura en Stripe una sola vez, sean cuales sean los reintentos y las carreras: una llamada repetida recibe su primera respuesta y una segunda captura se rechaza.',
    },
    how: {
      en: 'Idempotency-Key is honoured, and Stripe’s idempotency keys are derived from the request, the operation and the amount.',
      es: 'Se respeta Idempotency-Key y las claves de idempotencia de Stripe se derivan de la solicitud, la operación y el importe.',
    },
    where: ['server/src/payment-requests/capture.ts', 'server/src/http/idempotency.ts'],
    verifiedBy: [
      {
        file: 'server/src/payment-requests/capture.test.ts',
        name: 'honours Idempotency-Key: a retry gets the first answer, and Stripe captures once',
      },
      {
        file: 'server/src/payment-requests/capture.test.ts',
        name: 'capture once at Stripe whatever the race: one amount wins, the others are told it was captured',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'capture-deadline-policy',
    area: 'payments',
    claim: {
      en: 'Before a card hold lapses, the merchant is warned once; at the deadline the merchant’s policy is applied: the hold is released, or what it holds is captured.',
      es: 'Antes de que caduque una retención, el comercio recibe un único aviso; al llegar el plazo se aplica su política: se libera la retención o se captura lo retenido.',
    },
    how: {
      en: 'A scheduled job, run on one instance at a time, sends payment_request.capture_expiring warn_hours_before capture_before and acts 10 minutes before it.',
      es: 'Una tarea programada, que corre en una sola instancia a la vez, envía payment_request.capture_expiring warn_hours_before antes de capture_before y actúa 10 minutos antes.',
    },
    where: ['server/src/capture-deadlines/job.ts', 'server/src/capture-deadlines/settings.ts'],
    verifiedBy: [
      {
        file: 'server/src/capture-deadlines/capture-deadlines.test.ts',
        name: 'warns the merchant once, warn_hours_before the hold lapses, saying what happens at the deadline',
      },
      {
        file: 'server/src/capture-deadlines/capture-deadlines.test.ts',
        name: 'lapse (the default): at the deadline the request expires and the hold is released at once',
      },
      {
        file: 'server/src/capture-deadlines/capture-deadlines.test.ts',
        name: 'capture: at the deadline what the hold allows is captured and the request is paid',
      },
      {
        file: 'e2e/freight.test.ts',
        name: 'an authorization left to lapse: the merchant is warned first, then the request expires and the hold is released',
      },
    ],
    owasp: [],
  },
  {
    id: 'refunds-bounded-by-capture',
    area: 'payments',
    claim: {
      en: 'Refunds never add up to more than was captured; a refund that fails makes its amount refundable again and is told to the merchant.',
      es: 'Los reembolsos nunca suman más de lo capturado; un reembolso que falla vuelve a dejar su importe reembolsable y se comunica al comercio.',
    },
    how: {
      en: 'What is refundable is amount_received less the refunds pending or succeeded, kept current from Stripe’s refund events; more answers refund-amount-too-large with maximum.',
      es: 'Lo reembolsable es amount_received menos los reembolsos pendientes o completados, al día según los eventos de reembolso de Stripe; pedir más responde refund-amount-too-large con maximum.',
    },
    where: ['server/src/refunds/create.ts', 'server/src/refunds/refunded.ts'],
    verifiedBy: [
      {
        file: 'server/src/refunds/refunds.test.ts',
        name: 'refuses more than is refundable with refund-amount-too-large naming the maximum (0 once all is refunded)',
      },
      {
        file: 'server/src/refunds/refunds.test.ts',
        name: 'counts refunds against what was captured: €120 quote captured at €110, €110 refunded is refunded',
      },
      {
        file: 'server/src/refunds/refunds.test.ts',
        name: 'a failed refund is told to the merchant with the refund, and its amount is refundable again',
      },
      {
        file: 'e2e/freight.test.ts',
        name: 'a paid shipment refunded in two parts, then in full; a refund above what is left is refused',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'refund-refusals',
    area: 'payments',
    claim: {
      en: 'A disputed payment is never refunded through the API, a refund before capture voids the hold instead, and a retried refund is made once.',
      es: 'Un pago en disputa nunca se reembolsa por la API, un reembolso antes de la captura anula la retención y un reembolso repetido se hace una sola vez.',
    },
    how: {
      en: 'The request’s state is checked before any Stripe call; an authorized request is canceled at Stripe; Stripe’s idempotency key is derived from the merchant’s Idempotency-Key.',
      es: 'El estado de la solicitud se comprueba antes de llamar a Stripe; una solicitud autorizada se cancela en Stripe; la clave de idempotencia de Stripe se deriva de la Idempotency-Key del comercio.',
    },
    where: ['server/src/refunds/create.ts'],
    verifiedBy: [
      {
        file: 'server/src/refunds/refunds.test.ts',
        name: 'refuses a disputed payment with payment-request-disputed, naming the dispute status',
      },
      {
        file: 'server/src/refunds/refunds.test.ts',
        name: 'voids the whole hold: 200 with the request canceled, the PaymentIntent canceled, no refund',
      },
      {
        file: 'server/src/refunds/refunds.test.ts',
        name: 'replays the same refund for the same Idempotency-Key, with one refund at Stripe',
      },
    ],
    owasp: ['A06'],
  },
  {
    id: 'buyer-told-of-hold',
    area: 'payments',
    claim: {
      en: 'Before paying a manual-capture request, the buyer is told in their language that the card is held for the quote and charged the final price after weighing, at most the stated maximum.',
      es: 'Antes de pagar una solicitud con captura manual, se informa al comprador en su idioma de que la tarjeta queda retenida por el presupuesto y se cobra el precio final tras el pesaje, como máximo el importe indicado.',
    },
    how: {
      en: 'The widget reads capture and max_final_amount from the checkout summary and shows the text in all 8 locales as the form’s accessible description.',
      es: 'El widget lee capture y max_final_amount del resumen del checkout y muestra el texto en los 8 idiomas como descripción accesible del formulario.',
    },
    where: ['widget/src/locales/en.ts', 'server/src/checkout/router.ts'],
    verifiedBy: [
      {
        file: 'widget/test/real-server.test.ts',
        name: 'manual capture with a stated maximum: the server’s max_final_amount reaches the buyer as “höchstens”',
      },
      {
        file: 'widget/src/locales/messages.node.test.ts',
        name: 'the manual-capture texts name the held amount, and their Max variants the stated maximum',
      },
    ],
    owasp: [],
  },
  {
    id: 'pay-page-csp-and-escaping',
    area: 'pay-link',
    claim: {
      en: 'The hosted payment page runs no inline script, escapes everything the merchant wrote, and answers an unknown link with a page that reveals nothing.',
      es: 'La página de pago alojada no ejecuta scripts en línea, escapa todo lo que escribió el comercio y responde a un enlace desconocido con una página que no revela nada.',
    },
    how: {
      en: 'It is served under the strict page CSP without inline-script hashes, rendered with escaping, and one 404 page serves every unknown or malformed id.',
      es: 'Se sirve con la CSP estricta de páginas sin hashes de scripts en línea, se genera escapando el texto y una única página 404 sirve cualquier id desconocido o mal formado.',
    },
    where: ['server/src/pay-page/router.ts', 'server/src/http/security-headers.ts'],
    verifiedBy: [
      {
        file: 'server/src/pay-page/pay-page.test.ts',
        name: 'is served under the strict page CSP with no inline script allowed at all',
      },
      { file: 'server/src/pay-page/pay-page.test.ts', name: 'escapes everything the merchant wrote' },
      {
        file: 'server/src/pay-page/pay-page.test.ts',
        name: 'answers an unknown or malformed id with one HTML 404 page that names nothing',
      },
    ],
    owasp: ['A02', 'A05'],
  },
  {
    id: 'pay-page-origin',
    area: 'pay-link',
    claim: {
      en: 'CargoPay’s own address may use the checkout only from its own payment page for that very request; the merchant’s allowed origins are not widened.',
      es: 'La dirección propia de CargoPay solo puede usar el checkout desde su propia página de pago para esa misma solicitud; los orígenes permitidos del comercio no se amplían.',
    },
    how: {
      en: 'The checkout accepts PUBLIC_URL’s origin only with the Referer of /pay/ for the same request id.',
      es: 'El checkout acepta el origen de PUBLIC_URL solo con el Referer de /pay/ para el mismo id de solicitud.',
    },
    where: ['server/src/checkout/cors.ts'],
    verifiedBy: [
      {
        file: 'server/src/pay-page/pay-page.test.ts',
        name: 'lets exactly that request’s pay page use any merchant’s request, whatever its allowed origins',
      },
      {
        file: 'server/src/pay-page/pay-page.test.ts',
        name: 'refuses CargoPay’s origin from any other page, and look-alike origins',
      },
    ],
    owasp: ['A01'],
  },
  {
    id: 'pay-page-phone',
    area: 'pay-link',
    claim: {
      en: 'A buyer can pay from the link on a 375 × 667 phone screen, in their browser’s language, without horizontal scrolling.',
      es: 'Un comprador puede pagar desde el enlace en una pantalla de teléfono de 375 × 667, en el idioma de su navegador, sin desplazamiento horizontal.',
    },
    how: {
      en: 'The page’s layout fits narrow screens with large touch targets; an e2e journey pays from it in Chromium with a phone’s viewport and touch.',
      es: 'El diseño de la página se ajusta a pantallas estrechas con objetivos táctiles grandes; un recorrido e2e paga desde ella en Chromium con la pantalla y el tacto de un teléfono.',
    },
    where: ['server/src/pay-page/page.ts'],
    verifiedBy: [
      {
        file: 'e2e/pay-link.test.ts',
        name: 'a buyer opens the link in German, pays with 4242, and the page then shows the shipment paid',
      },
    ],
    owasp: [],
  },
];

/** The page (path without locale prefix) that renders each area's controls. */
export const areaPage: Record<ControlArea, string> = {
  encryption: '/security/',
  authentication: '/security/',
  'card-data': '/security/',
  webhooks: '/security/',
  http: '/security/',
  storage: '/security/',
  monitoring: '/incident-response/',
  abuse: '/fraud/',
  disputes: '/disputes/',
  payments: '/final-amounts/',
  'pay-link': '/pay-by-link/',
  widget: '/integration/',
};
