/** `POST /v1/payment_intents`. */
import type Stripe from 'stripe';
import { checkAmount, checkCurrency } from '../currencies.ts';
import { invalidParam, missingParam } from '../errors.ts';
import { expand } from '../expand.ts';
import { type ApiContext } from '../http.ts';
import { newId, nowSeconds, randomToken } from '../ids.ts';
import {
  allowOnly,
  allowOnlyIn,
  applyMetadata,
  readBoolean,
  readEmail,
  readEnum,
  readExpand,
  readInteger,
  readObject,
  readString,
} from '../params.ts';
import { resolvePaymentMethod } from '../payment-methods.ts';
import type { PaymentIntentRecord } from '../state.ts';
import { confirmIntent } from './attempt.ts';
import {
  checkAccount,
  checkCustomer,
  checkDescriptorSuffix,
  paymentMethodFromData,
  readPaymentMethodOptions,
  readPaymentMethodTypes,
  readTransferData,
  viewFor,
  CAPTURE_METHODS,
} from './shared.ts';

/** `POST /v1/payment_intents`. */
export function createPaymentIntentRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  allowOnly(body, [
    'amount',
    'currency',
    'automatic_payment_methods',
    'payment_method',
    'payment_method_data',
    'payment_method_types',
    'allowed_payment_method_types',
    'excluded_payment_method_types',
    'error_on_requires_action',
    'payment_method_options',
    'confirm',
    'metadata',
    'description',
    'receipt_email',
    'statement_descriptor_suffix',
    'customer',
    'transfer_data',
    'transfer_group',
    'application_fee_amount',
    'on_behalf_of',
    'capture_method',
    'confirmation_method',
    'return_url',
    'off_session',
    'setup_future_usage',
    'use_stripe_sdk',
    'expand',
  ]);
  const amount = readInteger(body, 'amount', { required: true }) as number;
  const currency = checkCurrency(readString(body, 'currency', { required: true }) as string);
  checkAmount(amount, currency);

  const automatic = readObject(body, 'automatic_payment_methods');
  const { types, allowed } = readPaymentMethodTypes(body);
  if (automatic && types) {
    throw invalidParam(
      'You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.',
      { param: 'automatic_payment_methods', code: 'parameters_exclusive' },
    );
  }
  let automaticPaymentMethods: Stripe.PaymentIntent.AutomaticPaymentMethods | null = null;
  if (automatic) {
    allowOnlyIn(automatic, 'automatic_payment_methods', ['enabled', 'allow_redirects']);
    const enabled = readBoolean(automatic, 'enabled', 'automatic_payment_methods[enabled]');
    if (enabled === undefined) throw missingParam('automatic_payment_methods[enabled]');
    const redirects = readEnum(
      automatic,
      'allow_redirects',
      ['always', 'never'] as const,
      'automatic_payment_methods[allow_redirects]',
    );
    if (enabled) automaticPaymentMethods = { allow_redirects: redirects ?? 'always', enabled: true };
  } else if (!types) {
    // Since API version 2023-08-16 Stripe enables automatic payment methods when no types are given.
    automaticPaymentMethods = { allow_redirects: 'always', enabled: true };
  }
  const captureMethod = readEnum(body, 'capture_method', CAPTURE_METHODS) ?? 'automatic_async';
  const confirmationMethod =
    readEnum(body, 'confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic';
  const customer = readString(body, 'customer') || null;
  if (customer) checkCustomer(state, customer);
  const onBehalfOf = readString(body, 'on_behalf_of') || null;
  if (onBehalfOf) checkAccount(state, onBehalfOf, 'on_behalf_of', 'account');
  const transferData = readTransferData(state, body, amount);
  const fee = readInteger(body, 'application_fee_amount', { min: 0 }) ?? null;
  if (fee !== null) {
    if (!transferData && !onBehalfOf) {
      throw invalidParam(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        { param: 'application_fee_amount' },
      );
    }
    if (fee > amount) {
      throw invalidParam('The application fee amount must be less than or equal to the amount.', {
        param: 'application_fee_amount',
      });
    }
  }
  const suffix = readString(body, 'statement_descriptor_suffix') || null;
  if (suffix) checkDescriptorSuffix(suffix);
  const setupFutureUsage =
    readEnum(body, 'setup_future_usage', ['off_session', 'on_session'] as const) ?? null;
  const confirm = readBoolean(body, 'confirm') ?? false;
  for (const onlyWithConfirm of ['return_url', 'off_session', 'use_stripe_sdk'] as const) {
    if (body[onlyWithConfirm] !== undefined && !confirm) {
      throw invalidParam(`You can only pass \`${onlyWithConfirm}\` when \`confirm\` is \`true\`.`, {
        param: onlyWithConfirm,
      });
    }
  }

  const id = newId('pi');
  const intent: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: allowed,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: fee,
    automatic_payment_methods: automaticPaymentMethods,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod,
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: confirmationMethod,
    created: nowSeconds(),
    currency,
    customer,
    customer_account: null,
    description: readString(body, 'description', { max: 1000 }) || null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: applyMetadata(body),
    next_action: null,
    on_behalf_of: onBehalfOf,
    payment_method: null,
    payment_method_configuration_details: automaticPaymentMethods
      ? { id: 'pmc_sandbox_default', parent: null }
      : null,
    payment_method_options: readPaymentMethodOptions(body, null),
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: readEmail(body, 'receipt_email') ?? null,
    review: null,
    setup_future_usage: setupFutureUsage,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: suffix,
    status: 'requires_payment_method',
    transfer_data: transferData,
    transfer_group: readString(body, 'transfer_group') || null,
  };
  const record: PaymentIntentRecord = {
    object: intent,
    authenticated: false,
    offSession: false,
    returnUrl: null,
  };
  const pm = readString(body, 'payment_method');
  const pmData = readObject(body, 'payment_method_data');
  if (pm) {
    intent.payment_method = resolvePaymentMethod(state, pm).object.id;
    intent.status = 'requires_confirmation';
  } else if (pmData) {
    intent.payment_method = paymentMethodFromData(state, pmData).object.id;
    intent.status = 'requires_confirmation';
  }
  state.paymentIntents.set(id, record);
  state.track(id);
  state.emit('payment_intent.created', intent, ctx.request);
  if (confirm) {
    confirmIntent(ctx, record, body, { fromCreate: true });
  }
  return expand(state, viewFor(ctx.key, intent), readExpand(body));
}
