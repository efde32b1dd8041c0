/**
 * The security controls registry: every measure the pages say the CargoPay software itself implements.
 *
 * Each entry names the code that implements it and the automated test that verifies it, by file path and the
 * test's exact name. The pages render the "how / where / verified by" of each control from here, and
 * `npm run test:site` fails when an entry names a file that does not exist or a test that its file does not
 * contain. Measures that the software does not implement (Stripe's, or the operator's) never go here: the
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
  | 'widget';

/** OWASP Top 10:2021 categories. */
export type OwaspId = 'A01' | 'A02' | 'A03' | 'A04' | 'A05' | 'A06' | 'A07' | 'A08' | 'A09' | 'A10';

export interface TestRef {
  /** Repo-relative path of the test file. */
  file: string;
  /** The test's exact name, as written in the file (`it('…')` / `test('…')`). */
  name: string;
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
      en: 'No endpoint accepts a card number: a request body that contains one is refused and the number is never logged.',
      es: 'Ningún endpoint acepta un número de tarjeta: una petición que contiene uno se rechaza y el número nunca se registra.',
    },
    how: {
      en: 'Before any route reads a body, a guard looks for runs of 13 to 19 digits (together or grouped) that pass the Luhn check, and answers with a problem response instead of processing or logging the request.',
      es: 'Antes de que ninguna ruta lea un cuerpo, un filtro busca secuencias de 13 a 19 dígitos (juntos o agrupados) que superen la comprobación de Luhn, y responde con un problema en lugar de procesar o registrar la petición.',
    },
    where: ['server/src/http/card-guard.ts', 'server/src/http/body.ts'],
    verifiedBy: [
      {
        file: 'server/src/http/card-guard.test.ts',
        name: 'finds Luhn-valid 13–19 digit numbers, written together or grouped',
      },
      {
        file: 'server/src/payment-requests/payment-requests.test.ts',
        name: 'refuses a card number anywhere in the body and never logs it',
      },
      {
        file: 'server/src/checkout/checkout.test.ts',
        name: 'refuses a card number in the body, with CORS headers so the widget can read why',
      },
    ],
    owasp: ['A02', 'A09'],
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
        file: 'widget/src/checkout/checkout.test.ts',
        name: 'sends a random device id and no amount with the intent request, and the same id next time',
      },
    ],
    owasp: ['A04'],
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
    owasp: ['A04'],
  },
  {
    id: 'stripe-webhooks-verified',
    area: 'webhooks',
    claim: {
      en: 'Stripe webhooks are verified against the raw body before anything is parsed or stored; forged, tampered and replayed deliveries are refused.',
      es: 'Los webhooks de Stripe se verifican sobre el cuerpo sin procesar antes de interpretar o guardar nada; se rechazan las entregas falsificadas, manipuladas o reenviadas.',
    },
    how: {
      en: 'The Stripe-Signature header is checked with the SDK’s constructEvent and the endpoint secret, with a 300-second tolerance on the signed timestamp.',
      es: 'La cabecera Stripe-Signature se comprueba con constructEvent del SDK y el secreto del endpoint, con una tolerancia de 300 segundos en la marca de tiempo firmada.',
    },
    where: ['server/src/webhooks/router.ts'],
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
    ],
    owasp: ['A08'],
  },
  {
    id: 'webhook-events-applied-once',
    area: 'webhooks',
    claim: {
      en: 'Each Stripe event is applied at most once, and a payment’s state only moves forward, even when events arrive twice, late, out of order, or across a crash.',
      es: 'Cada evento de Stripe se aplica como mucho una vez, y el estado de un pago solo avanza, aunque los eventos lleguen dos veces, tarde, desordenados o con una caída de por medio.',
    },
    how: {
      en: 'Events are written to an inbox keyed by event id before Stripe gets its 200; a worker applies each one in a transaction through a state machine that never moves backwards.',
      es: 'Los eventos se escriben en una bandeja de entrada indexada por el identificador del evento antes de responder 200 a Stripe; un proceso aplica cada uno en una transacción mediante una máquina de estados que nunca retrocede.',
    },
    where: [
      'server/src/webhooks/apply.ts',
      'server/src/webhooks/worker.ts',
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
    ],
    owasp: ['A04', 'A08'],
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
      'server/src/notifications/sign.ts',
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
      en: 'The merchant API requires a valid secret key, and a merchant can reach only its own payment requests.',
      es: 'La API de comercios exige una clave secreta válida, y un comercio solo puede acceder a sus propias solicitudes de pago.',
    },
    how: {
      en: 'Keys are 32 random bytes, shown once and stored only as a SHA-256 hash; every lookup is scoped to the key’s merchant, and another merchant’s request answers “not found”.',
      es: 'Las claves son 32 bytes aleatorios, se muestran una sola vez y solo se guarda su hash SHA-256; cada consulta se limita al comercio de la clave, y la solicitud de otro comercio responde «no encontrada».',
    },
    where: ['server/src/merchants/auth.ts', 'server/src/merchants/keys.ts'],
    verifiedBy: [
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
    ],
    owasp: ['A01', 'A07'],
  },
  {
    id: 'checkout-origins',
    area: 'authentication',
    claim: {
      en: 'The widget’s public endpoints answer only pages on the origins the merchant registered.',
      es: 'Los endpoints públicos del widget solo responden a páginas de los orígenes que registró el comercio.',
    },
    how: {
      en: 'CORS is decided per payment request from its merchant’s allowed origins; a foreign origin gets an origin-not-allowed problem and no CORS headers.',
      es: 'El CORS se decide por solicitud de pago a partir de los orígenes permitidos de su comercio; un origen ajeno recibe un problema origin-not-allowed y ninguna cabecera CORS.',
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
    ],
    owasp: ['A01', 'A05'],
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
    owasp: [],
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
    ],
    owasp: ['A02'],
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
    owasp: ['A05', 'A09'],
  },
  {
    id: 'idempotency-keys',
    area: 'http',
    claim: {
      en: 'A retried POST with the same Idempotency-Key returns the first answer instead of acting twice.',
      es: 'Un POST reintentado con la misma Idempotency-Key devuelve la primera respuesta en lugar de actuar dos veces.',
    },
    how: {
      en: 'Answers are stored per merchant and key with a hash of the body; the same key with another body is refused.',
      es: 'Las respuestas se guardan por comercio y clave con un hash del cuerpo; la misma clave con otro cuerpo se rechaza.',
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
    owasp: ['A04'],
  },
  {
    id: 'rate-limits',
    area: 'abuse',
    claim: {
      en: 'Requests over a route group’s limit are answered 429 with Retry-After, before any other work is done.',
      es: 'Las peticiones por encima del límite de un grupo de rutas reciben un 429 con Retry-After, antes de hacer ningún otro trabajo.',
    },
    how: {
      en: 'express-rate-limit counts per route group (checkout, merchant API, webhooks) and per caller (IP address or merchant key) in one-minute windows.',
      es: 'express-rate-limit cuenta por grupo de rutas (checkout, API de comercios, webhooks) y por cliente (dirección IP o clave de comercio) en ventanas de un minuto.',
    },
    where: ['server/src/http/rate-limits.ts', 'server/src/app.ts'],
    verifiedBy: [
      {
        file: 'server/src/webhooks/webhooks.test.ts',
        name: 'answers 429 with Retry-After past the webhook limit',
      },
    ],
    owasp: ['A04'],
  },
  {
    id: 'device-signals',
    area: 'abuse',
    claim: {
      en: 'Each payment attempt carries a random per-browser device id, never an amount.',
      es: 'Cada intento de pago lleva un identificador de dispositivo aleatorio por navegador, nunca un importe.',
    },
    how: {
      en: 'The widget creates the id once, keeps it in the browser, and sends it with the time from ready to submit and the attempt count; nothing is derived from the device’s characteristics.',
      es: 'El widget crea el identificador una vez, lo conserva en el navegador y lo envía con el tiempo desde que el formulario está listo hasta el envío y el número de intentos; nada se deriva de las características del dispositivo.',
    },
    where: ['widget/src/checkout/fraud-signals.ts'],
    verifiedBy: [
      {
        file: 'widget/src/checkout/checkout.test.ts',
        name: 'sends a random device id and no amount with the intent request, and the same id next time',
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
        name: '`npm run restore -- <file>` refuses a file that is not a CargoPay database and restores a real backup',
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
  widget: '/integration/',
};
