/**
 * The merchant page's handle on one Payment Element: it inserts the sandbox frame on `mount`, relays the
 * frame's events to `on(...)` listeners and asks the frame for validation and for a PaymentMethod id.
 */
import type {
  Appearance,
  StripeError,
  StripePaymentElement,
  StripePaymentElementChangeEvent,
  StripePaymentElementOptions,
  StripePaymentElementUpdateOptions,
} from '@stripe/stripe-js';
import { envelope, openEnvelope } from '../shared/protocol.ts';
import type { BillingDetailsInput, FrameConfig, FrameToPage, PageToFrame } from '../shared/protocol.ts';
import { IntegrationError, SHADOW_ROOT_MESSAGE } from './errors.ts';
import { frameOptions } from './options.ts';

/** How long the frame may take to say `ready` before the element reports a `loaderror`. */
const LOAD_TIMEOUT_MS = 15_000;

/** Events the sandbox element emits; listeners for Stripe's other events are accepted and never called. */
type EventName = 'ready' | 'change' | 'focus' | 'blur' | 'loaderror' | 'loaderstart';
/** A listener as Stripe.js types it (each event its own payload); `never` accepts every one of them. */
type Handler = (event: never) => unknown;

/** What the element needs from its Elements group. */
export interface ElementHost {
  readonly sandboxOrigin: string;
  readonly publishableKey: string;
  locale(): string;
  appearance(): Appearance;
  /** Checks the group's client secret with the sandbox; an error becomes the element's `loaderror`. */
  verify(): Promise<StripeError | null>;
  removed(element: PaymentElement): void;
}

let counter = 0;

/** The answer to a pending request when the element is unmounted before the frame replied. */
const UNMOUNTED: StripeError = {
  type: 'validation_error',
  message: 'The Payment Element was unmounted before it could answer.',
};

function resolveMountTarget(target: unknown): HTMLElement {
  if (typeof target === 'string') {
    const found = document.querySelector(target);
    if (!found) {
      throw new IntegrationError(
        `The selector you specified (${target}) applies to no DOM elements that are currently on the page.\n` +
          'Make sure the element exists on the page before calling mount().',
      );
    }
    target = found;
  }
  if (!(target instanceof HTMLElement)) {
    throw new IntegrationError(
      'Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.',
    );
  }
  if (target.getRootNode() instanceof ShadowRoot) throw new IntegrationError(SHADOW_ROOT_MESSAGE);
  if (!target.isConnected) {
    throw new IntegrationError(
      'The DOM element you specified is not attached to the document. Make sure the element is on the page ' +
        'before calling mount().',
    );
  }
  return target;
}

/** The Payment Element as `elements.create('payment')` returns it; typed as Stripe.js's own element. */
export class PaymentElement implements StripePaymentElement {
  readonly #host: ElementHost;
  readonly #id = `payment-${Date.now().toString(36)}-${++counter}`;
  #options: StripePaymentElementOptions;
  readonly #handlers = new Map<string, Set<Handler>>();
  #wrapper: HTMLDivElement | null = null;
  #frame: HTMLIFrameElement | null = null;
  #ready = false;
  #destroyed = false;
  #queue: PageToFrame[] = [];
  #pending = new Map<string, (message: FrameToPage) => void>();
  #loadTimer: ReturnType<typeof setTimeout> | undefined;
  #lastChange: StripePaymentElementChangeEvent | null = null;
  readonly #onMessage = (event: MessageEvent): void => this.#receive(event);

  constructor(host: ElementHost, options: StripePaymentElementOptions | undefined) {
    this.#host = host;
    this.#options = { ...options };
  }

  /** Whether the element sits in the page now (`confirmPayment` needs a mounted Payment Element). */
  get mounted(): boolean {
    return this.#wrapper !== null && this.#wrapper.isConnected;
  }

  mount(domElement: string | HTMLElement): void {
    if (this.#destroyed)
      throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
    if (this.#wrapper) {
      throw new IntegrationError(
        'This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.',
      );
    }
    const container = resolveMountTarget(domElement);
    const config: FrameConfig = {
      parentOrigin: location.origin,
      elementId: this.#id,
      publishableKey: this.#host.publishableKey,
      locale: this.#host.locale(),
      appearance: this.#host.appearance(),
      options: frameOptions(this.#options),
    };
    const wrapper = document.createElement('div');
    wrapper.className = '__PrivateStripeElement';
    wrapper.style.position = 'relative';
    const frame = document.createElement('iframe');
    frame.name = `__privateStripeFrame-${this.#id}`;
    frame.title = 'Secure payment input frame';
    frame.setAttribute('allow', 'payment *');
    frame.setAttribute('scrolling', 'no');
    Object.assign(frame.style, {
      border: '0',
      width: '100%',
      height: '1px',
      display: 'block',
      overflow: 'hidden',
    });
    frame.src = `${this.#host.sandboxOrigin}/_sandbox/elements/payment#${encodeURIComponent(JSON.stringify(config))}`;
    wrapper.append(frame);
    this.#wrapper = wrapper;
    this.#frame = frame;
    this.#ready = false;
    window.addEventListener('message', this.#onMessage);
    container.append(wrapper);
    this.#emit('loaderstart', { elementType: 'payment' });
    this.#loadTimer = setTimeout(() => {
      if (!this.#ready)
        this.#loadError({ type: 'api_connection_error', message: 'The Payment Element did not load.' });
    }, LOAD_TIMEOUT_MS);
    void this.#host.verify().then((error) => {
      if (error && this.#frame === frame) this.#loadError(error);
    });
  }

  unmount(): void {
    clearTimeout(this.#loadTimer);
    window.removeEventListener('message', this.#onMessage);
    // Give focus back to the page first: Chromium loses track of focus when a focused frame is removed.
    if (this.#frame && document.activeElement === this.#frame) this.#frame.blur();
    this.#wrapper?.remove();
    this.#wrapper = null;
    this.#frame = null;
    this.#ready = false;
    this.#queue = [];
    for (const resolve of this.#pending.values()) {
      resolve({ type: 'payment-method-result', requestId: '', paymentMethod: null, error: UNMOUNTED });
    }
    this.#pending.clear();
  }

  destroy(): void {
    this.unmount();
    this.#destroyed = true;
    this.#handlers.clear();
    this.#host.removed(this);
  }

  update(options: Partial<StripePaymentElementUpdateOptions>): this {
    this.#options = { ...this.#options, ...options };
    this.#send({ type: 'update', options: frameOptions(this.#options) });
    return this;
  }

  /** Forwards the group's `elements.update({ locale, appearance })`. */
  updateGroup(locale: string | undefined, appearance: Appearance | undefined): void {
    this.#send({ type: 'update', ...(locale ? { locale } : {}), ...(appearance ? { appearance } : {}) });
  }

  focus(): void {
    this.#send({ type: 'focus' });
  }

  blur(): void {
    this.#send({ type: 'blur' });
  }

  clear(): void {
    this.#send({ type: 'clear' });
  }

  collapse(): this {
    return this;
  }

  on(event: string, handler: Handler): this {
    const set = this.#handlers.get(event) ?? new Set<Handler>();
    set.add(handler);
    this.#handlers.set(event, set);
    return this;
  }

  once(event: string, handler: Handler): this {
    const wrapped: Handler = (payload) => {
      this.off(event, wrapped);
      return handler(payload);
    };
    return this.on(event, wrapped);
  }

  off(event: string, handler?: Handler): this {
    if (handler) this.#handlers.get(event)?.delete(handler);
    else this.#handlers.delete(event);
    return this;
  }

  /** Asks the frame to validate every field and show its errors; the first one comes back. */
  async validate(): Promise<StripeError | null> {
    const answer = await this.#request({ type: 'submit', requestId: '' });
    if (answer.type !== 'submit-result') return UNMOUNTED;
    return answer.error
      ? { type: 'validation_error', code: answer.error.code, message: answer.error.message }
      : null;
  }

  /** Has the frame create a PaymentMethod from the card; only its id comes back. */
  async createPaymentMethod(
    billingDetails: BillingDetailsInput | null,
  ): Promise<{ id: string; error: null } | { id: null; error: StripeError }> {
    const answer = await this.#request({ type: 'create-payment-method', requestId: '', billingDetails });
    if (answer.type === 'payment-method-result' && answer.paymentMethod) {
      return { id: answer.paymentMethod, error: null };
    }
    return { id: null, error: (answer.type === 'payment-method-result' && answer.error) || UNMOUNTED };
  }

  #request(message: Extract<PageToFrame, { requestId: string }>): Promise<FrameToPage> {
    const requestId = `${message.type}-${Date.now().toString(36)}-${++counter}`;
    return new Promise((resolve) => {
      this.#pending.set(requestId, resolve);
      this.#send({ ...message, requestId });
    });
  }

  #send(message: PageToFrame): void {
    if (!this.#frame) return;
    if (!this.#ready) {
      this.#queue.push(message);
      return;
    }
    this.#frame.contentWindow?.postMessage(envelope(this.#id, message), this.#host.sandboxOrigin);
  }

  #receive(event: MessageEvent): void {
    if (
      !this.#frame ||
      event.origin !== this.#host.sandboxOrigin ||
      event.source !== this.#frame.contentWindow
    ) {
      return;
    }
    const message = openEnvelope<FrameToPage>(event.data, this.#id);
    if (!message) return;
    switch (message.type) {
      case 'ready': {
        this.#ready = true;
        clearTimeout(this.#loadTimer);
        const queued = this.#queue;
        this.#queue = [];
        for (const item of queued) this.#send(item);
        this.#emit('ready', { elementType: 'payment' });
        break;
      }
      case 'loaderror':
        this.#loadError({ type: 'invalid_request_error', message: message.message });
        break;
      case 'resize':
        this.#frame.style.height = `${Math.ceil(message.height) + 4}px`;
        break;
      case 'change': {
        const change: StripePaymentElementChangeEvent = {
          elementType: 'payment',
          empty: message.empty,
          complete: message.complete,
          collapsed: false,
          value: { type: 'card' },
        };
        this.#lastChange = change;
        this.#emit('change', change);
        break;
      }
      case 'focus':
      case 'blur':
        this.#emit(message.type, { elementType: 'payment' });
        break;
      case 'submit-result':
      case 'payment-method-result': {
        const resolve = this.#pending.get(message.requestId);
        this.#pending.delete(message.requestId);
        resolve?.(message);
        break;
      }
    }
  }

  /** The latest `change` event, for `elements.submit()` to know whether anything was entered. */
  get lastChange(): StripePaymentElementChangeEvent | null {
    return this.#lastChange;
  }

  #loadError(error: StripeError): void {
    this.#emit('loaderror', { elementType: 'payment', error });
  }

  #emit(event: EventName, payload: unknown): void {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) {
      try {
        (handler as (event: unknown) => unknown)(payload);
      } catch (error) {
        // A merchant's handler that throws must not break the element, as in Stripe.js.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
