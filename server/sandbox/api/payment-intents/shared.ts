/** What the PaymentIntent endpoints share: states, the publishable view, parameter readers and checks. */
import type Stripe from 'stripe';
import { invalidRequest, noSuch } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { type ApiContext } from '../http.ts';
import { allowOnlyIn, readEnum, readInteger, readObject, readString, readStringList } from '../params.ts';
import { createCardPaymentMethod } from '../payment-methods.ts';
import type { PaymentIntentRecord, PaymentMethodRecord, SandboxState } from '../state.ts';

export type Status = Stripe.PaymentIntent.Status;
export const CONFIRMABLE: readonly Status[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];
export const CANCELABLE: readonly Status[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
export const THREE_DS = ['automatic', 'any', 'challenge'] as const;

/** Fields of a PaymentIntent that Stripe returns to a publishable key (the rest needs the secret key). */
const PUBLIC_FIELDS = [
  'id',
  'object',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'excluded_payment_method_types',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'source',
  'status',
] as const;

/** The PaymentIntent as the caller's key may see it. */
export function viewFor(key: ApiContext['key'], intent: Stripe.PaymentIntent): Partial<Stripe.PaymentIntent> {
  if (key === 'secret') return intent;
  const out: Record<string, unknown> = {};
  for (const field of PUBLIC_FIELDS) out[field] = intent[field as keyof Stripe.PaymentIntent];
  return out as Partial<Stripe.PaymentIntent>;
}

export function statesList(states: readonly string[]): string {
  return states.length > 1
    ? `${states.slice(0, -1).join(', ')}, or ${states.at(-1) as string}`
    : (states[0] ?? '');
}

export function getIntent(state: SandboxState, id: string): PaymentIntentRecord {
  const record = state.paymentIntents.get(id);
  if (!record) throw noSuch('payment_intent', id, 'intent');
  return record;
}

export function checkCustomer(state: SandboxState, id: string): void {
  if (!state.customers.has(id)) {
    throw invalidRequest(`No such customer: '${id}'`, { code: 'resource_missing', param: 'customer' });
  }
}

export function checkAccount(state: SandboxState, id: string, param: string, noun: string): void {
  if (!state.accounts.has(id))
    throw invalidRequest(`No such ${noun}: '${id}'`, { code: 'resource_missing', param });
}

export function checkDescriptorSuffix(value: string): void {
  if (value.length > 22 || /[<>\\'"*]/.test(value) || !/[a-zA-Z]/.test(value)) {
    throw invalidRequest(
      'The statement descriptor suffix must be at most 22 characters, contain at least one letter and none of < > \\ \' " *.',
      { param: 'statement_descriptor_suffix', code: 'parameter_invalid_string' },
    );
  }
}

export function readPaymentMethodOptions(
  body: FormObject,
  current: Stripe.PaymentIntent.PaymentMethodOptions | null,
): Stripe.PaymentIntent.PaymentMethodOptions {
  const options = readObject(body, 'payment_method_options');
  const card: Stripe.PaymentIntent.PaymentMethodOptions.Card = current?.card ?? {
    installments: null,
    mandate_options: null,
    network: null,
    request_three_d_secure: 'automatic',
  };
  if (options) {
    allowOnlyIn(options, 'payment_method_options', ['card']);
    const cardOptions = readObject(options, 'card', 'payment_method_options[card]');
    if (cardOptions) {
      allowOnlyIn(cardOptions, 'payment_method_options[card]', [
        'request_three_d_secure',
        'capture_method',
        'request_extended_authorization',
        'request_incremental_authorization',
      ]);
      const rtds = readEnum(
        cardOptions,
        'request_three_d_secure',
        THREE_DS,
        'payment_method_options[card][request_three_d_secure]',
      );
      if (rtds) card.request_three_d_secure = rtds;
      const capture = readEnum(
        cardOptions,
        'capture_method',
        ['manual'] as const,
        'payment_method_options[card][capture_method]',
      );
      if (capture) card.capture_method = capture;
      for (const feature of [
        'request_extended_authorization',
        'request_incremental_authorization',
      ] as const) {
        const asked = readEnum(
          cardOptions,
          feature,
          ['if_available', 'never'] as const,
          `payment_method_options[card][${feature}]`,
        );
        if (asked) card[feature] = asked;
      }
    }
  }
  return { card };
}

export function readTransferData(
  state: SandboxState,
  body: FormObject,
  amount: number,
): Stripe.PaymentIntent.TransferData | null {
  const data = readObject(body, 'transfer_data');
  if (!data) return null;
  allowOnlyIn(data, 'transfer_data', ['destination', 'amount']);
  const destination = readString(data, 'destination', {
    required: true,
    param: 'transfer_data[destination]',
  }) as string;
  checkAccount(state, destination, 'transfer_data[destination]', 'destination');
  const transferAmount = readInteger(data, 'amount', { param: 'transfer_data[amount]', min: 1 });
  if (transferAmount !== undefined && transferAmount > amount) {
    throw invalidRequest(
      'transfer_data[amount] must be less than or equal to the amount of the PaymentIntent.',
      {
        param: 'transfer_data[amount]',
      },
    );
  }
  return { amount: transferAmount, destination };
}

/**
 * The payment method types asked for: `allowed_payment_method_types` (the pinned API version's name) or the
 * older `payment_method_types`. The sandbox offers cards only, so the result is `['card']`, or an error when
 * cards are not among the types asked for (or are excluded).
 */
export function readPaymentMethodTypes(body: FormObject): {
  types: string[] | undefined;
  allowed: Stripe.PaymentIntent.AllowedPaymentMethodType[] | null;
} {
  const legacy = readStringList(body, 'payment_method_types');
  const allowed = readStringList(body, 'allowed_payment_method_types');
  if (legacy && allowed) {
    throw invalidRequest(
      'You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.',
      {
        param: 'payment_method_types',
        code: 'parameters_exclusive',
      },
    );
  }
  const excluded = readStringList(body, 'excluded_payment_method_types') ?? [];
  const types = legacy ?? allowed;
  const param = legacy ? 'payment_method_types' : 'allowed_payment_method_types';
  if ((types && !types.includes('card')) || excluded.includes('card')) {
    throw invalidRequest(
      `None of the payment method types asked for is available in the offline sandbox, which only offers "card".`,
      {
        param: excluded.includes('card') ? 'excluded_payment_method_types' : param,
        code: 'payment_method_invalid_parameter',
      },
    );
  }
  return {
    types: types ? ['card'] : undefined,
    allowed: allowed ? (allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[]) : null,
  };
}

export function paymentMethodFromData(state: SandboxState, data: FormObject): PaymentMethodRecord {
  allowOnlyIn(data, 'payment_method_data', ['type', 'card', 'billing_details', 'metadata']);
  const type = readString(data, 'type', { required: true, param: 'payment_method_data[type]' });
  if (type !== 'card') {
    throw invalidRequest(
      `The payment method type '${type}' is not available in the offline sandbox; use 'card'.`,
      {
        param: 'payment_method_data[type]',
      },
    );
  }
  return createCardPaymentMethod(state, data, 'payment_method_data');
}
