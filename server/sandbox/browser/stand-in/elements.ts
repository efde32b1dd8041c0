/**
 * The Elements group of the stand-in Stripe.js: `stripe.elements({ clientSecret, appearance, locale, loader })`.
 * It creates the one Payment Element, passes locale and appearance on to it, and validates it on `submit()`.
 */
import type {
  Appearance,
  StripeError,
  StripeElements,
  StripeElementsOptionsClientSecret,
  StripeElementsUpdateOptions,
  StripePaymentElementOptions,
} from '@stripe/stripe-js';
import { IntegrationError } from './errors.ts';
import { PaymentElement } from './payment-element.ts';
import type { ElementHost } from './payment-element.ts';

/** What the group needs from its Stripe instance. */
export interface StripeHost {
  readonly sandboxOrigin: string;
  readonly publishableKey: string;
  readonly locale: string | undefined;
  retrieve(clientSecret: string): Promise<StripeError | null>;
}

/** The Elements group; the members it shares with Stripe.js's `StripeElements` are typed as Stripe's. */
export class ElementsGroup implements Pick<StripeElements, 'update' | 'submit' | 'fetchUpdates'> {
  readonly #stripe: StripeHost;
  #clientSecret: string | undefined;
  #appearance: Appearance;
  #locale: string;
  #payment: PaymentElement | null = null;

  constructor(stripe: StripeHost, options: Partial<StripeElementsOptionsClientSecret> | undefined) {
    this.#stripe = stripe;
    this.#clientSecret = options?.clientSecret;
    this.#appearance = options?.appearance ?? {};
    this.#locale = options?.locale ?? stripe.locale ?? 'auto';
  }

  /** The group's `locale` (`auto` unless the group or `Stripe()` was given one). */
  get locale(): string {
    return this.#locale;
  }

  /** The client secret the group was created (or updated) with. */
  get clientSecret(): string | undefined {
    return this.#clientSecret;
  }

  /** The Payment Element when it is mounted in the page, else `null`. */
  get mountedPaymentElement(): PaymentElement | null {
    return this.#payment?.mounted ? this.#payment : null;
  }

  create(type: string, options?: StripePaymentElementOptions): PaymentElement {
    if (type !== 'payment') {
      throw new IntegrationError(
        `The CargoPay sandbox's Stripe.js only provides the payment Element; "${type}" is not available offline.`,
      );
    }
    if (this.#payment) throw new IntegrationError('Can only create one Element of type payment.');
    if (!this.#clientSecret) {
      throw new IntegrationError(
        'In order to create a payment element, you must pass a valid PaymentIntent or SetupIntent client ' +
          'secret when creating the Elements group.\n\n  e.g. stripe.elements({clientSecret: "{{CLIENT_SECRET}}"})',
      );
    }
    const host: ElementHost = {
      sandboxOrigin: this.#stripe.sandboxOrigin,
      publishableKey: this.#stripe.publishableKey,
      locale: () => this.#locale,
      appearance: () => this.#appearance,
      verify: () => this.#stripe.retrieve(this.#clientSecret ?? ''),
      removed: (element) => {
        if (this.#payment === element) this.#payment = null;
      },
    };
    this.#payment = new PaymentElement(host, options);
    return this.#payment;
  }

  getElement(type: string): PaymentElement | null {
    return type === 'payment' ? this.#payment : null;
  }

  async update(options: StripeElementsUpdateOptions & { clientSecret?: string }): Promise<void> {
    if (options.locale) this.#locale = options.locale;
    if (options.appearance) this.#appearance = options.appearance;
    if (options.clientSecret) this.#clientSecret = options.clientSecret;
    this.#payment?.updateGroup(options.locale, options.appearance);
  }

  /** Validates the Payment Element, as `elements.submit()` does before a deferred confirmation. */
  async submit(): Promise<{ error?: StripeError }> {
    const element = this.mountedPaymentElement;
    if (!element) {
      throw new IntegrationError('elements.submit(): there is no mounted Payment Element to submit.');
    }
    const error = await element.validate();
    return error ? { error } : {};
  }

  async fetchUpdates(): Promise<{ error?: { message: string; status?: string } }> {
    if (!this.#clientSecret) return {};
    const error = await this.#stripe.retrieve(this.#clientSecret);
    return error ? { error: { message: error.message ?? 'The PaymentIntent could not be retrieved.' } } : {};
  }
}
