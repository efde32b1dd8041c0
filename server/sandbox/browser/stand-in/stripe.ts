/**
 * One stand-in Stripe instance, `Stripe(publishableKey, options)`: Elements, `confirmPayment`,
 * `retrievePaymentIntent` and `handleNextAction` against the sandbox's `/v1` API, authenticated with the
 * publishable key and the PaymentIntent's client secret, as Stripe.js calls Stripe's API.
 */
import type {
  ConfirmPaymentData,
  PaymentIntent,
  PaymentIntentResult,
  Stripe,
  StripeConstructorOptions,
  StripeElements,
  StripeElementsOptionsClientSecret,
  StripeError,
} from '@stripe/stripe-js';
import { apiRequest } from '../shared/api.ts';
import type { Params } from '../shared/api.ts';
import { runChallenge } from './challenge-modal.ts';
import { ElementsGroup } from './elements.ts';
import { localizeError } from './error-messages.ts';
import { IntegrationError } from './errors.ts';

const CLIENT_SECRET = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;

/** Stripe's message when 3D Secure authentication failed or was abandoned. */
const AUTHENTICATION_FAILURE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

/** What `confirmPayment` accepts, across the overloads of `Stripe['confirmPayment']`. */
export interface ConfirmPaymentOptions {
  elements?: StripeElements;
  clientSecret?: string;
  confirmParams?: Partial<ConfirmPaymentData>;
  redirect?: 'always' | 'if_required';
}

function intentId(clientSecret: unknown, method: string): string {
  const match = typeof clientSecret === 'string' ? CLIENT_SECRET.exec(clientSecret) : null;
  if (!match?.[1]) {
    throw new IntegrationError(
      `Invalid value for ${method}: clientSecret should be a client secret of the form ` +
        `\${id}_secret_\${secret}. You specified: ${String(clientSecret)}.`,
    );
  }
  return match[1];
}

/** The stand-in Stripe instance; the members it shares with Stripe.js's `Stripe` are typed as Stripe's. */
export class StandInStripe implements Pick<Stripe, 'retrievePaymentIntent'> {
  readonly sandboxOrigin: string;
  readonly publishableKey: string;
  readonly locale: string | undefined;

  constructor(sandboxOrigin: string, publishableKey: string, options: StripeConstructorOptions | undefined) {
    this.sandboxOrigin = sandboxOrigin;
    this.publishableKey = publishableKey;
    this.locale = options?.locale;
  }

  elements(options?: Partial<StripeElementsOptionsClientSecret>): ElementsGroup {
    return new ElementsGroup(
      {
        sandboxOrigin: this.sandboxOrigin,
        publishableKey: this.publishableKey,
        locale: this.locale,
        retrieve: async (clientSecret) => (await this.retrievePaymentIntent(clientSecret)).error ?? null,
      },
      options,
    );
  }

  async retrievePaymentIntent(clientSecret: string): Promise<PaymentIntentResult> {
    const id = intentId(clientSecret, 'retrievePaymentIntent');
    const result = await this.#api<PaymentIntent>('GET', `/v1/payment_intents/${id}`, {
      client_secret: clientSecret,
    });
    return result.ok ? { paymentIntent: result.body } : { error: result.error };
  }

  async confirmPayment(options: ConfirmPaymentOptions): Promise<PaymentIntentResult> {
    const result = await this.#confirm(options);
    const locale = options?.elements instanceof ElementsGroup ? options.elements.locale : this.locale;
    return result.error ? { error: localizeError(result.error, locale) } : result;
  }

  async #confirm(options: ConfirmPaymentOptions): Promise<PaymentIntentResult> {
    const { elements, confirmParams = {}, redirect = 'always' } = options ?? {};
    if (elements !== undefined && !(elements instanceof ElementsGroup)) {
      throw new IntegrationError('Invalid value for confirmPayment(): elements should be an Elements group.');
    }
    const element = elements?.mountedPaymentElement ?? null;
    if (elements && !element) {
      throw new IntegrationError(
        'Invalid value for confirmPayment(): elements should have a mounted Payment Element or Express Checkout Element.',
      );
    }
    const clientSecret = options?.clientSecret ?? elements?.clientSecret;
    if (!elements && !clientSecret) {
      throw new IntegrationError(
        'Invalid value for confirmPayment(): either elements or clientSecret is required.',
      );
    }
    const id = intentId(clientSecret, 'confirmPayment()');
    if (redirect !== 'if_required' && !confirmParams.return_url) {
      throw new IntegrationError(
        "stripe.confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: 'if_required'`",
      );
    }

    let paymentMethod = confirmParams.payment_method;
    if (element) {
      const created = await element.createPaymentMethod(
        confirmParams.payment_method_data?.billing_details ?? null,
      );
      if (created.error) return { error: created.error };
      paymentMethod = created.id;
    }
    const confirmed = await this.#api<PaymentIntent>('POST', `/v1/payment_intents/${id}/confirm`, {
      client_secret: clientSecret,
      payment_method: paymentMethod,
      return_url: confirmParams.return_url,
      receipt_email: confirmParams.receipt_email,
    });
    if (!confirmed.ok) return this.#withIntent(confirmed.error, clientSecret ?? '');
    return this.#settle(confirmed.body, clientSecret ?? '', redirect, confirmParams.return_url);
  }

  async handleNextAction(options: { clientSecret: string }): Promise<PaymentIntentResult> {
    const retrieved = await this.retrievePaymentIntent(options?.clientSecret);
    if (retrieved.error) return retrieved;
    if (retrieved.paymentIntent.status !== 'requires_action') {
      throw new IntegrationError(
        `handleNextAction: the PaymentIntent has status ${retrieved.paymentIntent.status}; ` +
          'only a PaymentIntent with status requires_action has a next action to handle.',
      );
    }
    const result = await this.#settle(
      retrieved.paymentIntent,
      options.clientSecret,
      'if_required',
      undefined,
    );
    return result.error ? { error: localizeError(result.error, this.locale) } : result;
  }

  /** Called by `@stripe/stripe-js`'s `loadStripe`; the sandbox has nothing to record. */
  _registerWrapper(): void {}

  /** Runs the 3D Secure challenge when needed, then answers as Stripe.js does for the final state. */
  async #settle(
    intent: PaymentIntent,
    clientSecret: string,
    redirect: 'always' | 'if_required',
    returnUrl: string | undefined,
  ): Promise<PaymentIntentResult> {
    let current = intent;
    if (current.status === 'requires_action') {
      await runChallenge(this.sandboxOrigin, current.id);
      const after = await this.retrievePaymentIntent(clientSecret);
      if (after.error) return after;
      current = after.paymentIntent;
      if (current.status === 'requires_payment_method' || current.status === 'requires_action') {
        const last = current.last_payment_error;
        return {
          error: {
            type: 'invalid_request_error',
            code: 'payment_intent_authentication_failure',
            message: last?.message ?? AUTHENTICATION_FAILURE,
            payment_intent: current,
          },
        };
      }
    }
    if (current.status === 'requires_payment_method' && current.last_payment_error) {
      const last = current.last_payment_error;
      return { error: { ...last, type: last.type, payment_intent: current } as StripeError };
    }
    if (redirect === 'always' && returnUrl) {
      const url = new URL(returnUrl, location.href);
      url.searchParams.set('payment_intent', current.id);
      url.searchParams.set('payment_intent_client_secret', clientSecret);
      const succeeded = current.status === 'succeeded' || current.status === 'requires_capture';
      url.searchParams.set(
        'redirect_status',
        succeeded ? 'succeeded' : current.status === 'processing' ? 'processing' : 'failed',
      );
      location.assign(url.href);
      // Stripe.js never settles while the page navigates away.
      return new Promise<never>(() => {});
    }
    return { paymentIntent: current };
  }

  /** Stripe.js attaches the PaymentIntent to a confirmation error; the sandbox's answer may lack it. */
  async #withIntent(error: StripeError, clientSecret: string): Promise<PaymentIntentResult> {
    if (error.payment_intent || !CLIENT_SECRET.test(clientSecret)) return { error };
    const retrieved = await this.retrievePaymentIntent(clientSecret);
    return { error: retrieved.paymentIntent ? { ...error, payment_intent: retrieved.paymentIntent } : error };
  }

  #api<T>(method: 'GET' | 'POST', path: string, params: Params) {
    return apiRequest<T>(this.sandboxOrigin, this.publishableKey, method, path, params);
  }
}
