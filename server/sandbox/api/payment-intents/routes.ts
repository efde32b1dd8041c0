/** Retrieving, confirming, updating, capturing, canceling and listing PaymentIntents. */
import type Stripe from 'stripe';
import { checkAmount, checkCurrency } from '../currencies.ts';
import { invalidRequest, StripeApiError, unexpectedState } from '../errors.ts';
import { expand } from '../expand.ts';
import { requireClientSecret, type ApiContext } from '../http.ts';
import { newId, nowSeconds } from '../ids.ts';
import { matchesCreated, paginate } from '../lists.ts';
import {
  allowOnly,
  applyMetadata,
  readEmail,
  readEnum,
  readExpand,
  readInteger,
  readString,
} from '../params.ts';
import { resolvePaymentMethod } from '../payment-methods.ts';
import { scheduleFollowUp } from '../follow-ups.ts';
import { confirmIntent } from './attempt.ts';
import { refuseIfLapsed } from './authorization.ts';
import {
  CANCELABLE,
  CAPTURE_METHODS,
  CONFIRMABLE,
  checkCustomer,
  checkDescriptorSuffix,
  getIntent,
  readPaymentMethodOptions,
  readPaymentMethodTypes,
  statesList,
  viewFor,
} from './shared.ts';

/** `GET /v1/payment_intents/:id` (secret key, or publishable key with the matching `client_secret`). */
export function retrievePaymentIntentRoute(ctx: ApiContext): unknown {
  const record = getIntent(ctx.state, ctx.params.id as string);
  requireClientSecret(ctx, ctx.query, record.object.client_secret);
  const expansions = readExpand(ctx.query);
  if (ctx.key === 'publishable' && expansions.some((p) => p !== 'payment_method')) throw forbiddenExpand();
  return expand(ctx.state, viewFor(ctx.key, record.object), expansions);
}

function forbiddenExpand(): StripeApiError {
  return invalidRequest('This property cannot be expanded with a publishable key.', { param: 'expand' });
}

/** `POST /v1/payment_intents/:id/confirm` (secret key, or publishable key with the matching `client_secret`). */
export function confirmPaymentIntentRoute(ctx: ApiContext): unknown {
  const record = getIntent(ctx.state, ctx.params.id as string);
  requireClientSecret(ctx, ctx.body, record.object.client_secret);
  allowOnly(ctx.body, [
    'payment_method',
    'payment_method_data',
    'payment_method_options',
    'receipt_email',
    'return_url',
    'off_session',
    'setup_future_usage',
    'capture_method',
    'use_stripe_sdk',
    'expand',
    ...(ctx.key === 'publishable' ? ['client_secret'] : []),
  ]);
  const expansions = readExpand(ctx.body);
  if (ctx.key === 'publishable' && expansions.some((p) => p !== 'payment_method')) throw forbiddenExpand();
  confirmIntent(ctx, record, ctx.body, { fromCreate: false });
  return expand(ctx.state, viewFor(ctx.key, record.object), expansions);
}

const ALWAYS_UPDATABLE = ['metadata', 'description', 'receipt_email', 'expand'];

/** `POST /v1/payment_intents/:id`. */
export function updatePaymentIntentRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  const record = getIntent(state, ctx.params.id as string);
  const intent = record.object;
  allowOnly(body, [
    'amount',
    'currency',
    'metadata',
    'description',
    'receipt_email',
    'statement_descriptor_suffix',
    'payment_method',
    'payment_method_types',
    'allowed_payment_method_types',
    'payment_method_options',
    'customer',
    'capture_method',
    'application_fee_amount',
    'transfer_group',
    'setup_future_usage',
    'expand',
  ]);
  if (!CONFIRMABLE.includes(intent.status)) {
    const blocked = Object.keys(body).find((k) => !ALWAYS_UPDATABLE.includes(k));
    if (blocked) {
      throw unexpectedState(
        'payment_intent_unexpected_state',
        `This PaymentIntent's ${blocked} could not be updated because it has a status of ${intent.status}. You may only update the ${blocked} of a PaymentIntent with one of the following statuses: ${statesList(CONFIRMABLE)}.`,
        { paymentIntent: intent },
      );
    }
  }
  const currencyValue = readString(body, 'currency');
  const currency = currencyValue ? checkCurrency(currencyValue) : intent.currency;
  const amount = readInteger(body, 'amount') ?? intent.amount;
  if (body.amount !== undefined || currencyValue) checkAmount(amount, currency);
  const fee = readInteger(body, 'application_fee_amount', { min: 0 });
  if (fee !== undefined && !intent.transfer_data && !intent.on_behalf_of) {
    throw invalidRequest(
      'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
      { param: 'application_fee_amount' },
    );
  }
  const suffix = readString(body, 'statement_descriptor_suffix');
  if (suffix) checkDescriptorSuffix(suffix);
  const customer = readString(body, 'customer');
  if (customer) checkCustomer(state, customer);
  const { types, allowed } = readPaymentMethodTypes(body);
  const capture = readEnum(body, 'capture_method', CAPTURE_METHODS);
  const pm = readString(body, 'payment_method');
  const method = pm ? resolvePaymentMethod(state, pm) : undefined;
  const metadata = applyMetadata(body, intent.metadata);
  const email = readEmail(body, 'receipt_email');
  const description = readString(body, 'description', { max: 1000 });
  const options =
    body.payment_method_options !== undefined
      ? readPaymentMethodOptions(body, intent.payment_method_options)
      : undefined;
  const sfu = readEnum(body, 'setup_future_usage', ['off_session', 'on_session'] as const);

  intent.amount = amount;
  intent.currency = currency;
  intent.metadata = metadata;
  if (email !== undefined) intent.receipt_email = email;
  if (description !== undefined) intent.description = description || null;
  if (fee !== undefined) intent.application_fee_amount = fee;
  if (suffix !== undefined) intent.statement_descriptor_suffix = suffix || null;
  if (customer !== undefined) intent.customer = customer || null;
  if (types) {
    intent.payment_method_types = ['card'];
    intent.allowed_payment_method_types = allowed;
    intent.automatic_payment_methods = null;
    intent.payment_method_configuration_details = null;
  }
  if (capture) intent.capture_method = capture;
  if (options) intent.payment_method_options = options;
  if (sfu) intent.setup_future_usage = sfu;
  const transferGroup = readString(body, 'transfer_group');
  if (transferGroup !== undefined) intent.transfer_group = transferGroup || null;
  if (method) {
    intent.payment_method = method.object.id;
    record.authenticated = false;
    intent.status = 'requires_confirmation';
    intent.next_action = null;
  }
  return expand(state, intent, readExpand(body));
}

/** `POST /v1/payment_intents/:id/capture`. */
export function capturePaymentIntentRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  const record = getIntent(state, ctx.params.id as string);
  const intent = record.object;
  allowOnly(body, [
    'amount_to_capture',
    'application_fee_amount',
    'metadata',
    'statement_descriptor_suffix',
    'expand',
  ]);
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { paymentIntent: intent },
    );
  }
  refuseIfLapsed(ctx, record);
  const amount = readInteger(body, 'amount_to_capture', { min: 1 }) ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw invalidRequest(
      `The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${intent.amount_capturable}).`,
      { code: 'amount_too_large', param: 'amount_to_capture' },
    );
  }
  const fee = readInteger(body, 'application_fee_amount', { min: 0 });
  if (fee !== undefined) intent.application_fee_amount = fee;
  intent.metadata = applyMetadata(body, intent.metadata);
  const charge = state.charges.get(intent.latest_charge as string) as Stripe.Charge;
  charge.captured = true;
  charge.amount_captured = amount;
  charge.amount_refunded = intent.amount - amount;
  charge.balance_transaction = newId('txn');
  if (intent.transfer_data?.destination) charge.transfer = newId('tr');
  if (intent.application_fee_amount) charge.application_fee = newId('fee');
  intent.status = 'succeeded';
  intent.amount_received = amount;
  intent.amount_capturable = 0;
  state.emit('charge.captured', charge, ctx.request);
  state.emit('payment_intent.succeeded', intent, ctx.request);
  const method = state.paymentMethods.get(charge.payment_method as string);
  if (method) scheduleFollowUp(state, method.scenario, charge);
  return expand(state, intent, readExpand(body));
}

/** `POST /v1/payment_intents/:id/cancel`. */
export function cancelPaymentIntentRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  const record = getIntent(state, ctx.params.id as string);
  const intent = record.object;
  allowOnly(body, ['cancellation_reason', 'expand']);
  const reason =
    readEnum(body, 'cancellation_reason', [
      'duplicate',
      'fraudulent',
      'requested_by_customer',
      'abandoned',
    ] as const) ?? null;
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${statesList(CANCELABLE)}.`,
      { paymentIntent: intent },
    );
  }
  if (intent.status === 'requires_capture' && intent.latest_charge) {
    const charge = state.charges.get(intent.latest_charge as string);
    if (charge) {
      charge.refunded = true;
      charge.amount_refunded = charge.amount;
    }
  }
  intent.status = 'canceled';
  intent.canceled_at = nowSeconds();
  intent.cancellation_reason = reason;
  intent.amount_capturable = 0;
  intent.next_action = null;
  intent.processing = null;
  state.emit('payment_intent.canceled', intent, ctx.request);
  return expand(state, intent, readExpand(body));
}

/** `GET /v1/payment_intents` (filters: customer, created). */
export function listPaymentIntentsRoute(ctx: ApiContext): unknown {
  allowOnly(ctx.query, ['limit', 'starting_after', 'ending_before', 'created', 'customer', 'expand']);
  const customer = readString(ctx.query, 'customer');
  const items = [...ctx.state.paymentIntents.values()]
    .map((r) => r.object)
    .filter((pi) => (!customer || pi.customer === customer) && matchesCreated(ctx.query, pi.created));
  return expand(
    ctx.state,
    paginate(ctx.state, items, ctx.query, '/v1/payment_intents'),
    readExpand(ctx.query),
  );
}
