/**
 * The stand-in Stripe.js in real Chromium, against a sandbox started by `.config/wtr-sandbox.mjs` on another
 * origin. Card numbers are typed with real keystrokes into the cross-origin Payment Element frame.
 */
import { expect } from 'chai';
import { executeServerCommand, sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import type {
  PaymentIntentResult,
  Stripe,
  StripeElements,
  StripeElementsOptionsClientSecret,
  StripePaymentElement,
  StripePaymentElementChangeEvent,
} from '@stripe/stripe-js';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const before: (body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

interface SandboxInfo {
  url: string;
  publishableKey: string;
  stripeJsUrl: string;
}
interface CreatedIntent {
  id: string;
  client_secret: string;
  status: string;
}
interface ServerIntent {
  id: string;
  status: string;
  last_payment_error: { code: string | null; decline_code: string | null } | null;
}

const SUCCESS = '4242424242424242';
const THREE_DS = '4000002760003184';
const DECLINE = '4000000000000002';
const BAD_LUHN = '4242424242424241';
const ALL_CARDS = [SUCCESS, THREE_DS, DECLINE, BAD_LUHN];

/** Every console line of the page, to prove no card number reaches it. */
const consoleLines: string[] = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  // eslint-disable-next-line no-console -- wraps the console to record it, logs nothing itself
  const original = console[level].bind(console);
  // eslint-disable-next-line no-console -- as above
  console[level] = (...args: unknown[]) => {
    consoleLines.push(
      args.map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg)))).join(' '),
    );
    original(...args);
  };
}
const pageEvents: string[] = [];
window.addEventListener('message', (event) => pageEvents.push(JSON.stringify(event.data)));

/** The page's markup (light DOM and every shadow root) after each test. */
const snapshots: string[] = [];
function snapshotPage(): void {
  snapshots.push(document.documentElement.outerHTML);
  for (const node of document.querySelectorAll('*'))
    if (node.shadowRoot) snapshots.push(node.shadowRoot.innerHTML);
  for (const input of document.querySelectorAll('input')) snapshots.push(input.value);
}

let sandbox: SandboxInfo;
let stripe: Stripe;
const mounted: StripePaymentElement[] = [];

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

async function createIntent(params: object = {}): Promise<CreatedIntent> {
  return executeServerCommand<CreatedIntent, object>('cargopay-sandbox:create-payment-intent', {
    amount: 4200,
    currency: 'eur',
    ...params,
  });
}

function waitFor<T>(check: () => T | null | undefined | false, what: string, timeout = 8000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const value = check();
      if (value) resolve(value);
      else if (Date.now() - started > timeout) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

function frameIn(container: Element): HTMLIFrameElement {
  const frame = container.querySelector('iframe');
  if (!frame) throw new Error('no iframe in the container');
  return frame;
}

interface Mounted {
  elements: StripeElements;
  element: StripePaymentElement;
  container: HTMLElement;
  intent: CreatedIntent;
  changes: StripePaymentElementChangeEvent[];
  focused: () => number;
}

async function mountPaymentElement(
  options: Partial<StripeElementsOptionsClientSecret> = {},
): Promise<Mounted> {
  const intent = await createIntent();
  const elements = stripe.elements({ clientSecret: intent.client_secret, ...options });
  const element = elements.create('payment');
  const container = document.createElement('div');
  container.style.width = '480px';
  document.body.append(container);
  const changes: StripePaymentElementChangeEvent[] = [];
  let focusCount = 0;
  element.on('change', (event) => changes.push(event));
  element.on('focus', () => focusCount++);
  const ready = new Promise<void>((resolve) => element.on('ready', () => resolve()));
  element.mount(container);
  mounted.push(element);
  await ready;
  // Wait for the frame to have sized itself to its fields.
  await waitFor(() => frameIn(container).getBoundingClientRect().height > 100, 'frame height');
  return { elements, element, container, intent, changes, focused: () => focusCount };
}

/** Clicks into the card number field of the frame (its first input, under its label) and types the card. */
async function typeCard(
  target: Mounted,
  card: { number: string; expiry?: string; cvc?: string; zip?: string },
) {
  const frame = frameIn(target.container);
  frame.scrollIntoView({ block: 'center' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const rect = frame.getBoundingClientRect();
  // As a buyer would: click on the page, then into the card number field (its input, below its label). Under
  // load the frame's first click can land before its document takes input (seen in CI), so a click that
  // gives no focus within 1.5 s is repeated, as a buyer would click again.
  await sendMouse({ type: 'click', position: [Math.round(rect.right + 100), Math.round(rect.bottom + 100)] });
  const before = target.focused();
  for (let tries = 0; tries < 4 && target.focused() === before; tries++) {
    await sendMouse({ type: 'click', position: [Math.round(rect.left + 60), Math.round(rect.top + 44)] });
    await waitFor(() => target.focused() > before, 'the card number field to take focus', 1500).catch(
      () => {},
    );
  }
  await waitFor(() => target.focused() > before, 'the card number field to take focus', 100);
  await sendKeys({ type: card.number });
  // A complete, valid number moves on to the expiry by itself, and a complete expiry to the CVC.
  if (card.expiry !== undefined) await sendKeys({ type: card.expiry });
  if (card.cvc !== undefined) await sendKeys({ type: card.cvc });
  if (card.zip !== undefined) {
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: card.zip });
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const goodCard = (number: string) => ({ number, expiry: '1234', cvc: '123', zip: '10001' });

async function confirm(target: Mounted): Promise<PaymentIntentResult> {
  return stripe.confirmPayment({ elements: target.elements, redirect: 'if_required' });
}

/**
 * Answers the 3D Secure challenge as a buyer would, clicking its button (`cargopay-sandbox:answer-challenge`
 * clicks inside the cross-origin frame), once the modal has moved focus into its frame.
 */
async function answerChallenge(choice: 'complete' | 'fail'): Promise<void> {
  const overlay = await waitFor(
    () => document.querySelector('[data-cargopay-sandbox="challenge"][data-state="ready"]'),
    'the 3DS modal',
  );
  // The modal focuses its frame on load, so a keyboard user is inside the challenge at once.
  expect(document.activeElement).to.equal(frameIn(overlay));
  await executeServerCommand<boolean, { choice: string }>('cargopay-sandbox:answer-challenge', { choice });
}

describe('the sandbox Stripe.js loaded through @stripe/stripe-js', () => {
  before(async () => {
    sandbox = await executeServerCommand<SandboxInfo, undefined>('cargopay-sandbox:info');
    await loadScript(sandbox.stripeJsUrl);
    const { loadStripe } = await import('@stripe/stripe-js');
    const loaded = await loadStripe(sandbox.publishableKey);
    if (!loaded) throw new Error('loadStripe resolved to null');
    stripe = loaded;
  });

  afterEach(async () => {
    snapshotPage();
    await resetMouse();
    for (const element of mounted.splice(0)) element.destroy();
    document.body.replaceChildren();
  });

  it('loadStripe resolves to the stand-in served from the sandbox origin', () => {
    expect(window.Stripe).to.be.a('function');
    expect(new URL(sandbox.url).origin).to.not.equal(location.origin);
    expect(stripe.elements).to.be.a('function');
  });

  it('puts the Payment Element in an iframe on the sandbox origin and reports ready and empty', async () => {
    const target = await mountPaymentElement();
    const frame = frameIn(target.container);
    expect(new URL(frame.src).origin).to.equal(sandbox.url);
    expect(target.changes.at(-1)).to.deep.include({ elementType: 'payment', empty: true, complete: false });
    expect(target.changes.at(-1)?.value).to.deep.equal({ type: 'card' });
  });

  it('pays with 4242 4242 4242 4242 and resolves with a succeeded PaymentIntent', async () => {
    const target = await mountPaymentElement();
    await typeCard(target, goodCard(SUCCESS));
    expect(target.changes.at(-1)).to.deep.include({ complete: true, empty: false });
    const result = await confirm(target);
    expect(result.error, JSON.stringify(result.error)).to.equal(undefined);
    expect(result.paymentIntent?.status).to.equal('succeeded');
    const server = await executeServerCommand<ServerIntent, object>(
      'cargopay-sandbox:retrieve-payment-intent',
      {
        id: target.intent.id,
      },
    );
    expect(server.status).to.equal('succeeded');
  });

  it('completes a 3D Secure challenge for 4000 0027 6000 3184 and then succeeds', async () => {
    const target = await mountPaymentElement();
    await typeCard(target, goodCard(THREE_DS));
    const pending = confirm(target);
    await answerChallenge('complete');
    const result = await pending;
    expect(result.error, JSON.stringify(result.error)).to.equal(undefined);
    expect(result.paymentIntent?.status).to.equal('succeeded');
    expect(document.querySelector('[data-cargopay-sandbox="challenge"]')).to.equal(null);
  });

  it('fails a 3D Secure challenge with payment_intent_authentication_failure', async () => {
    const target = await mountPaymentElement();
    await typeCard(target, goodCard(THREE_DS));
    const pending = confirm(target);
    await answerChallenge('fail');
    const result = await pending;
    expect(result.error?.code).to.equal('payment_intent_authentication_failure');
    expect(result.error?.payment_intent?.status).to.equal('requires_payment_method');
  });

  it('is declined with 4000 0000 0000 0002 as a card_error carrying the PaymentIntent', async () => {
    const target = await mountPaymentElement();
    await typeCard(target, goodCard(DECLINE));
    const result = await confirm(target);
    expect(result.error).to.deep.include({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    expect(result.error?.payment_intent?.id).to.equal(target.intent.id);
  });

  it('gives the decline message in the Elements locale, as Stripe.js does (es)', async () => {
    const target = await mountPaymentElement({ locale: 'es' });
    await typeCard(target, goodCard(DECLINE));
    const result = await confirm(target);
    expect(result.error).to.deep.include({
      type: 'card_error',
      code: 'card_declined',
      message: 'Tu tarjeta ha sido rechazada.',
    });
  });

  it('gives the decline message in each of the widget’s other locales (de, fr, it, nl, pl, pt)', async () => {
    const declined: Record<string, string> = {
      de: 'Ihre Karte wurde abgelehnt.',
      fr: 'Votre carte a été refusée.',
      it: 'La carta è stata rifiutata.',
      nl: 'Je kaart is geweigerd.',
      pl: 'Karta została odrzucona.',
      pt: 'O cartão foi recusado.',
    };
    type Locale = NonNullable<StripeElementsOptionsClientSecret['locale']>;
    for (const [locale, message] of Object.entries(declined) as [Locale, string][]) {
      const target = await mountPaymentElement({ locale });
      await typeCard(target, goodCard(DECLINE));
      const result = await confirm(target);
      expect(result.error, locale).to.deep.include({ code: 'card_declined', message });
    }
  });

  it('refuses a number that fails the Luhn check with "Your card number is invalid."', async () => {
    const target = await mountPaymentElement();
    await typeCard(target, { number: BAD_LUHN });
    expect(target.changes.at(-1)).to.deep.include({ complete: false, empty: false });
    const result = await confirm(target);
    expect(result.error).to.deep.include({
      type: 'validation_error',
      code: 'invalid_number',
      message: 'Your card number is invalid.',
    });
  });

  it('reports validation in Spanish with locale es', async () => {
    const target = await mountPaymentElement({ locale: 'es' });
    const result = await confirm(target);
    expect(result.error).to.deep.include({
      code: 'incomplete_number',
      message: 'El número de tu tarjeta está incompleto.',
    });
  });

  it('switches its messages to Spanish after elements.update({ locale: "es" })', async () => {
    const target = await mountPaymentElement({ locale: 'en' });
    target.elements.update({ locale: 'es' });
    const result = await confirm(target);
    expect(result.error?.message).to.equal('El número de tu tarjeta está incompleto.');
  });

  it('reports loaderror when the client secret names no PaymentIntent', async () => {
    const elements = stripe.elements({ clientSecret: 'pi_doesnotexist_secret_nope' });
    const element = elements.create('payment');
    mounted.push(element);
    const failed = new Promise<{ error: { type: string } }>((resolve) => element.on('loaderror', resolve));
    const container = document.createElement('div');
    document.body.append(container);
    element.mount(container);
    const event = await failed;
    expect(event.error.type).to.equal('invalid_request_error');
  });

  it('handleNextAction runs the challenge of an intent confirmed server-side', async () => {
    const intent = await createIntent({
      confirm: true,
      payment_method: 'pm_card_authenticationRequired',
      allowed_payment_method_types: ['card'],
    });
    expect(intent.status).to.equal('requires_action');
    const pending = stripe.handleNextAction({ clientSecret: intent.client_secret });
    await answerChallenge('complete');
    const result = await pending;
    expect(result.error, JSON.stringify(result.error)).to.equal(undefined);
    expect(result.paymentIntent?.status).to.equal('succeeded');
    const retrieved = await stripe.retrievePaymentIntent(intent.client_secret);
    expect(retrieved.paymentIntent?.status).to.equal('succeeded');
  });

  it('requires a return_url unless redirect is "if_required", and refuses a secret key', async () => {
    const target = await mountPaymentElement();
    let thrown: unknown;
    try {
      await stripe.confirmPayment({ elements: target.elements, confirmParams: {} as { return_url: string } });
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).to.match(/^IntegrationError: .*return_url/);
    expect(() => window.Stripe?.('sk_test_123')).to.throw(/secret key/);
  });

  it('throws the IntegrationError of Stripe.js when mounted inside a ShadowRoot', async () => {
    const intent = await createIntent();
    const host = document.createElement('div');
    document.body.append(host);
    const inner = document.createElement('div');
    host.attachShadow({ mode: 'open' }).append(inner);
    const element = stripe.elements({ clientSecret: intent.client_secret }).create('payment');
    let thrown: unknown;
    try {
      element.mount(inner);
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).to.equal(
      'IntegrationError: Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.',
    );
    expect(host.shadowRoot?.querySelector('iframe')).to.equal(null);
  });

  it('refuses to mount on a node that is not in the document', async () => {
    const intent = await createIntent();
    const element = stripe.elements({ clientSecret: intent.client_secret }).create('payment');
    expect(() => element.mount(document.createElement('div'))).to.throw(/not attached to the document/);
    expect(() => element.mount('#nowhere')).to.throw(/applies to no DOM elements/);
  });

  it('rejects confirmPayment when the Payment Element is not mounted', async () => {
    const intent = await createIntent();
    const elements = stripe.elements({ clientSecret: intent.client_secret });
    elements.create('payment');
    let thrown: unknown;
    try {
      await stripe.confirmPayment({ elements, redirect: 'if_required' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(Error);
    expect((thrown as Error).name).to.equal('IntegrationError');
    expect((thrown as Error).message).to.match(/mounted Payment Element/);
  });

  it('never lets a card number reach the page: not its DOM, shadow roots, console or messages', () => {
    snapshotPage();
    const seen = [...snapshots, ...consoleLines, ...pageEvents].join('\n');
    expect(pageEvents.length, 'frame messages observed').to.be.greaterThan(10);
    expect(snapshots.length, 'page snapshots taken').to.be.greaterThan(5);
    for (const card of ALL_CARDS) {
      const spaced = card.replace(/(\d{4})(?=\d)/g, '$1 ');
      expect(seen.includes(card) || seen.includes(spaced), `card ${card} in the page`).to.equal(false);
    }
  });
});
