import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  Appearance,
  Stripe,
  StripeElements,
  StripeError,
  StripePaymentElement,
} from '@stripe/stripe-js';
import type { CheckoutSummary } from '../../../server/src/contract/http.ts';
import type { CargopayErrorKind, CargopayFailure } from '../events/failure.ts';
import type { MessageKey, Messages } from '../locales/localize.ts';
import { emit } from '../shared/emit.ts';
import { loadVat } from '../shared/chunks.ts';
import { scriptUrl } from '../shared/script-url.ts';
import { warn } from '../shared/warn.ts';
import type { VatField } from '../vat/vat-field.ts';
import { CheckoutApi } from './api.ts';
import { appearanceOf } from './appearance.ts';
import type { CheckoutState } from './checkout.component.ts';
import { attempts, countAttempt, deviceId } from './fraud-signals.ts';
import type { LocaleController } from './locale-controller.ts';
import { createMountPoint, type MountPoint } from './mount-point.ts';
import {
  attemptOutcome,
  loadOutcome,
  stripeFailure,
  type ApiFailure,
  type LoadErrorState,
} from './outcomes.ts';
import { clearReturnParams, returnedClientSecret, returnUrl } from './redirect-return.ts';
import { loadStripeJs, stripeCspBlocked } from './stripe-loader.ts';

const FINAL_PAID = ['paid', 'refunded', 'partially_refunded', 'disputed'];
const SUCCESS = ['succeeded', 'processing', 'requires_capture'];

/**
 * The host's class: its static `retryDelays` are the delays (ms) between retries when the server cannot be
 * reached, read when a load starts (tests shorten them). TypeScript types an instance's `constructor` as
 * `Function`, hence the cast where it is read.
 */
interface RetryingClass {
  retryDelays: readonly number[];
}

/** What the payment controller needs from the checkout that hosts it: its attributes and what it shows. */
export interface PaymentHost extends ReactiveControllerHost, HTMLElement {
  paymentRequest: string;
  apiBase: string;
  publishableKey: string;
  returnUrl: string;
  theme: 'light' | 'dark' | 'auto';
  readonly state: CheckoutState;
  complete: boolean;
  /** The payment request as the server described it; `null` while loading or after a failed load. */
  _summary?: CheckoutSummary | null;
  /** What the live region says, worked out at each render. */
  _status: () => string;
  _failure?: CargopayFailure | null;
  _receipt?: { paymentIntent: string; status: string } | null;
  /** Stripe is busy and the widget is waiting to ask again (shown during a payment attempt). */
  _busyRetrying?: boolean;
  /** The message of a load error when it is not its state's usual one (e.g. Stripe stayed busy). */
  _loadKey?: MessageKey | null;
  readonly _m: Messages;
  readonly _locale: LocaleController;
  readonly _vat: VatField;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Shows `state` and, when `say` is given, announces it: a message key, or the text to say (`''`: nothing). */
  _setState(state: CheckoutState, say?: MessageKey | '' | (() => string)): void;
  /** The message `key`, filled in with the request's amount, merchant and reference. */
  _text(key: MessageKey): string;
  /** Moves focus to the shown message (a final state's heading, or the error above the pay button). */
  readonly _focusMessage: () => void;
}

/**
 * The checkout's payment, as a Lit reactive controller: loads the payment request's summary from the CargoPay
 * API, then Stripe.js, then the PaymentIntent, and mounts Stripe's Payment Element into a light-DOM node slotted
 * into the host; runs each payment attempt (the VAT number first, then Stripe's confirmation with 3D Secure
 * when the bank asks for it) and ends it with exactly one `cargopay-succeeded` or `cargopay-failed`; retries an
 * unreachable server with back-off and a busy Stripe after the server's `Retry-After`, saying so. The host
 * renders what it is told through `_setState`. Every load starts a new generation: answers that arrive for an
 * older one (a reload, a disconnect) are dropped.
 */
export class PaymentController implements ReactiveController {
  declare private readonly _host: PaymentHost;
  private _generation = 0;
  // Fields below without a value start undefined: each is set before it is read, or read as "none yet" (`?.`,
  // a falsy check), so no initial value is shipped.
  declare _api?: CheckoutApi | null;
  declare _elements?: StripeElements | null;
  declare private _stripe?: Stripe | null;
  declare private _element?: StripePaymentElement | null;
  declare private _mount?: MountPoint | null;
  declare private _clientSecret: string;
  declare private _paymentIntent: string;
  declare private _elementComplete: boolean;
  declare private _paymentMethodType?: string | null;
  declare private _readyAt?: number;
  declare private _attemptOpen?: boolean;
  /** The buyer's colour scheme, which `theme="auto"` follows. */
  declare private _darkQuery: MediaQueryList;

  constructor(host: PaymentHost) {
    this._host = host;
    this._host.addController(this);
  }

  hostConnected(): void {
    (this._darkQuery = matchMedia('(prefers-color-scheme: dark)')).addEventListener('change', this._restyle);
  }

  hostDisconnected(): void {
    this._darkQuery.removeEventListener('change', this._restyle);
    this._generation++;
    this._teardown();
  }

  /** Fetches the summary, then Stripe.js, then the PaymentIntent, and mounts the Payment Element. */
  async _load(): Promise<void> {
    const generation = ++this._generation;
    const stale = () => generation !== this._generation;
    this._teardown();
    this._host._summary = this._host._failure = this._host._receipt = this._host._loadKey = null;
    this._elementComplete = this._host.complete = false;
    this._host._setState('loading', 'loading');
    try {
      await this._host._locale._apply();
    } catch {
      warn('locale-missing', { url: scriptUrl() });
      return this._error('network', 'locale-missing', '');
    }
    if (stale()) return;
    if (!this._host.paymentRequest) {
      warn('missing-payment-request');
      return this._loadError('misconfigured', 'configuration', 'missing-payment-request');
    }
    if (/^[rs]k_/.test(this._host.publishableKey)) {
      warn('secret-key');
      return this._loadError('misconfigured', 'configuration', 'secret-key');
    }
    const base = this._host.apiBase || new URL(scriptUrl(), location.href).origin;
    const api = (this._api = new CheckoutApi(
      base,
      this._host.paymentRequest,
      (this._host.constructor as unknown as RetryingClass).retryDelays,
    ));
    api.onRetry = (failure, retryInMs, retry) => {
      if (stale()) return;
      if (failure.network || failure.slug !== 'stripe-busy') {
        this._host._status = () => this._host._m.retrying;
        return;
      }
      // Stripe's rate limits, not a fault: say so, and keep the payment form during an attempt.
      if (this._host.state === 'loading' || this._host.state === 'busy') this._host._setState('busy', 'busy');
      else {
        this._host._busyRetrying = true;
        this._host._status = () => this._host._m.busy;
      }
      emit(this._host, 'cargopay-busy', { paymentRequest: this._host.paymentRequest, retryInMs, retry });
    };
    const vat = this._host._vat._wanted ? loadVat() : null;
    const summary = await api.summary();
    const checks = await vat?.catch(() => null);
    if (checks) this._host._vat._checker = checks.checkVatNumber;
    if (stale()) return;
    if (!summary.ok) return this._loadFailed(summary, base);
    this._host._summary = summary.data;
    const status = summary.data.status;
    // Back from a redirect-based method: that payment's outcome, even if the request is paid by now.
    const returned = returnedClientSecret(this._host.paymentRequest);
    if (FINAL_PAID.includes(status) && !returned)
      return this._loadError('paid', 'canceled', 'payment-request-paid');
    if (status === 'canceled' || status === 'expired' || (status === 'authorized' && !returned))
      return this._loadError(status, 'canceled', `payment-request-${status}`);

    const key = this._host.publishableKey || summary.data.publishable_key;
    let stripe: Stripe;
    try {
      stripe = await loadStripeJs(key, summary.data.stripe_js_url, this._host._locale._tag);
    } catch {
      if (!stale()) this._loadError('blocked', 'script-load', 'stripe-js-blocked');
      return;
    }
    if (stale()) return;
    this._stripe = stripe;

    if (returned) {
      const { paymentIntent } = await stripe.retrievePaymentIntent(returned);
      if (stale()) return;
      if (paymentIntent) {
        clearReturnParams();
        this._attemptOpen = true;
        return this._finish(paymentIntent.id, paymentIntent.status, paymentIntent.last_payment_error);
      }
    }

    const intent = await api.intent({
      device_id: deviceId(),
      signals: { ready_to_submit_ms: null, attempts: attempts(this._host.paymentRequest) },
    });
    if (stale()) return;
    if (!intent.ok) return this._loadFailed(intent, base);
    if (SUCCESS.includes(intent.data.status)) {
      // Paid (or held, for manual capture) moments ago: Stripe knows before the server's webhook has landed.
      const done = intent.data.status === 'requires_capture' ? 'authorized' : 'paid';
      return this._loadError(done, 'canceled', `payment-request-${done}`);
    }
    this._clientSecret = intent.data.client_secret;
    this._paymentIntent = intent.data.payment_intent;
    this._mountElement(stripe, stale);
  }

  private _mountElement(stripe: Stripe, stale: () => boolean): void {
    const elements = (this._elements = stripe.elements({
      clientSecret: this._clientSecret,
      appearance: this._appearance(),
      locale: this._host._locale._tag as 'auto',
    }));
    const element = (this._element = elements.create('payment', {
      defaultValues: { billingDetails: { address: { country: this._host._locale._country } } },
    }));
    element.on('ready', () => {
      if (stale()) return;
      this._readyAt = performance.now();
      // Manual capture: that the card is only held is said with "ready", not only shown.
      this._host._setState('ready', () =>
        this._host._summary?.capture === 'manual'
          ? `${this._host._m.ready} ${this._host._text('hold')}`
          : this._host._m.ready,
      );
      emit(this._host, 'cargopay-ready', {
        paymentRequest: this._host.paymentRequest,
        paymentIntent: this._paymentIntent,
      });
    });
    element.on('change', (event) => {
      this._elementComplete = event.complete;
      this._paymentMethodType = event.value.type;
      this._changed('payment-element', event.empty);
    });
    element.on('focus', () => emit(this._host, 'cargopay-focus', { source: 'payment-element' }));
    element.on('blur', () => emit(this._host, 'cargopay-blur', { source: 'payment-element' }));
    element.on('loaderror', (event) => {
      if (stale()) return;
      stripeCspBlocked(this._host._summary?.stripe_js_url ?? null);
      this._teardown();
      this._loadError('blocked', 'script-load', event.error.code ?? 'payment-element-load-error');
    });
    this._mount = createMountPoint(this._host);
    element.mount(this._mount.node);
  }

  /** The Payment Element (`payment-element`) or the VAT number (`vat`) changed: `complete`, and the page told. */
  _changed(source: 'payment-element' | 'vat', empty: boolean): void {
    this._host.complete = this._elementComplete && this._host._vat._complete;
    emit(this._host, 'cargopay-change', {
      source,
      complete: this._host.complete,
      empty,
      paymentMethodType: this._paymentMethodType ?? null,
    });
  }

  /** Starts a payment attempt. Does nothing unless the form is ready. */
  async _submit(): Promise<void> {
    if (this._host.state !== 'ready' || !this._stripe || !this._elements) return;
    const stripe = this._stripe;
    const elements = this._elements;
    const generation = this._generation;
    this._attemptOpen = true;
    this._host._failure = null;
    this._host._setState('processing', 'processing');
    const attempt = countAttempt(this._host.paymentRequest);
    emit(this._host, 'cargopay-submit', { paymentRequest: this._host.paymentRequest, attempt });
    try {
      await this._attempt(stripe, elements, generation, attempt);
    } catch (error) {
      // Stripe.js threw instead of answering (an integration error): the attempt still ends, once.
      if (generation !== this._generation) return;
      const message = error instanceof Error ? error.message : this._host._m.failed;
      this._fail({ kind: 'configuration', code: 'integration_error', declineCode: null, message }, 'ready');
    }
  }

  private async _attempt(
    stripe: Stripe,
    elements: StripeElements,
    generation: number,
    attempt: number,
  ): Promise<void> {
    const submitted = await elements.submit();
    if (generation !== this._generation) return;
    const vatAccepted = await this._host._vat._accepted();
    if (generation !== this._generation) return;
    // Focus goes to the first invalid field: the VAT number comes before the card form. The Payment Element
    // shows its own errors under its fields and focuses the first invalid one itself.
    if (!vatAccepted) {
      const message = this._host._vat._message(this._host._m)[0];
      const failure = { kind: 'validation', code: 'vat_number', declineCode: null, message } as const;
      return this._fail(failure, 'ready', () => this._host.renderRoot.querySelector('input')?.focus());
    }
    if (submitted.error)
      return this._fail(stripeFailure(submitted.error, this._host._m.failed), 'ready', () => {});
    const intent = await (this._api as CheckoutApi).intent({
      device_id: deviceId(),
      signals: {
        ready_to_submit_ms: this._readyAt ? Math.round(performance.now() - this._readyAt) : null,
        attempts: attempt,
      },
    });
    if (generation !== this._generation) return;
    this._host._busyRetrying = false;
    if (!intent.ok) {
      const { failure, state } = attemptOutcome(intent, this._host._m);
      return this._fail(failure, state);
    }

    const poll = setInterval(() => void this._watchAuthentication(stripe), 400);
    const result = await stripe
      .confirmPayment({
        elements,
        clientSecret: this._clientSecret,
        redirect: 'if_required',
        confirmParams: { return_url: returnUrl(this._host.returnUrl, this._host.paymentRequest) },
      })
      .finally(() => clearInterval(poll));
    if (generation !== this._generation) return;
    if (result.error) return this._fail(stripeFailure(result.error, this._host._m.failed), 'declined');
    this._finish(
      result.paymentIntent.id,
      result.paymentIntent.status,
      result.paymentIntent.last_payment_error,
    );
  }

  /** After a decline: the same form, emptied and focused (a new load when the form is gone). */
  async _tryAgain(): Promise<void> {
    if (!this._element) return this._load();
    this._host._failure = null;
    this._element.clear();
    this._host._setState('ready', 'ready');
    await this._host.updateComplete;
    this._element?.focus();
  }

  /** Sends the host's theme and custom properties to Stripe's Appearance API, and its language to Elements. */
  _restyle = (): void => {
    this._elements?.update({ appearance: this._appearance(), locale: this._host._locale._tag as 'auto' });
  };

  /** Stripe's Appearance for the host: dark for `theme="dark"`, or `auto` in a dark colour scheme. */
  private _appearance(): Appearance {
    const theme = this._host.theme;
    return appearanceOf(this._host, theme === 'dark' || (theme === 'auto' && this._darkQuery.matches));
  }

  private _teardown(): void {
    this._element?.destroy();
    this._mount?.remove();
    this._element = this._elements = this._mount = null;
    this._attemptOpen = false;
  }

  /** Shows a state that ends loading and tells the page (`cargopay-error`); `message` when not the state's own. */
  private _loadError(
    state: LoadErrorState,
    kind: CargopayErrorKind,
    code: string,
    message?: MessageKey,
  ): void {
    // Each of these states has the message of the same name, except `paid`.
    const key = message ?? (state === 'paid' ? 'alreadyPaid' : state);
    this._host._loadKey = message ?? null;
    this._host._setState(state, key);
    this._error(kind, code, this._host._text(key));
  }

  /** Tells the page that the checkout could not load or continue (`cargopay-error`). */
  private _error(kind: CargopayErrorKind, code: string, message: string): void {
    emit(this._host, 'cargopay-error', {
      paymentRequest: this._host.paymentRequest,
      kind,
      code,
      declineCode: null,
      message,
    });
  }

  private _loadFailed(result: ApiFailure, base: string): void {
    const { state, kind, code, message } = loadOutcome(result, base, this._host.paymentRequest);
    this._loadError(state, kind, code, message);
  }

  /**
   * Ends the open attempt with `cargopay-failed` (at most once) and shows `state`; a failure that is not a
   * decline keeps the form (`ready`) when it is mounted. Focus moves to `focus`, else to the message.
   */
  private _fail(failure: CargopayFailure, state: CheckoutState, focus?: () => void): void {
    const declined =
      failure.kind === 'card-declined' || failure.kind === 'authentication-failed' || !this._element;
    const shown: CheckoutState = state === 'declined' && !declined ? 'ready' : state;
    this._host._failure = failure;
    this._host._setState(shown, () => failure.message);
    if (this._attemptOpen) {
      this._attemptOpen = false;
      emit(this._host, 'cargopay-failed', {
        ...failure,
        paymentRequest: this._host.paymentRequest,
        paymentIntent: this._paymentIntent || null,
      });
    }
    void this._host.updateComplete.then(focus ?? this._host._focusMessage);
  }

  /** Ends the open attempt from the PaymentIntent's final status. */
  private _finish(id: string, status: string, lastError?: StripeError | null): void {
    this._paymentIntent = id;
    if (SUCCESS.includes(status)) {
      this._host._receipt = { paymentIntent: id, status };
      // A manual-capture request: the card is only held now; the merchant charges the weighed price later.
      if (status === 'requires_capture') this._host._setState('authorized', 'authorized');
      else this._host._setState('succeeded', status === 'succeeded' ? status : 'pending');
      if (this._attemptOpen) {
        this._attemptOpen = false;
        emit(this._host, 'cargopay-succeeded', {
          paymentRequest: this._host.paymentRequest,
          paymentIntent: id,
          status,
        });
      }
      void this._host.updateComplete.then(this._host._focusMessage);
      return;
    }
    const failure = lastError
      ? stripeFailure(lastError, this._host._m.failed)
      : ({
          kind: status === 'canceled' ? 'canceled' : 'authentication-failed',
          code: status,
          declineCode: null,
          message: this._host._m.failed,
        } as const);
    this._fail(failure, 'declined');
  }

  /** While confirming: notices when Stripe.js opened a 3D Secure challenge, to say so and tell the page. */
  private async _watchAuthentication(stripe: Stripe): Promise<void> {
    if (this._host.state !== 'processing') return;
    const { paymentIntent } = await stripe.retrievePaymentIntent(this._clientSecret);
    if (paymentIntent?.status !== 'requires_action' || this._host.state !== 'processing') return;
    this._host._setState('authenticating', 'authenticating');
    emit(this._host, 'cargopay-requires-action', {
      paymentIntent: paymentIntent.id,
      action: paymentIntent.next_action?.type ?? 'use_stripe_sdk',
    });
  }
}
