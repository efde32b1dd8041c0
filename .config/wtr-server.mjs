// @ts-check
/**
 * @web/test-runner plugin: the real CargoPay server for the widget's browser tests.
 *
 * On first use it starts the server's own test harness (`server/test/harness.ts`: `createApp` with a real
 * SQLite file, its own Stripe sandbox and VIES stand-in, real HTTP on a free port of 127.0.0.1, another origin
 * than the test page, as a merchant's API is), and closes it when the test server stops. Every situation a test
 * needs is made by driving that server and its sandbox as a merchant, Stripe or an operator would; nothing here
 * answers for the server.
 *
 * Commands (`executeServerCommand` from `@web/test-runner-commands`), each answering JSON:
 * - `cargopay-server:create` `{ origin, amount?, currency?, reference?, description?, carrier?, merchant?,
 *   status?, allowed_origins?, stripe_js_url?, vat_unavailable_allows_payment?, vies?, capture?,
 *   max_final_amount?, risk? }` creates a merchant (named `merchant`, allowing `allowed_origins`, else `origin`)
 *   and a payment request through `POST /v1/payment-requests` → `{ id, apiBase, sandboxUrl }`.
 *   - `status`: `paid`, or `authorized` with `capture: 'manual'` (its PaymentIntent confirmed with a test card
 *     in the sandbox, the webhook applied),
 *     `refunded` (paid, then refunded through `POST /v1/payment-requests/:id/refunds`), `canceled`
 *     (`POST /v1/payment-requests/:id/cancel`) or `expired` (`expires_at` passed: the server's clock moved past
 *     it while the server looks at the request, then back).
 *   - `stripe_js_url`: the request is created on a second real server whose summary names that Stripe.js.
 *   - `vies`: registered names the VIES stand-in gives numbers (`{ DE136695976: 'Muster Logistik GmbH' }`).
 *   - `risk`: a `POST /v1/settings/risk` body; without it the merchant's risk rules are off, so that the
 *     suite's many attempts from one IP and one device are not taken for fraud.
 * - `cargopay-server:server` `{ up }` stops the server listening (connections refused; the app keeps running)
 *   or listens again on the same port.
 * - `cargopay-server:stripe-busy` `{ busy }`: the sandbox refuses every Stripe call with Stripe's rate-limit
 *   answer (its limits set to 0 per second) until called with `busy: false` → `{ refused }` (429s so far). The
 *   server retries those itself for up to ~8 s, then answers `503 stripe-busy` with `Retry-After: 2`.
 * - `cargopay-server:intent-requests` `{ id }` → the bodies of the page's `POST …/intent` requests for that
 *   payment request, as the browser sent them (read through the DevTools protocol).
 * - `cargopay-server:payment-intent` `{ id }` → the sandbox's view of the request's PaymentIntent, or `null`.
 * - `cargopay-server:payment-request` `{ id }` → the merchant's view (`GET /v1/payment-requests/:id`).
 * - `cargopay-server:confirm-server-side` `{ id, payment_method? }`: the request's PaymentIntent (from the
 *   checkout endpoint) confirmed in the sandbox with a test payment method (`pm_card_visa` by default) →
 *   `{ id, client_secret, status }`, for "back from a redirect" tests.
 * - `cargopay-server:take-intent-key` `{ id }`: a PaymentIntent with other parameters takes the request's Stripe
 *   idempotency key first, so Stripe refuses the server's create (`idempotency_error`).
 *
 * It also serves `/__cargopay/csp-page?…`, a merchant's page with the strict Content-Security-Policy of
 * widget/README.md around the built `cargopay.js` talking to this server (`stripe=<origin>` replaces the
 * sandbox's origin in it; `block=script-src,frame-src,connect-src` leaves it out of those directives).
 */

/** @typedef {import('../server/test/harness.ts').TestServer} TestServer */

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

/**
 * Polls `check` every 25 ms until it returns something truthy (at most `timeout` ms).
 * @template T
 * @param {() => Promise<T>} check
 * @param {string} what
 */
async function waitFor(check, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function serverPlugin() {
  /** @type {Promise<TestServer> | null} */
  let main = null;
  /** @type {Map<string, Promise<TestServer>>} Stripe.js URL → a server whose summary names it */
  const others = new Map();
  /** @type {Map<string, { t: TestServer, key: string }>} payment request id → its server and merchant key */
  const requests = new Map();
  /** @type {Map<string, string>} merchant (name, origins, VIES setting) → its API key, on the main server */
  const merchants = new Map();
  /** @type {Map<string, { url: string, body: unknown }[]>} test session → intent requests its page sent */
  const sent = new Map();
  /** @type {typeof import('../server/test/harness.ts') | null} */
  let harness = null;

  async function load() {
    harness ??= await import('../server/test/harness.ts');
    return harness;
  }

  /** @param {string} [stripeJsUrl] */
  async function server(stripeJsUrl) {
    const h = await load();
    // Every test page of the run is one buyer at one address: the per-address checkout limit (60 a minute by
    // default) is raised as an operator would for a busy shop, or the suite would be refused part-way.
    const env = { RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000' };
    if (!stripeJsUrl) return (main ??= h.startTestServer({ env }));
    let other = others.get(stripeJsUrl);
    if (!other) others.set(stripeJsUrl, (other = h.startTestServer({ env, stripeJsUrl })));
    return other;
  }

  /**
   * @param {TestServer} t
   * @param {string} method
   * @param {string} path
   * @param {import('../server/test/harness.ts').RequestOptions} options
   * @param {number[]} ok
   */
  async function call(t, method, path, options, ok = [200, 201]) {
    const res = await t.request(method, path, options);
    if (!ok.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
    return res.json;
  }

  /** @param {TestServer} t @param {Record<string, any>} p */
  async function merchantKey(t, p) {
    const origins = p.allowed_origins ?? [String(p.origin)];
    const name = p.merchant ?? 'Rhein Freight GmbH';
    const vat = Boolean(p.vat_unavailable_allows_payment);
    const id = JSON.stringify([name, origins, vat]);
    // Only the main server's merchants are shared between tests; keys of another server's store mean nothing here.
    const shared = !p.risk && t === (await server());
    let key = shared ? merchants.get(id) : undefined;
    if (key) return key;
    const { createMerchant } = await import('../server/src/merchants/service.ts');
    key = (
      await createMerchant(
        t.store,
        { name, origins, webhookUrl: null, vatUnavailableAllowsPayment: vat },
        false,
      )
    ).apiKey;
    await call(t, 'POST', '/v1/settings/risk', { key, body: p.risk ?? { enabled: false } });
    if (shared) merchants.set(id, key);
    return key;
  }

  /** The request's PaymentIntent, through the checkout endpoint the widget uses. @param {TestServer} t @param {string} id */
  async function intentOf(t, id) {
    const { intentBody } = await load();
    return /** @type {{ payment_intent: string, client_secret: string }} */ (
      await call(t, 'POST', `/v1/checkout/${id}/intent`, { body: intentBody })
    );
  }

  /** @param {TestServer} t @param {string} id @param {string} key @param {string} status */
  async function reach(t, id, key, status) {
    const now = async () => (await call(t, 'GET', `/v1/payment-requests/${id}`, { key })).status;
    await waitFor(async () => (await now()) === status, `${id} to be ${status} (now ${await now()})`);
  }

  /** Brings a new request to `status` the way it gets there in production. @param {TestServer} t */
  async function setStatus(
    t,
    /** @type {string} */ id,
    /** @type {string} */ key,
    /** @type {string} */ status,
  ) {
    if (status === 'open') return;
    if (status === 'paid' || status === 'refunded' || status === 'authorized') {
      // A manual-capture request ends authorized (the card held), any other paid.
      const { pay } = await load();
      await pay(t, (await intentOf(t, id)).payment_intent);
      await reach(t, id, key, status === 'authorized' ? 'authorized' : 'paid');
      if (status === 'refunded') {
        await call(t, 'POST', `/v1/payment-requests/${id}/refunds`, {
          key,
          body: { reason: 'requested_by_customer' },
        });
        await reach(t, id, key, 'refunded');
      }
      return;
    }
    if (status === 'canceled') {
      await call(t, 'POST', `/v1/payment-requests/${id}/cancel`, { key, body: {} });
      return;
    }
    if (status === 'expired') {
      // The request was created expiring in an hour; the server's clock passes that while it reads the request.
      t.clock.offsetMs = 2 * 3_600_000;
      try {
        await reach(t, id, key, 'expired');
      } finally {
        t.clock.offsetMs = 0;
      }
      return;
    }
    throw new Error(`cargopay-server:create cannot make a request ${status}`);
  }

  /** @param {import('@web/test-runner').TestSession} session */
  function record(session) {
    if (sent.has(session.id)) return;
    /** @type {{ url: string, body: unknown }[]} */
    const list = [];
    sent.set(session.id, list);
    const launcher = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (
      /** @type {unknown} */ (session.browser)
    );
    launcher.getPage(session.id).on('request', (request) => {
      if (request.method() !== 'POST' || !/\/v1\/checkout\/[^/]+\/intent$/.test(request.url())) return;
      let body = null;
      try {
        body = JSON.parse(request.postData() ?? 'null');
      } catch {
        // not JSON: kept as null
      }
      list.push({ url: request.url(), body });
    });
  }

  return {
    name: 'cargopay-server',

    async serverStop() {
      for (const t of [main, ...others.values()]) if (t) await (await t).close();
      main = null;
      others.clear();
    },

    async serve(context) {
      if (context.path !== '/__cargopay/csp-page') return undefined;
      const t = await server();
      const q = new URL(context.url, 'http://test').searchParams;
      const stripeOrigin = q.get('stripe') ?? t.sandbox.url;
      const attrs = ['payment-request', 'locale']
        .filter((name) => q.get(name))
        .map((name) => ` ${name}="${String(q.get(name)).replace(/[^\w-]/g, '')}"`)
        .join('');
      const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP page</title>
<script src="/widget/test/fixtures/record-console.js"></script>
<script src="${q.get('script') ?? '/dist/widget/cargopay.js'}"></script></head>
<body><main><cargopay-checkout${attrs} api-base="${t.url}"></cargopay-checkout></main></body></html>`;
      return {
        body,
        type: 'html',
        headers: {
          'content-security-policy': strictPolicy(t.url, stripeOrigin, (q.get('block') ?? '').split(',')),
        },
      };
    },

    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('cargopay-server:')) return undefined;
      const p = /** @type {Record<string, any>} */ (payload ?? {});
      if (command === 'cargopay-server:create') {
        record(session);
        const t = await server(p.stripe_js_url);
        const key = await merchantKey(t, p);
        for (const [vat, name] of Object.entries(p.vies ?? {})) t.vies.names.set(vat, String(name));
        const body = {
          amount: p.amount ?? 12550,
          currency: p.currency ?? 'eur',
          reference: p.reference ?? 'AWB 176-12345675',
          description: p.description ?? 'Air freight Frankfurt → Madrid, 2 pallets',
          customer: { email: 'buyer@example.com', name: 'Berta Buyer' },
          ...(p.carrier === null ? {} : { carrier: { name: p.carrier ?? 'Lufthansa Cargo' } }),
          ...(p.capture ? { capture: p.capture } : {}),
          ...(p.max_final_amount === undefined || p.max_final_amount === null
            ? {}
            : { max_final_amount: p.max_final_amount }),
          ...(p.status === 'expired' ? { expires_at: new Date(Date.now() + 3_600_000).toISOString() } : {}),
        };
        const created = await call(t, 'POST', '/v1/payment-requests', { key, body });
        const id = String(created.id);
        requests.set(id, { t, key });
        await setStatus(t, id, key, p.status ?? 'open');
        return { id, apiBase: t.url, sandboxUrl: t.sandbox.url };
      }
      if (command === 'cargopay-server:server') {
        const t = await server();
        await (p.up ? t.up() : t.down());
        return { up: Boolean(p.up) };
      }
      if (command === 'cargopay-server:stripe-busy') {
        const t = await server();
        t.sandbox.setRateLimits(p.busy ? { mode: 'test', global: 0, endpoint: 0, endpoints: {} } : null);
        return { refused: t.sandbox.rateLimited() };
      }
      if (command === 'cargopay-server:intent-requests') {
        return (sent.get(session.id) ?? [])
          .filter((r) => r.url.endsWith(`/v1/checkout/${encodeURIComponent(String(p.id))}/intent`))
          .map((r) => r.body);
      }
      const known = requests.get(String(p.id));
      if (!known) throw new Error(`${command}: unknown payment request ${p.id}`);
      const { t, key } = known;
      if (command === 'cargopay-server:payment-request') {
        return call(t, 'GET', `/v1/payment-requests/${p.id}`, { key });
      }
      if (command === 'cargopay-server:payment-intent') {
        const view = await call(t, 'GET', `/v1/payment-requests/${p.id}`, { key });
        if (typeof view.payment_intent !== 'string') return null;
        const intent = await t.sandbox.stripeClient().paymentIntents.retrieve(view.payment_intent);
        return { id: intent.id, status: intent.status, amount: intent.amount, currency: intent.currency };
      }
      if (command === 'cargopay-server:confirm-server-side') {
        // As if the buyer had paid with a redirect-based method: the request's own PaymentIntent, confirmed in
        // the sandbox; the client secret is what Stripe appends to return_url.
        const stripe = t.sandbox.stripeClient();
        const { payment_intent } = await intentOf(t, String(p.id));
        try {
          await stripe.paymentIntents.confirm(payment_intent, {
            payment_method: String(p.payment_method ?? 'pm_card_visa'),
            return_url: 'http://localhost/return',
          });
        } catch {
          // A declined test card: the intent keeps the error, as after a failed redirect.
        }
        const after = await stripe.paymentIntents.retrieve(payment_intent);
        return { id: after.id, client_secret: after.client_secret, status: after.status };
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
      throw new Error(`Unknown command ${command}`);
    },
  };
}
