/**
 * Shared set-up for the widget's browser tests: payment requests on the real CargoPay server
 * (`.config/wtr-server.mjs`), mounting widgets, recording their events, typing into the sandbox's
 * cross-origin Payment Element with real keystrokes, answering 3D Secure, and axe-core.
 */
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import { CargopayCheckout } from '../src/checkout/checkout.ts';

export interface CreatedRequest {
  id: string;
  apiBase: string;
  sandboxUrl: string;
}

/** Options of `cargopay-server:create` (see `.config/wtr-server.mjs`); the page's origin is always allowed unless `allowed_origins` says otherwise. */
export interface RequestOptions {
  amount?: number;
  currency?: string;
  reference?: string;
  description?: string;
  carrier?: string | null;
  merchant?: string;
  status?: 'open' | 'paid' | 'authorized' | 'refunded' | 'canceled' | 'expired';
  allowed_origins?: string[];
  stripe_js_url?: string;
  vat_unavailable_allows_payment?: boolean;
  /** Names the VIES stand-in gives registered numbers (`DE136695976` → a company name). */
  vies?: Record<string, string>;
  capture?: 'automatic' | 'manual';
  max_final_amount?: number | null;
}

export const createRequest = (options: RequestOptions = {}): Promise<CreatedRequest> =>
  executeServerCommand<CreatedRequest, RequestOptions & { origin: string }>('cargopay-server:create', {
    origin: location.origin,
    ...options,
  });

/** Stops the server listening (connections refused), or listens again on the same port. */
export const setServer = (up: boolean): Promise<unknown> =>
  executeServerCommand('cargopay-server:server', { up });

/** While `busy`, Stripe (the server's sandbox) answers every call with its rate-limit refusal. */
export const stripeBusy = (busy: boolean): Promise<unknown> =>
  executeServerCommand('cargopay-server:stripe-busy', { busy });

export const intentRequests = (
  id: string,
): Promise<{ device_id: string; signals: Record<string, unknown> }[]> =>
  executeServerCommand('cargopay-server:intent-requests', { id });

export const serverPaymentIntent = (id: string): Promise<{ id: string; status: string } | null> =>
  executeServerCommand('cargopay-server:payment-intent', { id });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy. */
export function waitFor<T>(
  check: () => T | null | undefined | false,
  what: string,
  timeout = 10_000,
): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      let value: T | null | undefined | false;
      try {
        value = check();
      } catch {
        value = null;
      }
      if (value) resolve(value);
      else if (Date.now() - started > timeout) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

export const EVENT_NAMES = [
  'cargopay-ready',
  'cargopay-change',
  'cargopay-focus',
  'cargopay-blur',
  'cargopay-submit',
  'cargopay-requires-action',
  'cargopay-succeeded',
  'cargopay-failed',
  'cargopay-error',
  'cargopay-busy',
] as const;

export interface Recorded {
  type: string;
  detail: Record<string, unknown>;
  bubbles: boolean;
  composed: boolean;
}

/** Records every `cargopay-*` event reaching `target` (the document by default, so bubbling is proven). */
export function recordEvents(widget: CargopayCheckout, target: EventTarget = document): Recorded[] {
  const events: Recorded[] = [];
  for (const type of EVENT_NAMES) {
    target.addEventListener(type, (event) => {
      if (event.composedPath()[0] !== widget) return;
      const { detail, bubbles, composed } = event as CustomEvent<Record<string, unknown>>;
      events.push({ type, detail, bubbles, composed });
    });
  }
  return events;
}

export const ofType = (events: Recorded[], type: string): Recorded[] => events.filter((e) => e.type === type);
export const terminal = (events: Recorded[]): Recorded[] =>
  events.filter((e) => e.type === 'cargopay-succeeded' || e.type === 'cargopay-failed');

/** Adds a `<cargopay-checkout>` for `request` to `parent` (the body by default). */
export function mountWidget(
  request: CreatedRequest | null,
  attributes: Record<string, string> = {},
  parent: Node = document.body,
): { widget: CargopayCheckout; events: Recorded[] } {
  const widget = document.createElement('cargopay-checkout');
  if (request) {
    widget.setAttribute('payment-request', request.id);
    widget.setAttribute('api-base', request.apiBase);
  }
  for (const [name, value] of Object.entries(attributes)) widget.setAttribute(name, value);
  const events = recordEvents(widget);
  parent.appendChild(widget);
  return { widget, events };
}

/** A new payment request and a widget for it that has reached `ready` (its Payment Element mounted). */
export async function readyWidget(
  attributes: Record<string, string> = {},
): Promise<{ request: CreatedRequest; widget: CargopayCheckout; events: Recorded[] }> {
  const request = await createRequest();
  const mounted = mountWidget(request, attributes);
  await waitForState(mounted.widget, 'ready');
  return { request, ...mounted };
}

/**
 * Records every `console.warn` line of the page (the widget explains misconfigurations to the developer
 * there), still printing it; `warned(code)` waits for the `[cargopay:<code>]` line.
 */
export function recordWarnings(): { lines: string[]; warned: (code: string) => Promise<string> } {
  const lines: string[] = [];
  const original = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    lines.push(args.join(' '));
    original(...args);
  };
  return {
    lines,
    warned: (code) =>
      waitFor(() => lines.find((w) => w.startsWith(`[cargopay:${code}] `)), `[cargopay:${code}]`),
  };
}

export const shadow = (widget: CargopayCheckout): ShadowRoot => widget.shadowRoot as ShadowRoot;
export const text = (widget: CargopayCheckout): string =>
  shadow(widget).textContent?.replace(/\s+/g, ' ') ?? '';
export const payButton = (widget: CargopayCheckout): HTMLButtonElement =>
  shadow(widget).querySelector('button') as HTMLButtonElement;

/** Waits until the widget shows `state`. */
export const waitForState = (widget: CargopayCheckout, state: string, timeout = 10_000): Promise<true> =>
  waitFor(
    () => widget.getAttribute('state') === state,
    `state ${state} (now ${widget.getAttribute('state')})`,
    timeout,
  );

/** The Payment Element's frame: in the document's light DOM, slotted into the widget. */
export function paymentFrame(widget: CargopayCheckout): HTMLIFrameElement {
  const frames = [...document.querySelectorAll('.cargopay-payment-element iframe')] as HTMLIFrameElement[];
  const frame = frames.find((f) => {
    let slot = f.closest('.cargopay-payment-element')?.assignedSlot ?? null;
    while (slot?.assignedSlot) slot = slot.assignedSlot;
    return slot?.getRootNode() === widget.shadowRoot;
  });
  if (!frame) throw new Error('no Payment Element frame for this widget');
  return frame;
}

export const goodCard = (number: string) => ({ number, expiry: '1234', cvc: '123', zip: '10001' });

/** Clicks into the card number field of the widget's Payment Element and types the card, as a buyer would. */
export async function typeCard(
  widget: CargopayCheckout,
  card: { number: string; expiry?: string; cvc?: string; zip?: string },
): Promise<void> {
  // Chromium does not lay out cross-origin frames that are off screen, so the frame sizes itself only once it
  // is scrolled into view (as for a buyer scrolling down to the form).
  const frame = await waitFor(() => {
    const f = paymentFrame(widget);
    f.scrollIntoView({ block: 'center' });
    return f.getBoundingClientRect().height > 100 && f;
  }, 'the Payment Element frame to size itself');
  frame.scrollIntoView({ block: 'center' });
  await sleep(50);
  const rect = frame.getBoundingClientRect();
  for (let tries = 0; tries < 3; tries++) {
    const focused = new Promise((resolve) =>
      widget.addEventListener('cargopay-focus', () => resolve(true), { once: true }),
    );
    await sendMouse({ type: 'click', position: [Math.round(rect.left + 60), Math.round(rect.top + 44)] });
    if (await Promise.race([focused, sleep(1500)])) break;
  }
  await sendKeys({ type: card.number });
  if (card.expiry !== undefined) await sendKeys({ type: card.expiry });
  if (card.cvc !== undefined) await sendKeys({ type: card.cvc });
  if (card.zip !== undefined) {
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: card.zip });
  }
  await waitFor(() => widget.complete || card.number.length < 16, 'the card to be complete', 5000);
}

/**
 * Answers the sandbox's 3D Secure challenge as a buyer would, by clicking "Complete authentication" or "Fail
 * authentication" in the modal (`cargopay-sandbox:answer-challenge` clicks inside the cross-origin frame).
 */
export async function answerChallenge(choice: 'complete' | 'fail'): Promise<void> {
  await waitFor(
    () => document.querySelector('[data-cargopay-sandbox="challenge"][data-state="ready"]'),
    'the 3DS modal',
  );
  await executeServerCommand<boolean, { choice: string }>('cargopay-sandbox:answer-challenge', { choice });
}

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
}
let axeLoaded: Promise<void> | null = null;

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on `widget`, shadow root included; returns the violations. */
export async function axeViolations(widget: Element): Promise<string[]> {
  axeLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
  await axeLoaded;
  const axe = (window as unknown as { axe: { run(ctx: Element, options: object): Promise<AxeResult> } }).axe;
  const result = await axe.run(widget, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`,
  );
}

/** Removes every widget and leftover mount point from the page. */
export function cleanUp(): void {
  document.body.replaceChildren();
}

const defaultRetryDelays = CargopayCheckout.retryDelays;

/** After a test that changed them: an empty page, the widget's own retry delays, the server answering, Stripe not busy. */
export async function resetCheckout(): Promise<void> {
  cleanUp();
  CargopayCheckout.retryDelays = defaultRetryDelays;
  await setServer(true);
  await stripeBusy(false);
}
