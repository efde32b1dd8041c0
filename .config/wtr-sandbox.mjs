// @ts-check
/**
 * @web/test-runner plugin: the offline Stripe sandbox for browser tests.
 *
 * When the test server starts, it starts the sandbox (`server/sandbox/sandbox.ts`) in this process on a free
 * port of 127.0.0.1, a different origin from the test page (as js.stripe.com is from a merchant's page), and
 * closes it when the test server stops. Browser tests reach it through server commands; the secret key stays
 * in this process and never reaches the page.
 *
 * Use (in `.config/web-test-runner.config.mjs`): `plugins: [sandboxPlugin(), …]`. Then, in a browser test:
 *
 * ```ts
 * import { executeServerCommand } from '@web/test-runner-commands';
 *
 * const sandbox = await executeServerCommand<SandboxInfo, void>('cargopay-sandbox:info');
 * // Load the stand-in Stripe.js BEFORE '@stripe/stripe-js' is imported (or import '@stripe/stripe-js/pure'):
 * // the package's main entry injects js.stripe.com as soon as it is evaluated unless window.Stripe exists.
 * await new Promise((resolve, reject) => {
 *   const script = Object.assign(document.createElement('script'), { src: sandbox.stripeJsUrl });
 *   script.onload = resolve;
 *   script.onerror = reject;
 *   document.head.append(script);
 * });
 * const { loadStripe } = await import('@stripe/stripe-js');
 * const stripe = await loadStripe(sandbox.publishableKey);
 * const intent = await executeServerCommand<CreatedIntent, object>('cargopay-sandbox:create-payment-intent', {
 *   amount: 4200, currency: 'eur',
 * });
 * // … stripe.elements({ clientSecret: intent.client_secret }) …
 * ```
 *
 * Commands (each answers JSON):
 * - `cargopay-sandbox:info` → `{ url, publishableKey, stripeJsUrl }`
 * - `cargopay-sandbox:create-payment-intent` with `Stripe.PaymentIntentCreateParams` (defaults: `amount: 2000`,
 *   `currency: 'eur'`, and `automatic_payment_methods: { enabled: true }` unless `allowed_payment_method_types` is
 *   given), created with the SDK and the secret key → `{ id, client_secret, status, amount, currency }`
 * - `cargopay-sandbox:retrieve-payment-intent` with `{ id }`, the server's view of the intent →
 *   `{ id, status, amount, currency, payment_method, last_payment_error: { code, decline_code } | null }`
 * - `cargopay-sandbox:payment-element-field` with `{ id }` (`country`, `postalCode`, …) → that field's value in each
 *   Payment Element frame of the page (`null` where the field is hidden), read through the DevTools protocol
 * - `cargopay-sandbox:payment-element-focus` → the id of the focused field in each Payment Element frame (`null`
 *   where the frame does not hold focus)
 * - `cargopay-sandbox:answer-challenge` with `{ choice: 'complete' | 'fail' }` clicks that button of the 3D Secure
 *   challenge shown in the page (a real mouse click into the cross-origin frame, through the browser's
 *   DevTools protocol; the page cannot reach into the frame itself) → `true`
 *
 * Every test run gets its own sandbox, so tests never share state with a sandbox started by `npm run sandbox`.
 */

/**
 * @typedef {object} SandboxInfo
 * @property {string} url the sandbox's origin, e.g. `http://127.0.0.1:41234`
 * @property {string} publishableKey the sandbox's `pk_test_…` key
 * @property {string} stripeJsUrl the stand-in Stripe.js, `<url>/v3/`
 */

/**
 * @typedef {object} RunningSandbox
 * @property {string} url
 * @property {() => Promise<void>} close
 */

/**
 * Clicks `choice` in the page's 3D Secure challenge frame once the frame shows it enabled, and returns only once
 * the frame has taken the click. A click by coordinates from the page, or keys sent to wherever focus happens to
 * be, raced the frame's loading and focus handling on a loaded machine; the DevTools protocol finds the button
 * inside the frame itself. Even so a click into the cross-origin frame was once lost (the command returned, the
 * widget waited in `processing`): the challenge page disables both buttons as it handles a choice, so a button
 * still enabled after the click means the click did not land, and it is clicked again.
 * @param {import('puppeteer-core').Page} page
 * @param {'complete' | 'fail'} choice
 */
async function answerChallenge(page, choice) {
  const deadline = Date.now() + 15_000;
  // A frame that has not navigated yet has an empty URL; the challenge is `/_sandbox/3ds/<pi>#…`.
  const challenge = /^https?:\/\/[^/]+\/_sandbox\/3ds\/[^/#?]+(?:[#?]|$)/;
  /** @type {Set<import('puppeteer-core').Frame>} */
  const clicked = new Set();
  /** @type {unknown} */
  let failure = new Error(`no 3D Secure challenge with an enabled "${choice}" button`);
  // The choice was taken once the frame disabled its buttons, or once the page closed the challenge (its frame
  // detached), which can happen before the disabled buttons are seen.
  const taken = async (/** @type {import('puppeteer-core').Frame} */ frame) =>
    frame.detached ||
    !page.frames().includes(frame) ||
    Boolean(await frame.waitForSelector(`#${choice}[disabled]`, { timeout: 2_000 }).catch(() => null)) ||
    frame.detached;
  for (;;) {
    for (const frame of clicked) if (await taken(frame)) return true;
    // Newest first: the frame of an earlier challenge may still be on its way out.
    const frames = page
      .frames()
      .filter((f) => challenge.test(f.url()))
      .reverse();
    for (const frame of frames) {
      try {
        const button = await frame.waitForSelector(`#${choice}:not([disabled])`, {
          visible: true,
          timeout: 2_000,
        });
        if (!button) continue;
        await button.click();
        clicked.add(frame);
        if (await taken(frame)) return true;
      } catch (error) {
        // The frame went away or is still loading: look again until the deadline.
        failure = error;
      }
    }
    if (Date.now() > deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The value of field `id` (`country`, `postalCode`, …) in the page's Payment Element frames (the page cannot
 * look into the cross-origin frame; the DevTools protocol can), `null` for a field not shown; one entry per
 * frame, oldest first.
 * @param {import('puppeteer-core').Page} page
 * @param {string} id
 */
/**
 * `frame.evaluate(fn, arg)`, or `undefined` after 3 s: a frame that is being removed or navigated may never
 * answer, and a command that never returns would hang the whole test file instead of failing one test.
 * @template T
 * @param {import('puppeteer-core').Frame} frame
 * @param {(arg: string) => T} fn
 * @param {string} arg
 * @returns {Promise<T | undefined>}
 */
function evaluateSoon(frame, fn, arg) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(undefined), 3_000)));
  return Promise.race([frame.evaluate(fn, arg).catch(() => undefined), late]).finally(() =>
    clearTimeout(timer),
  );
}

async function paymentElementField(page, id) {
  const frames = page.frames().filter((f) => /\/_sandbox\/elements\/payment(?:[#?]|$)/.test(f.url()));
  return Promise.all(
    frames.map((frame) =>
      evaluateSoon(
        frame,
        (field) => {
          const input = /** @type {HTMLInputElement | null} */ (document.getElementById(field));
          return input && !input.closest('[hidden]') ? input.value : null;
        },
        id,
      ),
    ),
  );
}

/**
 * The id of the focused field in each of the page's Payment Element frames (`null` where the frame does not
 * hold focus), oldest first.
 * @param {import('puppeteer-core').Page} page
 */
async function paymentElementFocus(page) {
  const frames = page.frames().filter((f) => /\/_sandbox\/elements\/payment(?:[#?]|$)/.test(f.url()));
  return Promise.all(
    frames.map((frame) =>
      evaluateSoon(frame, () => (document.hasFocus() && document.activeElement?.id) || null, ''),
    ),
  );
}

/**
 * @param {{ start?: () => Promise<RunningSandbox> }} [options] `start` replaces how the sandbox is started
 *   (by default `startSandbox({ port: 0, quiet: true })` from `server/sandbox/sandbox.ts`).
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function sandboxPlugin(options = {}) {
  /** @type {RunningSandbox | null} */
  let sandbox = null;
  /** @type {import('stripe').Stripe | null} */
  let stripe = null;
  /** @type {string} */
  let publishableKey = '';

  async function defaultStart() {
    const { startSandbox } = await import('../server/sandbox/sandbox.ts');
    const running = await startSandbox({ port: 0, quiet: true });
    return { url: running.url, close: () => running.close() };
  }

  /** @returns {import('stripe').Stripe} */
  function client() {
    if (!sandbox || !stripe) throw new Error('The CargoPay sandbox is not running.');
    return stripe;
  }

  return {
    name: 'cargopay-sandbox',

    async serverStart() {
      const keys = await import('../server/sandbox/keys.ts');
      const { default: Stripe } = await import('stripe');
      sandbox = await (options.start ?? defaultStart)();
      publishableKey = keys.SANDBOX_PUBLISHABLE_KEY;
      const url = new URL(sandbox.url);
      stripe = new Stripe(keys.SANDBOX_SECRET_KEY, {
        host: url.hostname,
        port: Number(url.port),
        protocol: url.protocol === 'https:' ? 'https' : 'http',
        maxNetworkRetries: 0,
      });
    },

    async serverStop() {
      await sandbox?.close();
      sandbox = null;
      stripe = null;
    },

    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('cargopay-sandbox:')) return undefined;
      if (command === 'cargopay-sandbox:answer-challenge') {
        const choice = /** @type {{ choice?: unknown }} */ (payload ?? {}).choice;
        if (choice !== 'complete' && choice !== 'fail') {
          throw new Error("cargopay-sandbox:answer-challenge needs { choice: 'complete' | 'fail' }");
        }
        const launcher = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (
          /** @type {unknown} */ (session.browser)
        );
        return answerChallenge(launcher.getPage(session.id), choice);
      }
      if (command === 'cargopay-sandbox:payment-element-field') {
        const id = /** @type {{ id?: unknown }} */ (payload ?? {}).id;
        if (typeof id !== 'string') throw new Error('cargopay-sandbox:payment-element-field needs { id }');
        const launcher = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (
          /** @type {unknown} */ (session.browser)
        );
        return paymentElementField(launcher.getPage(session.id), id);
      }
      if (command === 'cargopay-sandbox:payment-element-focus') {
        const launcher = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (
          /** @type {unknown} */ (session.browser)
        );
        return paymentElementFocus(launcher.getPage(session.id));
      }
      if (command === 'cargopay-sandbox:info') {
        client();
        const url = new URL(/** @type {RunningSandbox} */ (sandbox).url).origin;
        return { url, publishableKey, stripeJsUrl: `${url}/v3/` };
      }
      if (command === 'cargopay-sandbox:create-payment-intent') {
        const given = /** @type {Partial<import('stripe').Stripe.PaymentIntentCreateParams>} */ (
          payload ?? {}
        );
        /** @type {import('stripe').Stripe.PaymentIntentCreateParams} */
        const params = {
          amount: 2000,
          currency: 'eur',
          ...(given.allowed_payment_method_types ? {} : { automatic_payment_methods: { enabled: true } }),
          ...given,
        };
        const intent = await client().paymentIntents.create(params);
        const { id, client_secret, status, amount, currency } = intent;
        return { id, client_secret, status, amount, currency };
      }
      if (command === 'cargopay-sandbox:retrieve-payment-intent') {
        const id = /** @type {{ id?: unknown }} */ (payload ?? {}).id;
        if (typeof id !== 'string') throw new Error('cargopay-sandbox:retrieve-payment-intent needs { id }');
        const intent = await client().paymentIntents.retrieve(id);
        const error = intent.last_payment_error;
        return {
          id: intent.id,
          status: intent.status,
          amount: intent.amount,
          currency: intent.currency,
          payment_method:
            typeof intent.payment_method === 'string'
              ? intent.payment_method
              : (intent.payment_method?.id ?? null),
          last_payment_error: error
            ? { code: error.code ?? null, decline_code: error.decline_code ?? null }
            : null,
        };
      }
      throw new Error(`Unknown command ${command}`);
    },
  };
}
