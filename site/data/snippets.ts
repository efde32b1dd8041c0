/**
 * The code on `/integration/`, shared by both locales so that what a reader copies is the same in each.
 * `npm run test:site` extracts every snippet from the built pages and checks it (TypeScript typechecks
 * against the installed packages; HTML uses only what the widget's manifest declares; JSON parses).
 */
import { operator } from './operator.ts';
import type { WidgetFile } from '../lib/widget-build.ts';
import {
  cspHeader,
  documentedSandboxOrigins,
  widgetCspDirectives,
  type CspMode,
} from './content-security-policy.ts';

const api = operator.apiBaseUrl;

/** The CargoPay server the snippets call; `site/checks/` runs them against a live server in its place. */
export const apiBaseUrl = api;

/** The payment request id the snippets use; the live check replaces it with one it has just created. */
export const examplePaymentRequestId = 'pr_8cZ1qD4wLx0mN2vB7tR5yK3j';

/** The one tag a merchant page needs, with the build's Subresource Integrity hash. */
export function scriptTag(script: WidgetFile): string {
  return [
    `<script src="${api}/widget/${script.name}" integrity="${script.integrity}" crossorigin="anonymous" defer></script>`,
    '',
    `<cargopay-checkout payment-request="${examplePaymentRequestId}"></cargopay-checkout>`,
  ].join('\n');
}

export const attributesExample = `<cargopay-checkout
  payment-request="${examplePaymentRequestId}"
  locale="es"
  theme="auto"
  collect-vat="optional"
  return-url="https://shop.example.com/orders/4711/paid"
></cargopay-checkout>`;

export const themingExample = `<style>
  cargopay-checkout {
    --cargopay-accent: #0b5fff;
    --cargopay-radius: 6px;
    --cargopay-font-family: 'Inter', system-ui, sans-serif;
  }
  cargopay-checkout::part(button) {
    text-transform: uppercase;
  }
  cargopay-checkout[paid] {
    outline: 2px solid var(--cargopay-accent);
  }
</style>`;

/** Indents a JSON literal so it sits inside a snippet at `depth` levels. */
function literal(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/** The body of the payment request the guide creates; `site/checks/` validates it with the server's schema. */
export const createPaymentRequestBody = {
  amount: 12500,
  currency: 'eur',
  reference: 'AWB 020-12345675',
  description: 'Air freight FRA → MAD, 2 pallets',
  customer: { email: 'buyer@example.com', name: 'Ana García' },
};

export const createPaymentRequest = `// On your server, never in the browser: the secret key stays server-side.
// amount is in minor units: 12500 is EUR 125.00.
const response = await fetch('${api}/v1/payment-requests', {
  method: 'POST',
  headers: {
    Authorization: \`Bearer \${process.env.CARGOPAY_SECRET_KEY}\`,
    'Content-Type': 'application/json',
    // Retrying with the same key never creates a second request.
    'Idempotency-Key': 'quote-4711',
  },
  body: JSON.stringify(${literal(createPaymentRequestBody, 1)}),
});
if (!response.ok) throw new Error(\`CargoPay answered \${response.status}: \${await response.text()}\`);
const { id } = (await response.json()) as { id: string };
// Render <cargopay-checkout payment-request="\${id}"> in the page you send to the buyer.
console.info(id);`;

/** The shipment the guide records for dispute evidence; validated with the server's schema too. */
export const recordShipmentBody = {
  carrier: 'Northwind Freight',
  tracking_number: 'NWF-4711-0042',
  shipped_at: '2026-11-02T08:30:00+01:00',
  delivered_at: '2026-11-04T14:05:00+01:00',
  delivery_address: { line1: 'Calle de Alcalá 48', postal_code: '28014', city: 'Madrid', country: 'ES' },
  recipient: { name: 'Ana García', signed_by: 'A. García' },
};

export const recordShipment = `// When the shipment leaves and when it is delivered: the evidence a dispute will need.
const paymentRequest = '${examplePaymentRequestId}';
const response = await fetch(\`${api}/v1/payment-requests/\${paymentRequest}/shipment\`, {
  method: 'POST',
  headers: {
    Authorization: \`Bearer \${process.env.CARGOPAY_SECRET_KEY}\`,
    'Content-Type': 'application/json',
  },
  body: JSON.stringify(${literal(recordShipmentBody, 1)}),
});
if (!response.ok) throw new Error(\`CargoPay answered \${response.status}: \${await response.text()}\`);`;

export const listenToEvents = `import type {} from 'cargopay'; // types only: typed querySelector and events

const checkout = document.querySelector('cargopay-checkout');

checkout?.addEventListener('cargopay-succeeded', (event) => {
  // Show the confirmation; your server learns the outcome from the signed webhook, not from here.
  window.location.assign(\`/orders/4711/thanks?payment_intent=\${event.detail.paymentIntent}\`);
});

checkout?.addEventListener('cargopay-failed', (event) => {
  // kind is one of: network, script-load, validation, card-declined, authentication-failed, configuration, canceled
  console.warn(event.detail.kind, event.detail.code, event.detail.declineCode);
});

checkout?.addEventListener('cargopay-error', (event) => {
  // The checkout could not load or go on. 'refused': your risk rules refused it, so offer another way to pay.
  if (event.detail.kind === 'refused') document.querySelector('#pay-by-phone')?.removeAttribute('hidden');
});`;

export const verifyWebhook = `import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a CargoPay-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256>) against the raw request body,
 * exactly as received, before you parse it.
 */
export function verifyCargoPaySignature(
  rawBody: string,
  header: string,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  const fields = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(fields.get('t'));
  const signature = fields.get('v1');
  if (!Number.isInteger(timestamp) || !signature) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(\`\${timestamp}.\${rawBody}\`).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}`;

export const webhookEvent = `{
  "id": "evt_2vQ7mB1xK9pL4nR8sT0wY6zC",
  "object": "event",
  "type": "payment_request.paid",
  "created": 1767225600,
  "livemode": false,
  "data": {
    "object": {
      "id": "${examplePaymentRequestId}",
      "object": "payment_request",
      "status": "paid",
      "amount": 12500,
      "currency": "eur",
      "reference": "AWB 020-12345675"
    }
  }
}`;

/**
 * The Content-Security-Policy a page embedding the widget needs, in each mode, as one header line (a header
 * value cannot span lines), from `content-security-policy.ts`. `site/checks/` parses each as a header and
 * compares its directives with the page policy the server sends around the widget in that mode
 * (`server/src/http/security-headers.ts`); `e2e/strict-csp.test.ts` pays on a page that sends it.
 */
export const contentSecurityPolicy: Record<CspMode, string> = {
  live: cspHeader(widgetCspDirectives('live', { cargopay: api })),
  sandbox: cspHeader(widgetCspDirectives('sandbox', documentedSandboxOrigins)),
};
