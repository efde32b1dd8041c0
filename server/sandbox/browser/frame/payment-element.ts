/**
 * The Payment Element frame, on the sandbox's origin. It owns the card fields: digits typed here never leave
 * this frame except in its own same-origin `POST /v1/payment_methods`; the merchant page only ever receives
 * the resulting `pm_…` id, plus `ready`, `change`, `focus`, `blur` and size messages without card data.
 */
import { apiRequest } from '../shared/api.ts';
import { envelope, openEnvelope } from '../shared/protocol.ts';
import type {
  BillingDetailsInput,
  FieldError,
  FrameConfig,
  FrameToPage,
  PageToFrame,
} from '../shared/protocol.ts';
import { applyAppearance } from './appearance.ts';
import {
  cvcLength,
  digitsOf,
  formatExpiry,
  formatNumber,
  luhnValid,
  maxNumberLength,
  needsPostalCode,
  parseExpiry,
  validateAll,
  validateField,
  brandOf,
} from './card.ts';
import type { CardFields } from './card.ts';
import { messagesFor, resolveLocale } from './locales.ts';
import type { Messages } from './locales.ts';

/** Countries offered in the country list (the EU, the rest of Europe and the larger card markets). */
const COUNTRIES = [
  'AT',
  'AU',
  'BE',
  'BG',
  'BR',
  'CA',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'JP',
  'LI',
  'LT',
  'LU',
  'LV',
  'MT',
  'MX',
  'NL',
  'NO',
  'NZ',
  'PL',
  'PT',
  'RO',
  'SE',
  'SG',
  'SI',
  'SK',
  'US',
];

type Field = FieldError['field'];

function readConfig(): FrameConfig | null {
  try {
    const config = JSON.parse(decodeURIComponent(location.hash.slice(1))) as FrameConfig;
    const origin = new URL(config.parentOrigin).origin;
    if (origin !== config.parentOrigin || typeof config.elementId !== 'string') return null;
    return config;
  } catch {
    return null;
  }
}

function defaultCountry(config: FrameConfig): string {
  const wanted = config.options.defaultCountry?.toUpperCase();
  if (wanted && COUNTRIES.includes(wanted)) return wanted;
  for (const tag of navigator.languages) {
    const region = tag.split('-')[1]?.toUpperCase();
    if (region && COUNTRIES.includes(region)) return region;
  }
  return config.locale === 'es' ? 'ES' : 'US';
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  return node;
}

/**
 * Replaces a field's value with its formatted form, keeping the caret after the same number of digits, so
 * that editing in the middle of a card number does not throw the caret to the end.
 */
function reformat(input: HTMLInputElement, formatted: string): void {
  if (input.value === formatted) return;
  const caret = input.selectionStart ?? input.value.length;
  const digitsBefore = digitsOf(input.value.slice(0, caret)).length;
  const atEnd = caret >= input.value.length;
  input.value = formatted;
  if (atEnd) return;
  let position = 0;
  for (let seen = 0; position < formatted.length && seen < digitsBefore; position++) {
    if (/\d/.test(formatted[position] ?? '')) seen++;
  }
  input.setSelectionRange(position, position);
}

class PaymentElementFrame {
  readonly #config: FrameConfig;
  #locale: string;
  #messages: Messages;
  readonly #form: HTMLFormElement;
  readonly #inputs: Record<Field, HTMLInputElement | HTMLSelectElement>;
  readonly #labels = new Map<Field, HTMLLabelElement>();
  readonly #errors = new Map<Field, HTMLElement>();
  readonly #rows = new Map<Field, HTMLElement>();
  /** Errors on display, per field; a field shows its error once the buyer has left it or submitted. */
  readonly #shown = new Map<Field, FieldError>();
  readonly #touched = new Set<Field>();
  #hasFocus = false;
  /** The last `change` posted; a change is posted only when `complete`, `empty` or the country moves. */
  #lastChange: { complete: boolean; empty: boolean; country: string | null } | null = null;

  constructor(config: FrameConfig, form: HTMLFormElement) {
    this.#config = config;
    this.#locale = resolveLocale(config.locale, navigator.languages);
    this.#messages = messagesFor(this.#locale);
    this.#form = form;
    this.#inputs = {
      number: element('input', {
        id: 'number',
        type: 'text',
        inputmode: 'numeric',
        autocomplete: 'cc-number',
        spellcheck: 'false',
      }),
      expiry: element('input', { id: 'expiry', type: 'text', inputmode: 'numeric', autocomplete: 'cc-exp' }),
      cvc: element('input', { id: 'cvc', type: 'text', inputmode: 'numeric', autocomplete: 'cc-csc' }),
      country: element('select', { id: 'country', autocomplete: 'country' }),
      postalCode: element('input', { id: 'postalCode', type: 'text', autocomplete: 'postal-code' }),
    };
    this.#build();
    this.#applyTexts();
    this.#applyOptions();
    applyAppearance(document.documentElement, config.appearance);
  }

  #build(): void {
    const grid = element('div', { class: 'grid' });
    const row = (field: Field, wide: boolean): void => {
      const wrapper = element('div', { class: wide ? 'field wide' : 'field', 'data-field': field });
      const label = element('label', { for: field });
      const error = element('p', { class: 'error', id: `${field}-error`, role: 'alert' });
      const input = this.#inputs[field];
      input.setAttribute('aria-describedby', `${field}-error`);
      input.setAttribute('aria-invalid', 'false');
      wrapper.append(label, input, error);
      this.#labels.set(field, label);
      this.#errors.set(field, error);
      this.#rows.set(field, wrapper);
      grid.append(wrapper);
    };
    row('number', true);
    row('expiry', false);
    row('cvc', false);
    row('country', false);
    row('postalCode', false);
    this.#form.append(grid);

    for (const [field, input] of Object.entries(this.#inputs) as [Field, HTMLInputElement][]) {
      input.addEventListener('input', () => this.#onInput(field, true));
      // Autofill and the country list may only fire `change`; it never moves the caret on.
      input.addEventListener('change', () => this.#onInput(field, false));
      input.addEventListener('blur', () => this.#onLeave(field));
    }
    this.#form.addEventListener('submit', (event) => event.preventDefault());
    document.addEventListener('focusin', () => {
      if (!this.#hasFocus) {
        this.#hasFocus = true;
        this.#post({ type: 'focus' });
      }
    });
    document.addEventListener('focusout', () => {
      // Focus moving between the frame's own fields is not a blur of the element; wait for it to land.
      setTimeout(() => {
        const inside = document.hasFocus() && this.#form.contains(document.activeElement);
        if (!inside && this.#hasFocus) {
          this.#hasFocus = false;
          this.#post({ type: 'blur' });
        }
      });
    });
    new ResizeObserver(() => this.#post({ type: 'resize', height: this.#form.offsetHeight })).observe(
      this.#form,
    );
  }

  /** Labels, placeholders and the country names in the current locale. */
  #applyTexts(): void {
    const m = this.#messages;
    document.documentElement.lang = this.#locale;
    const select = this.#inputs.country as HTMLSelectElement;
    const selected = select.value;
    const names = new Intl.DisplayNames([this.#locale], { type: 'region' });
    const options = COUNTRIES.map((code) => {
      const option = element('option', { value: code });
      option.textContent = names.of(code) ?? code;
      return option;
    }).sort((a, b) => (a.textContent ?? '').localeCompare(b.textContent ?? '', this.#locale));
    select.replaceChildren(...options);
    select.value = selected || defaultCountry(this.#config);
    const labels: Record<Field, string> = {
      number: m.cardNumber,
      expiry: m.expiry,
      cvc: m.cvc,
      country: m.country,
      postalCode: this.#fields().country === 'US' ? m.zip : m.postalCode,
    };
    for (const [field, text] of Object.entries(labels) as [Field, string][]) {
      const label = this.#labels.get(field);
      if (label) label.textContent = text;
    }
    this.#input('number').placeholder = m.numberPlaceholder;
    this.#input('expiry').placeholder = m.expiryPlaceholder;
    this.#input('cvc').placeholder = m.cvcPlaceholder;
    for (const [field, error] of this.#shown)
      this.#shown.set(field, { ...error, message: m[error.code as keyof Messages] ?? error.message });
    this.#renderErrors();
  }

  #applyOptions(): void {
    const { countryField, readOnly } = this.#config.options;
    this.#rows.get('country')?.toggleAttribute('hidden', countryField === 'never');
    this.#rows.get('postalCode')?.toggleAttribute('hidden', !this.#postalCodeShown());
    for (const input of Object.values(this.#inputs)) input.disabled = readOnly;
  }

  #postalCodeShown(): boolean {
    return this.#config.options.postalCodeField !== 'never' && needsPostalCode(this.#fields().country);
  }

  #input(field: 'number' | 'expiry' | 'cvc' | 'postalCode'): HTMLInputElement {
    return this.#inputs[field] as HTMLInputElement;
  }

  #fields(): CardFields {
    return {
      number: this.#inputs.number.value,
      expiry: this.#inputs.expiry.value,
      cvc: this.#inputs.cvc.value,
      country: this.#inputs.country.value,
      postalCode: this.#inputs.postalCode.value,
    };
  }

  #onInput(field: Field, typed: boolean): void {
    const number = this.#input('number');
    if (field === 'number') {
      const digits = digitsOf(number.value).slice(0, 19);
      reformat(number, formatNumber(digits.slice(0, maxNumberLength(digits))));
      number.dataset.brand = brandOf(digits);
    } else if (field === 'expiry') {
      const expiry = this.#input('expiry');
      reformat(expiry, formatExpiry(expiry.value));
    } else if (field === 'cvc') {
      const cvc = this.#input('cvc');
      cvc.value = digitsOf(cvc.value).slice(0, cvcLength(digitsOf(number.value)));
    } else if (field === 'country') {
      this.#applyTexts();
      this.#applyOptions();
    }
    this.#check(field, this.#touched.has(field));
    if (typed) this.#advance(field);
    this.#emitChange();
  }

  /** Moves the caret on to the next field once one is complete and valid, as the Payment Element does. */
  #advance(field: Field): void {
    const fields = this.#fields();
    const digits = digitsOf(fields.number);
    if (field === 'number' && digits.length === maxNumberLength(digits) && luhnValid(digits)) {
      this.#input('expiry').focus();
    } else if (field === 'expiry' && parseExpiry(fields.expiry) && !this.#shown.has('expiry')) {
      this.#input('cvc').focus();
    }
  }

  #onLeave(field: Field): void {
    const empty = this.#inputs[field].value === '';
    if (!empty) this.#touched.add(field);
    this.#check(field, !empty);
  }

  #check(field: Field, final: boolean): void {
    const problem = validateField(
      field,
      this.#fields(),
      this.#messages,
      final,
      new Date(),
      this.#postalCodeShown(),
    );
    if (problem) this.#shown.set(field, problem);
    else this.#shown.delete(field);
    this.#renderErrors();
  }

  #renderErrors(): void {
    for (const [field, node] of this.#errors) {
      const problem = this.#shown.get(field);
      node.textContent = problem?.message ?? '';
      this.#inputs[field].setAttribute('aria-invalid', problem ? 'true' : 'false');
      this.#rows.get(field)?.classList.toggle('invalid', Boolean(problem));
    }
  }

  #emitChange(): void {
    const fields = this.#fields();
    const empty = !fields.number && !fields.expiry && !fields.cvc && !fields.postalCode;
    const complete = validateAll(fields, this.#messages, new Date(), this.#postalCodeShown()) === null;
    const country = fields.country || null;
    const last = this.#lastChange;
    if (last && last.complete === complete && last.empty === empty && last.country === country) return;
    this.#lastChange = { complete, empty, country };
    this.#post({ type: 'change', complete, empty, country });
  }

  /** Validates everything as on submit and shows every field's error. */
  /** Shows every field's error and, as Stripe's Payment Element does, focuses the first invalid field. */
  #submit(): FieldError | null {
    let first: FieldError | null = null;
    for (const field of Object.keys(this.#inputs) as Field[]) {
      this.#touched.add(field);
      this.#check(field, true);
      first ??= this.#shown.get(field) ?? null;
    }
    if (first) (this.#inputs[first.field] as HTMLElement).focus();
    return first;
  }

  async #createPaymentMethod(requestId: string, billing: BillingDetailsInput | null): Promise<void> {
    const problem = this.#submit();
    if (problem) {
      this.#post({
        type: 'payment-method-result',
        requestId,
        paymentMethod: null,
        error: { type: 'validation_error', code: problem.code, message: problem.message },
      });
      return;
    }
    const fields = this.#fields();
    const expiry = parseExpiry(fields.expiry);
    const address = { ...(billing?.address ?? {}) };
    if (this.#config.options.countryField !== 'never') address.country = fields.country;
    if (this.#postalCodeShown()) address.postal_code = fields.postalCode.trim();
    const result = await apiRequest<{ id: string }>(
      location.origin,
      this.#config.publishableKey,
      'POST',
      '/v1/payment_methods',
      {
        type: 'card',
        card: {
          number: digitsOf(fields.number),
          exp_month: expiry?.month,
          exp_year: expiry?.year,
          cvc: digitsOf(fields.cvc),
        },
        billing_details: { ...billing, address },
      },
    );
    this.#post(
      result.ok
        ? { type: 'payment-method-result', requestId, paymentMethod: result.body.id, error: null }
        : { type: 'payment-method-result', requestId, paymentMethod: null, error: result.error },
    );
  }

  handle(message: PageToFrame): void {
    switch (message.type) {
      case 'update': {
        if (message.locale) {
          this.#locale = resolveLocale(message.locale, navigator.languages);
          this.#messages = messagesFor(this.#locale);
        }
        if (message.appearance) applyAppearance(document.documentElement, message.appearance);
        if (message.options) Object.assign(this.#config.options, message.options);
        this.#applyTexts();
        this.#applyOptions();
        this.#emitChange();
        break;
      }
      case 'focus':
        this.#input('number').focus();
        break;
      case 'blur':
        (document.activeElement as HTMLElement | null)?.blur();
        break;
      case 'clear':
        for (const field of ['number', 'expiry', 'cvc', 'postalCode'] as const) this.#input(field).value = '';
        this.#shown.clear();
        this.#touched.clear();
        this.#renderErrors();
        this.#emitChange();
        break;
      case 'submit':
        this.#post({ type: 'submit-result', requestId: message.requestId, error: this.#submit() });
        break;
      case 'create-payment-method':
        void this.#createPaymentMethod(message.requestId, message.billingDetails);
        break;
    }
  }

  #post(message: FrameToPage): void {
    window.parent.postMessage(envelope(this.#config.elementId, message), this.#config.parentOrigin);
  }

  start(): void {
    this.#post({ type: 'ready' });
    this.#lastChange = null;
    this.#emitChange();
  }
}

function main(): void {
  const form = document.getElementById('payment-form') as HTMLFormElement | null;
  const config = readConfig();
  if (!form || !config || window.parent === window) {
    document.body.textContent = 'This page is the sandbox Payment Element; it only works inside Stripe.js.';
    return;
  }
  const frame = new PaymentElementFrame(config, form);
  window.addEventListener('message', (event) => {
    if (event.origin !== config.parentOrigin || event.source !== window.parent) return;
    const message = openEnvelope<PageToFrame>(event.data, config.elementId);
    if (message) frame.handle(message);
  });
  frame.start();
}

main();
