// @ts-check
/**
 * @web/test-runner plugin: a small checkout server for the widget's browser tests.
 *
 * It starts its own offline Stripe sandbox (`server/sandbox/sandbox.ts`) and, on another free port of
 * 127.0.0.1 (another origin than the test page, as a real CargoPay API is), an HTTP server implementing the
 * public checkout endpoints of `server/src/contract/http.ts` against that sandbox with the real `stripe`
 * SDK: `GET /v1/checkout/:id`, `POST /v1/checkout/:id/intent`, `POST /v1/checkout/:id/vat`. Answers follow the
 * contract (problem+json errors with `urn:cargopay:problem:<slug>` types; CORS only for the request's allowed
 * origins, like the real server). It is the widget's stand-in for the server while the server is built
 * separately; what it does not do (storage, webhooks, risk rules) the widget never sees.
 *
 * Browser tests drive it with server commands (`executeServerCommand` from `@web/test-runner-commands`):
 * - `cargopay-checkout:create` `{ amount?, currency?, reference?, description?, carrier?, merchant?, status?,
 *   expires_at?, allowed_origins?, stripe_js_url?, vat_unavailable_allows_payment?, vies?, capture?,
 *   max_final_amount? }` → `{ id, apiBase, sandboxUrl }`. `vies` maps VAT numbers (`DE136695976`) to a company
 *   name, or to `null` for "VIES unavailable"; any other well-formed number is "invalid". `capture: 'manual'`
 *   creates the PaymentIntent with `capture_method: 'manual'` (paying leaves it `requires_capture`).
 * - `cargopay-checkout:set-status` `{ id, status }`
 * - `cargopay-checkout:stripe-busy` `{ id, times }`: the next `times` intent requests answer `503 stripe-busy`
 *   with `Retry-After: 1`, as the real server does once Stripe's rate limits outlast its own retries.
 * - `cargopay-checkout:server` `{ up: boolean }` stops or restarts the API on the same port (connections refused
 *   meanwhile), for "server down, then back".
 * - `cargopay-checkout:intent-requests` `{ id }` → the bodies of the intent requests received (fraud signals).
 * - `cargopay-checkout:payment-intent` `{ id }` → the sandbox's view of the request's PaymentIntent.
 * - `cargopay-checkout:confirm-server-side` `{ id, payment_method? }` creates the request's PaymentIntent and
 *   confirms it with a test payment method (`pm_card_visa` by default) → `{ id, client_secret, status }`, for
 *   "back from a redirect" tests.
 *
 * It also serves `/__cargopay/csp-page?…`, a page with the strict Content-Security-Policy header of widget/README.md
 * (`stripe=<origin>` replaces the sandbox's origin in it; `block=script-src,frame-src,connect-src` leaves it out of
 * those directives).
 *
 * The real server: `cargopay-server:*` commands start, on first use, the server's own test harness
 * (`server/test/harness.ts`: `createApp` with a real SQLite file, its own sandbox and VIES stand-in, real HTTP),
 * so that a test file can run the widget end to end against the real checkout endpoints:
 * - `cargopay-server:create` `{ origin, amount?, currency?, reference?, description?, carrier?, capture?,
 *   max_final_amount?, risk? }` creates a merchant allowing `origin` and a payment request through
 *   `POST /v1/payment-requests` → `{ id, apiBase }` (`max_final_amount` is sent only when given); with `risk`
 *   (a `POST /v1/settings/risk` body) the merchant is a new one with those risk rules;
 * - `cargopay-server:payment-request` `{ id }` → the merchant's view (`GET /v1/payment-requests/:id`).
 * - `cargopay-server:stripe-busy` `{ busy }`: the server's sandbox refuses every API call with Stripe's rate-limit
 *   answer (its limits set to 0 per second) until called with `busy: false` → `{ refused }` (429s so far).
 * - `cargopay-server:take-intent-key` `{ id }`: a PaymentIntent with other parameters takes the request's Stripe
 *   idempotency key first, so Stripe refuses the server's create (`idempotency_error`): a Stripe refusal that
 *   neither the buyer nor a retry can fix.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';

/**
 * @typedef {object} PaymentRequestRecord
 * @property {string} id
 * @property {string} status
 * @property {number} amount
 * @property {string} currency
 * @property {string} reference
 * @property {string} description
 * @property {string | null} carrier
 * @property {string} merchant
 * @property {string | null} expires_at
 * @property {string[] | null} allowed_origins
 * @property {string | null} stripe_js_url
 * @property {boolean} vat_unavailable_allows_payment
 * @property {Record<string, string | null>} vies
 * @property {'automatic' | 'manual'} capture
 * @property {number | null} max_final_amount
 * @property {string | null} payment_intent
 * @property {unknown[]} intent_requests
 * @property {number} busy
 */

let counter = 0;

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {string} [type]
 */
function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} slug
 * @param {string} title
 */
function problem(res, status, slug, title) {
  send(res, status, { type: `urn:cargopay:problem:${slug}`, title, status }, 'application/problem+json');
}

/** @param {import('node:http').IncomingMessage} req */
async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

/**
 * The strict policy the widget documents (widget/README.md), for a page that loads `cargopay.js` from its own
 * origin, talks to `api` and uses `stripeOrigin` (js.stripe.com with real Stripe; the sandbox here); the
 * directives named in `block` leave `stripeOrigin` out, as a merchant's copy of the policy might.
 * @param {string} api
 * @param {string} stripeOrigin
 * @param {string[]} [block]
 */
export function strictPolicy(api, stripeOrigin, block = []) {
  const stripe = (/** @type {string} */ directive) => (block.includes(directive) ? '' : ` ${stripeOrigin}`);
  return [
    "default-src 'self'",
    `script-src 'self'${stripe('script-src')}`,
    `frame-src${block.includes('frame-src') ? " 'self'" : stripe('frame-src')}`,
    `connect-src 'self' ${api}${stripe('connect-src')}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function checkoutPlugin() {
  /** @type {import('../server/sandbox/sandbox.ts').Sandbox | null} */
  let sandbox = null;
  /** @type {import('stripe').Stripe | null} */
  let stripe = null;
  /** @type {import('node:http').Server | null} */
  let server = null;
  let port = 0;
  /** @type {Map<string, PaymentRequestRecord>} */
  const requests = new Map();
  /** @type {((input: string) => { ok: boolean; country?: string; number?: string; vat?: string }) | null} */
  let checkVat = null;

  const apiBase = () => `http://127.0.0.1:${port}`;

  /** @type {Promise<import('../server/test/harness.ts').TestServer> | null} */
  let realServer = null;
  /** @type {Map<string, string>} payment request id → merchant key */
  const realKeys = new Map();
  /** @type {Map<string, string>} page origin → merchant key */
  const realMerchants = new Map();

  /** @param {Record<string, any>} p */
  async function realCommand(command, p) {
    realServer ??= import('../server/test/harness.ts').then((h) => h.startTestServer());
    const t = await realServer;
    if (command === 'cargopay-server:create') {
      const origin = String(p.origin);
      // A merchant with its own risk rules is its own, so that its rules touch no other test.
      let key = p.risk ? undefined : realMerchants.get(origin);
      if (!key) {
        key = (await t.merchant({ origins: [origin] })).apiKey;
        if (p.risk) {
          const set = await t.request('POST', '/v1/settings/risk', { key, body: p.risk });
          if (set.status !== 200)
            throw new Error(`POST /v1/settings/risk answered ${set.status}: ${set.text}`);
        } else realMerchants.set(origin, key);
      }
      const body = {
        amount: p.amount ?? 12550,
        currency: p.currency ?? 'eur',
        reference: p.reference ?? 'AWB 176-12345675',
        description: p.description ?? 'Air freight Frankfurt → Madrid, 2 pallets',
        customer: { email: 'buyer@example.com', name: 'Berta Buyer' },
        ...(p.carrier ? { carrier: { name: p.carrier } } : {}),
        ...(p.capture ? { capture: p.capture } : {}),
        ...(p.max_final_amount === undefined ? {} : { max_final_amount: p.max_final_amount }),
      };
      const created = await t.request('POST', '/v1/payment-requests', { key, body });
      if (created.status !== 201 && created.status !== 200)
        throw new Error(`POST /v1/payment-requests answered ${created.status}: ${created.text}`);
      const id = String(created.json.id);
      realKeys.set(id, key);
      return { id, apiBase: t.url };
    }
    if (command === 'cargopay-server:stripe-busy') {
      t.sandbox.setRateLimits(p.busy ? { mode: 'test', global: 0, endpoint: 0, endpoints: {} } : null);
      return { refused: t.sandbox.rateLimited() };
    }
    if (command === 'cargopay-server:take-intent-key') {
      const taken = await t.sandbox
        .stripeClient()
        .paymentIntents.create(
          { amount: 999, currency: 'eur' },
          { idempotencyKey: `cargopay:${p.id}:intent` },
        );
      return { payment_intent: taken.id };
    }
    if (command === 'cargopay-server:payment-request') {
      const found = await t.request('GET', `/v1/payment-requests/${p.id}`, {
        key: realKeys.get(String(p.id)),
      });
      return found.json;
    }
    throw new Error(`Unknown command ${command}`);
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', apiBase());
    const match = /^\/v1\/checkout\/([^/]+)(\/intent|\/vat)?$/.exec(url.pathname);
    const record = match ? requests.get(decodeURIComponent(match[1] ?? '')) : undefined;
    const origin = req.headers.origin;
    // CORS only for the merchant's allowed origins (any origin when the test did not restrict them).
    if (origin && (!record?.allowed_origins || record.allowed_origins.includes(origin))) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', 'content-type');
      res.writeHead(204).end();
      return;
    }
    if (!match) return problem(res, 404, 'not-found', 'Not found');
    if (!record) return problem(res, 404, 'payment-request-not-found', 'Unknown payment request');
    if (origin && record.allowed_origins && !record.allowed_origins.includes(origin))
      return problem(res, 403, 'origin-not-allowed', 'This origin may not embed this checkout');
    const client = /** @type {import('stripe').Stripe} */ (stripe);
    const kind = match[2] ?? '';

    if (kind === '' && req.method === 'GET') {
      return send(res, 200, {
        id: record.id,
        status: record.status,
        reference: record.reference,
        description: record.description,
        carrier: record.carrier,
        amount: record.amount,
        currency: record.currency,
        merchant: { name: record.merchant },
        publishable_key: /** @type {import('../server/sandbox/sandbox.ts').Sandbox} */ (sandbox)
          .publishableKey,
        stripe_js_url: record.stripe_js_url ?? `${sandbox?.url}/v3/`,
        vat_unavailable_allows_payment: record.vat_unavailable_allows_payment,
        expires_at: record.expires_at,
        capture: record.capture,
        max_final_amount: record.max_final_amount,
      });
    }
    if (kind === '/intent' && req.method === 'POST') {
      record.intent_requests.push(await readJson(req));
      if (['paid', 'authorized', 'refunded', 'partially_refunded', 'disputed'].includes(record.status))
        return problem(res, 409, 'payment-request-paid', 'Already paid');
      if (record.status === 'canceled') return problem(res, 409, 'payment-request-canceled', 'Canceled');
      if (record.status === 'expired') return problem(res, 409, 'payment-request-expired', 'Expired');
      if (record.busy > 0) {
        record.busy--;
        res.setHeader('retry-after', '1');
        res.setHeader('access-control-expose-headers', 'Retry-After');
        return problem(res, 503, 'stripe-busy', 'The payment processor is busy; try again in a few seconds');
      }
      const intent = record.payment_intent
        ? await client.paymentIntents.retrieve(record.payment_intent)
        : await client.paymentIntents.create(
            {
              amount: record.amount,
              currency: record.currency,
              automatic_payment_methods: { enabled: true },
              metadata: { payment_request: record.id },
              ...(record.capture === 'manual' ? { capture_method: 'manual' } : {}),
            },
            { idempotencyKey: `cargopay-test-${record.id}` },
          );
      record.payment_intent = intent.id;
      if (intent.status === 'succeeded') {
        record.status = 'paid';
        return problem(res, 409, 'payment-request-paid', 'Already paid');
      }
      return send(res, 200, {
        payment_intent: intent.id,
        client_secret: intent.client_secret,
        status: intent.status,
      });
    }
    if (kind === '/vat' && req.method === 'POST') {
      const body = await readJson(req);
      const checked = /** @type {NonNullable<typeof checkVat>} */ (checkVat)(String(body.vat_number ?? ''));
      if (!checked.ok) return problem(res, 422, 'validation-failed', 'Not a VAT number');
      const vat = /** @type {string} */ (checked.vat);
      const known = Object.hasOwn(record.vies, vat);
      const name = record.vies[vat] ?? null;
      return send(res, 200, {
        result: !known ? 'invalid' : name === null ? 'unavailable' : 'valid',
        country_code: checked.country,
        vat_number: checked.number,
        name,
        address: null,
        request_date: known && name !== null ? new Date().toISOString() : null,
      });
    }
    return problem(res, 405, 'method-not-allowed', 'Method not allowed');
  }

  async function listen() {
    const next = createServer((req, res) => {
      handle(req, res).catch((error) => {
        problem(res, 500, 'internal', 'Test server error');
        console.error(error);
      });
    });
    next.listen(port, '127.0.0.1');
    await once(next, 'listening');
    port = /** @type {import('node:net').AddressInfo} */ (next.address()).port;
    server = next;
  }

  async function stop() {
    if (!server) return;
    const closing = server;
    server = null;
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
  }

  return {
    name: 'cargopay-checkout',

    async serverStart() {
      const { startSandbox } = await import('../server/sandbox/sandbox.ts');
      ({ checkVatNumber: checkVat } = await import('../widget/src/vat/vat-number.ts'));
      sandbox = await startSandbox({ port: 0, quiet: true });
      stripe = sandbox.stripeClient({ maxNetworkRetries: 0 });
      await listen();
    },

    async serverStop() {
      await stop();
      if (realServer) await (await realServer).close();
      realServer = null;
      await sandbox?.close();
      sandbox = null;
    },

    serve(context) {
      if (context.path !== '/__cargopay/csp-page') return undefined;
      const q = new URL(context.url, 'http://test').searchParams;
      const stripeOrigin = q.get('stripe') ?? String(sandbox?.url);
      const attrs = ['payment-request', 'locale']
        .filter((name) => q.get(name))
        .map((name) => ` ${name}="${String(q.get(name)).replace(/[^\w-]/g, '')}"`)
        .join('');
      const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP page</title>
<script src="/widget/test/fixtures/record-console.js"></script>
<script src="${q.get('script') ?? '/dist/widget/cargopay.js'}"></script></head>
<body><main><cargopay-checkout${attrs} api-base="${apiBase()}"></cargopay-checkout></main></body></html>`;
      return {
        body,
        type: 'html',
        headers: {
          'content-security-policy': strictPolicy(apiBase(), stripeOrigin, (q.get('block') ?? '').split(',')),
        },
      };
    },

    async executeCommand({ command, payload }) {
      if (command.startsWith('cargopay-server:'))
        return realCommand(command, /** @type {any} */ (payload ?? {}));
      if (!command.startsWith('cargopay-checkout:')) return undefined;
      const p = /** @type {Record<string, any>} */ (payload ?? {});
      if (command === 'cargopay-checkout:create') {
        const id = `pr_test${Date.now().toString(36)}${(++counter).toString(36)}`;
        requests.set(id, {
          id,
          status: p.status ?? 'open',
          amount: p.amount ?? 12550,
          currency: p.currency ?? 'eur',
          reference: p.reference ?? 'AWB 176-12345675',
          description: p.description ?? 'Air freight Frankfurt → Madrid, 2 pallets',
          carrier: p.carrier === undefined ? 'Lufthansa Cargo' : p.carrier,
          merchant: p.merchant ?? 'Rhein Freight GmbH',
          expires_at: p.expires_at ?? null,
          allowed_origins: p.allowed_origins ?? null,
          stripe_js_url: p.stripe_js_url ?? null,
          vat_unavailable_allows_payment: p.vat_unavailable_allows_payment ?? false,
          vies: p.vies ?? {},
          capture: p.capture ?? 'automatic',
          max_final_amount: p.max_final_amount ?? null,
          payment_intent: null,
          intent_requests: [],
          busy: 0,
        });
        return { id, apiBase: apiBase(), sandboxUrl: sandbox?.url };
      }
      const record = requests.get(String(p.id));
      if (command === 'cargopay-checkout:server') {
        if (p.up && !server) await listen();
        if (!p.up) await stop();
        return { up: !!server };
      }
      if (!record) throw new Error(`${command}: unknown payment request ${p.id}`);
      if (command === 'cargopay-checkout:set-status') {
        record.status = String(p.status);
        return { status: record.status };
      }
      if (command === 'cargopay-checkout:intent-requests') return record.intent_requests;
      if (command === 'cargopay-checkout:stripe-busy') {
        record.busy = Number(p.times);
        return { busy: record.busy };
      }
      if (command === 'cargopay-checkout:confirm-server-side') {
        // As if the buyer had paid with a redirect-based method: the request's intent, confirmed with a test
        // payment method; the client secret is what Stripe appends to return_url.
        const client = /** @type {import('stripe').Stripe} */ (stripe);
        const intent = await client.paymentIntents.create(
          {
            amount: record.amount,
            currency: record.currency,
            payment_method_types: ['card'],
            metadata: { payment_request: record.id },
          },
          { idempotencyKey: `cargopay-test-${record.id}` },
        );
        record.payment_intent = intent.id;
        try {
          await client.paymentIntents.confirm(intent.id, {
            payment_method: String(p.payment_method ?? 'pm_card_visa'),
            return_url: 'http://localhost/return',
          });
        } catch {
          // A declined test card: the intent keeps the error, as after a failed redirect.
        }
        const after = await client.paymentIntents.retrieve(intent.id);
        return { id: after.id, client_secret: after.client_secret, status: after.status };
      }
      if (command === 'cargopay-checkout:payment-intent') {
        if (!record.payment_intent || !stripe) return null;
        const intent = await stripe.paymentIntents.retrieve(record.payment_intent);
        return { id: intent.id, status: intent.status, amount: intent.amount, currency: intent.currency };
      }
      throw new Error(`Unknown command ${command}`);
    },
  };
}
