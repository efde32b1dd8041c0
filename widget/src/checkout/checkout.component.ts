import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CheckoutSummary, VatCheckResponse } from '../../../server/src/contract/http.ts';
import type { CargopayFailure } from '../events/failure.ts';
import { VatField, type VatMode } from '../vat/vat-field.ts';
import { format, type MessageKey, type Messages } from '../locales/localize.ts';
import { loadVat } from '../shared/chunks.ts';
import { checkoutStyles } from './checkout.styles.ts';
import { watchCsp } from './csp.ts';
import { PAYMENT_SLOT } from './mount-point.ts';
import { LocaleController } from './locale-controller.ts';
import { PaymentController } from './payment-controller.ts';

/** What the widget is showing; reflected as the `state` attribute. */
export type CheckoutState =
  | 'loading'
  | 'busy'
  | 'ready'
  | 'processing'
  | 'authenticating'
  | 'succeeded'
  | 'authorized'
  | 'declined'
  | 'paid'
  | 'canceled'
  | 'expired'
  | 'unreachable'
  | 'blocked'
  | 'refused'
  | 'misconfigured';

const SKELETON = html`<div part="skeleton" aria-hidden="true"><i></i><i></i><i></i></div>`;

/**
 * A checkout for one CargoPay payment request: shows what is being paid, hosts Stripe's Payment Element and
 * takes the buyer through 3D Secure to a receipt.
 *
 * For a manual-capture request (summary `capture: "manual"`: freight is priced once weighed), the buyer is told
 * before paying, in words that are part of the form's accessible description and announced with "ready", that
 * the card is authorized (held) for the quoted amount now and charged the final price after the shipment is
 * weighed and measured, and "at most" the merchant's stated maximum when `max_final_amount` is set. Paying ends
 * in state `authorized` ("Your card is authorized for €120.00; you will be charged the final price after
 * weighing"); a request already authorized shows that state on load.
 *
 * The Payment Element starts with the billing country the page's language names (`de-AT` → AT), else the home of
 * the widget's language (`en` → GB), never the browser's `en-US`. A field's error shows once, at the field; after
 * a failed submit focus goes to the first invalid field (the VAT number, else the Payment Element's).
 *
 * @summary Embeddable, accessible, localized checkout for a shipment, wrapping Stripe's Payment Element.
 *
 * @event {CargopayReadyEvent} cargopay-ready - The payment form is ready; `detail`: `paymentRequest`, `paymentIntent`.
 * @event {CargopayChangeEvent} cargopay-change - The Payment Element or the VAT number changed; `detail`: `source`, `complete`, `empty`, `paymentMethodType`.
 * @event {CargopayFocusEvent} cargopay-focus - The Payment Element gained focus.
 * @event {CargopayFocusEvent} cargopay-blur - The Payment Element lost focus.
 * @event {CargopaySubmitEvent} cargopay-submit - A payment attempt starts; `detail`: `paymentRequest`, `attempt`.
 * @event {CargopayRequiresActionEvent} cargopay-requires-action - The bank asks for 3D Secure; `detail`: `paymentIntent`, `action`.
 * @event {CargopaySucceededEvent} cargopay-succeeded - Terminal: paid, or for manual capture the card authorized (`status` `requires_capture`, state `authorized`); `detail`: `paymentRequest`, `paymentIntent`, `status`.
 * @event {CargopayFailedEvent} cargopay-failed - Terminal: the attempt failed; `detail`: `kind`, `code`, `declineCode`, `message`, `paymentIntent`.
 * @event {CargopayErrorEvent} cargopay-error - The checkout could not load or continue outside an attempt (including a request already paid, `payment-request-paid`, or already authorized, `payment-request-authorized`, and one refused by the merchant's risk rules at load: state `refused`, `kind` `refused`, `code` `blocked-by-risk`); `detail`: `kind`, `code`, `message`.
 * @event {CargopayBusyEvent} cargopay-busy - Stripe is too busy to take the payment right now (its rate limits) and the widget asks again by itself after the server's `Retry-After`, showing "busy, retrying" (state `busy` while loading); after the last retry the buyer is asked to try again (`cargopay-error` or `cargopay-failed` with code `stripe-busy`). `detail`: `paymentRequest`, `retryInMs`, `retry`.
 *
 * @slot cargopay-payment - Filled by the widget itself with the light-DOM node Stripe's Payment Element mounts into. Do not use.
 *
 * @csspart base - The widget's frame.
 * @csspart summary - The list with merchant, shipment reference, description, carrier and total.
 * @csspart skeleton - The placeholder shown while loading.
 * @csspart hold - Manual capture, before paying: the notice that the card is only authorized (held) now and charged the final price after weighing.
 * @csspart payment - The area around the Payment Element.
 * @csspart vat - The VAT number field and its message.
 * @csspart button - The pay button and the widget's other buttons.
 * @csspart message - The heading of a final or error state (`refused` included), or an error above the pay button that belongs to no field.
 * @csspart receipt - The receipt shown after payment, and the `authorized` end state.
 *
 * @cssproperty --cargopay-accent - Buttons, focus rings, Stripe's `colorPrimary`.
 * @cssproperty --cargopay-accent-text - Text on the accent colour.
 * @cssproperty --cargopay-background - Background; Stripe's `colorBackground`.
 * @cssproperty --cargopay-text - Text; Stripe's `colorText`.
 * @cssproperty --cargopay-muted - Secondary text.
 * @cssproperty --cargopay-border - Borders and the loading skeleton.
 * @cssproperty --cargopay-danger - Errors; Stripe's `colorDanger`.
 * @cssproperty --cargopay-success - Confirmations.
 * @cssproperty --cargopay-radius - Corner radius; Stripe's `borderRadius`.
 * @cssproperty --cargopay-spacing - Base spacing unit; Stripe's `spacingUnit`.
 * @cssproperty --cargopay-font-family - Font; Stripe's `fontFamily`.
 */
export class CargopayCheckout extends LitElement {
  static override styles = checkoutStyles;

  static override properties = {
    paymentRequest: { attribute: 'payment-request', reflect: true },
    apiBase: { attribute: 'api-base' },
    publishableKey: { attribute: 'publishable-key' },
    locale: {},
    theme: { reflect: true },
    returnUrl: { attribute: 'return-url' },
    collectVat: { attribute: 'collect-vat', reflect: true },
    state: { reflect: true },
    ready: { type: Boolean, reflect: true },
    complete: { type: Boolean, reflect: true },
    processing: { type: Boolean, reflect: true },
    paid: { type: Boolean, reflect: true },
    _summary: { state: true },
    _status: { state: true },
    _failure: { state: true },
    _receipt: { state: true },
    _busyRetrying: { state: true },
  };

  /**
   * Delays (ms) between retries when the CargoPay server cannot be reached; one retry per entry, then the
   * `unreachable` state with a retry button.
   */
  static retryDelays: readonly number[] = [500, 1000, 2000];

  /** The payment request to pay (`pr_…`). Required. */
  declare paymentRequest: string;
  /** Base URL of the CargoPay API; defaults to the origin the widget's script was loaded from. */
  declare apiBase: string;
  /** Stripe publishable key (`pk_…`); defaults to the one the server gives for this payment request. */
  declare publishableKey: string;
  /** BCP 47 language tag; defaults to the nearest `lang` attribute, then the browser's language. */
  declare locale: string;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Where redirect-based payment methods return to; defaults to this page. */
  declare returnUrl: string;
  /** `off`, `optional` or `required`: whether to ask business buyers for a VAT number, checked with VIES. */
  declare collectVat: VatMode;
  /** Read-only. The state shown: `loading`, `busy` (Stripe is busy; retrying by itself), `ready`, `processing`, `authenticating`, `succeeded`, `authorized` (manual capture: the card is held; the merchant charges the final price after weighing), `declined`, `paid`, `canceled`, `expired`, `unreachable`, `blocked` (the card form could not load), `refused` (the merchant's risk rules refused this checkout at load) or `misconfigured`. */
  declare state: CheckoutState;
  /** Read-only. The payment form can be filled in and submitted. */
  declare ready: boolean;
  /** Read-only. Everything needed to pay is filled in. */
  declare complete: boolean;
  /** Read-only. A payment attempt is in progress (including 3D Secure). */
  declare processing: boolean;
  /** Read-only. The payment request is paid (now or before); not while the card is only authorized. */
  declare paid: boolean;

  // The summary, failure, receipt and busy flag start undefined (read as "none yet"); each load resets them.
  // The payment controller sets them; they are not private for that reason only (`_`: not public API).
  declare _summary?: CheckoutSummary | null;
  /** What the live region says, worked out at each render, so that it follows a live `locale` change. */
  declare _status: () => string;
  declare _failure?: CargopayFailure | null;
  declare _receipt?: { paymentIntent: string; status: string } | null;
  /** Stripe is busy and the widget is waiting to ask again (shown during a payment attempt). */
  declare _busyRetrying?: boolean;
  /** The message of a load error when it is not its state's usual one (e.g. Stripe stayed busy). */
  declare _loadKey?: MessageKey | null;
  readonly _vat = new VatField(this);
  readonly _locale = new LocaleController(this);
  private readonly _pay = new PaymentController(this);

  /** The active locale's messages; only read once they are loaded (nothing but the skeleton renders before). */
  get _m(): Messages {
    return this._locale._messages as Messages;
  }

  constructor() {
    super();
    this.paymentRequest = '';
    this.apiBase = '';
    this.publishableKey = '';
    this.locale = '';
    this.theme = 'auto';
    this.returnUrl = '';
    this.collectVat = 'off';
    this.state = 'loading';
    this.ready = this.complete = this.processing = this.paid = false;
    this._status = () => '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchCsp();
    void this._pay._load();
  }

  /** Starts a payment attempt, as the pay button does. Does nothing unless the form is ready. */
  submit(): Promise<void> {
    return this._pay._submit();
  }

  /** Clears any outcome or error and loads the checkout again from the server. */
  reset(): Promise<void> {
    return this._pay._load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    // A `locale` change alone is the locale controller's.
    if (changed.has('paymentRequest') || changed.has('apiBase') || changed.has('publishableKey'))
      void this._pay._load();
  }

  /** For the VAT field (internal): the server's VIES check; `'invalid'` when it refused the number, `null` for no answer. */
  _vatLookup(vat: string): Promise<VatCheckResponse | 'invalid' | null> | null {
    return (
      this._pay._api
        ?.vat(vat)
        .then((r) =>
          r.ok ? r.data : !r.network && (r.slug === 'vat-invalid' || r.status === 422) ? 'invalid' : null,
        ) ?? null
    );
  }

  /** For the VAT field (internal): whether VIES being unavailable still allows payment. */
  _vatUnavailable(): boolean {
    return !!this._summary?.vat_unavailable_allows_payment;
  }

  /** For the VAT field (internal): its value changed, or VIES answered (announced). */
  _vatChanged(empty: boolean, answered?: boolean): void {
    // The answer as given: the live region must not follow the field's message while the buyer types on.
    const said = this._vat._message(this._m)[0];
    if (answered) this._status = () => said;
    this._pay._changed('vat', empty);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('collectVat') && this.hasUpdated && this._vat._wanted && !this._vat._loaded)
      void loadVat().then((m) => (this._vat._checker = m.checkVatNumber));
    // The theme, custom properties and language reach Stripe's Elements through the payment controller.
    if (changed.has('theme') || changed.has('locale')) this._pay._restyle();
  }

  /** For the payment controller (internal): shows `state` and, when `say` is given, announces it: a message key, or the text to say (`''`: nothing). */
  _setState(state: CheckoutState, say?: MessageKey | '' | (() => string)): void {
    if (state !== 'processing') this._busyRetrying = false;
    this.state = state;
    this.ready = state === 'ready';
    this.processing = state === 'processing' || state === 'authenticating';
    this.paid = state === 'paid' || (state === 'succeeded' && this._receipt?.status === 'succeeded');
    if (say !== undefined)
      this._status =
        typeof say === 'function' ? say : () => (say && this._locale._messages ? this._text(say) : '');
  }

  /** For the payment controller (internal): moves focus to the shown message. */
  _focusMessage = (): void => {
    this.renderRoot.querySelector<HTMLElement>('[part~=message]')?.focus();
  };

  /**
   * The message `key`, filled in. For a manual-capture request with a stated maximum, `hold` and `authorized`
   * become their `…Max` variants, which also name the maximum.
   */
  _text(key: MessageKey): string {
    const s = this._summary;
    const max = s?.max_final_amount;
    if (max && (key === 'hold' || key === 'authorized')) key = `${key}Max`;
    return format(this._m, key, {
      amount: s ? this._locale._amount(s) : '',
      max: max ? this._locale._amount(s, max) : '',
      merchant: s?.merchant.name ?? '',
      reference: s?.reference ?? '',
    });
  }

  // Rendering -------------------------------------------------------------------------------------------------

  override render(): TemplateResult {
    const state = this.state;
    if (!this._locale._messages) return SKELETON;
    const form = state === 'ready' || state === 'processing' || state === 'authenticating';
    // Manual capture, before the buyer pays: the card is only held now; said in words and part of the form's
    // accessible description (and announced with "ready").
    const hold = this._summary?.capture === 'manual' && (form || state === 'loading' || state === 'declined');
    // The payment area stays laid out while loading, so Stripe's frame gets its width before it is ready.
    return html`<section
      part="base"
      aria-busy=${state === 'loading' || state === 'busy'}
      aria-label=${this._summary?.merchant.name ?? 'CargoPay'}
      aria-describedby=${hold ? 'hold' : nothing}
    >
      <div class="sr-only" role="status">${this._status()}</div>
      ${state === 'loading' ? SKELETON : nothing}
      ${this._summary && state !== 'misconfigured' ? this._renderSummary(this._summary) : nothing}
      ${hold ? html`<p id="hold" part="hold">${this._text('hold')}</p>` : nothing}
      ${form ? this._vat._render(this._m, this.state !== 'ready') : nothing}
      <div part="payment" ?hidden=${!form && state !== 'loading'}><slot name=${PAYMENT_SLOT}></slot></div>
      ${this._renderOutcome(hold)}
    </section>`;
  }

  private _renderSummary(s: CheckoutSummary): TemplateResult {
    const m = this._m;
    return html`<dl part="summary">
      <dt>${m.merchant}</dt>
      <dd>${s.merchant.name}</dd>
      <dt>${m.reference}</dt>
      <dd>${s.reference}<br /><span class="hint">${s.description}</span></dd>
      ${
        s.carrier
          ? html`<dt>${m.carrier}</dt>
              <dd>${s.carrier}</dd>`
          : nothing
      }
      <dt>${m.total}</dt>
      <dd class="amount">${this._locale._amount(s)}</dd>
    </dl>`;
  }

  /** `hold`: the manual-capture notice is shown, and describes the pay button too. */
  private _renderOutcome(hold: boolean): TemplateResult | typeof nothing {
    const m = this._m;
    const heading = (text: string) => html`<h2 part="message" tabindex="-1">${text}</h2>`;
    switch (this.state) {
      case 'ready':
      case 'processing':
      case 'authenticating': {
        const busy = this.state !== 'ready';
        // A field's error is shown at the field only (the Payment Element's, the VAT number's), not again here.
        const error = this._failure?.kind === 'validation' ? null : this._failure;
        return html`${error ? html`<p class="error" part="message" tabindex="-1">${error.message}</p>` : nothing}
          ${this.state === 'authenticating' ? html`<p>${m.authenticating}</p>` : nothing}
          ${this._busyRetrying ? html`<p class="hint">${m.busy}</p>` : nothing}
          <button
            part="button"
            type="button"
            aria-disabled=${busy}
            aria-describedby=${hold ? 'hold' : nothing}
            @click=${() => this.submit()}
          >
            ${busy ? html`<span class="spinner" aria-hidden="true"></span>${m.processing}` : this._text('pay')}
          </button>`;
      }
      case 'declined':
        return html`${heading(this._failure?.kind === 'authentication-failed' ? m.authFailed : m.declined)}
          <p class="error">${this._failure?.message}</p>
          <button part="button" type="button" @click=${() => this._pay._tryAgain()}>${m.tryAgain}</button>`;
      case 'authorized':
      case 'succeeded': {
        // `authorized` on load (held earlier) has no receipt: the payment id is shown only after paying here.
        const r = this._receipt;
        return html`<div part="receipt">
          ${heading(
            this.state === 'authorized'
              ? this._text('authorized')
              : r?.status === 'succeeded'
                ? m.succeeded
                : this._text('pending'),
          )}
          ${r?.status === 'succeeded' ? html`<p class="ok">${this._text('receipt')}</p>` : nothing}
          ${
            r
              ? html`<dl>
                  <dt>${m.paymentId}</dt>
                  <dd>${r.paymentIntent}</dd>
                </dl>`
              : nothing
          }
        </div>`;
      }
      case 'busy':
        return html`<p part="message" class="busy">
          <span class="spinner" aria-hidden="true"></span>${m.busy}
        </p>`;
      case 'paid':
        return heading(m.alreadyPaid);
      case 'canceled':
      case 'expired':
        return html`${heading(m[this.state])}
          <p>${m.unavailableHelp}</p>`;
      case 'unreachable':
      case 'blocked':
        return html`${heading(m[this._loadKey ?? this.state])}<button
            part="button"
            type="button"
            @click=${() => this.reset()}
          >
            ${m.retry}
          </button>`;
      case 'refused':
      case 'misconfigured':
        return heading(this._text(this.state));
      default:
        return nothing;
    }
  }
}
