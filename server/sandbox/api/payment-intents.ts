import type Stripe from 'stripe';
import { createCharge, errorFor, type ChargeResult } from './charges.ts';
import { checkAmount, checkCurrency } from './currencies.ts';
import {
  cardError,
  invalidRequest,
  missingParam,
  noSuch,
  StripeApiError,
  unexpectedState,
} from './errors.ts';
import { expand } from './expand.ts';
import type { FormObject } from './form.ts';
import { requireClientSecret, type ApiContext } from './http.ts';
import { newId, nowSeconds, randomToken } from './ids.ts';
import { matchesCreated, paginate } from './lists.ts';
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
  readStringList,
} from './params.ts';
import { createCardPaymentMethod, resolvePaymentMethod } from './payment-methods.ts';
import { scheduleFollowUp } from './follow-ups.ts';
import type { PaymentIntentRecord, PaymentMethodRecord, RequestContext, SandboxState } from './state.ts';

type Status = Stripe.PaymentIntent.Status;
const CONFIRMABLE: readonly Status[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];
const CANCELABLE: readonly Status[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const THREE_DS = ['automatic', 'any', 'challenge'] as const;

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

function statesList(states: readonly string[]): string {
  return states.length > 1
    ? `${states.slice(0, -1).join(', ')}, or ${states.at(-1) as string}`
    : (states[0] ?? '');
}

function getIntent(state: SandboxState, id: string): PaymentIntentRecord {
  const record = state.paymentIntents.get(id);
  if (!record) throw noSuch('payment_intent', id, 'intent');
  return record;
}

function checkCustomer(state: SandboxState, id: string): void {
  if (!state.customers.has(id)) {
    throw invalidRequest(`No such customer: '${id}'`, { code: 'resource_missing', param: 'customer' });
  }
}

function checkAccount(state: SandboxState, id: string, param: string, noun: string): void {
  if (!state.accounts.has(id))
    throw invalidRequest(`No such ${noun}: '${id}'`, { code: 'resource_missing', param });
}

function checkDescriptorSuffix(value: string): void {
  if (value.length > 22 || /[<>\\'"*]/.test(value) || !/[a-zA-Z]/.test(value)) {
    throw invalidRequest(
      'The statement descriptor suffix must be at most 22 characters, contain at least one letter and none of < > \\ \' " *.',
      { param: 'statement_descriptor_suffix', code: 'parameter_invalid_string' },
    );
  }
}

function readPaymentMethodOptions(
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
      allowOnlyIn(cardOptions, 'payment_method_options[card]', ['request_three_d_secure', 'capture_method']);
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
    }
  }
  return { card };
}

function readTransferData(
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
function readPaymentMethodTypes(body: FormObject): {
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
    throw invalidRequest(
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
      throw invalidRequest(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        { param: 'application_fee_amount' },
      );
    }
    if (fee > amount) {
      throw invalidRequest('The application fee amount must be less than or equal to the amount.', {
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
      throw invalidRequest(`You can only pass \`${onlyWithConfirm}\` when \`confirm\` is \`true\`.`, {
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
  const record: PaymentIntentRecord = { object: intent, authenticated: false, offSession: false };
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

function paymentMethodFromData(state: SandboxState, data: FormObject): PaymentMethodRecord {
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

/**
 * Confirms a PaymentIntent: attaches the payment method given, then attempts the payment as Stripe test mode
 * decides for that card. Throws Stripe's 402 card error (carrying the updated intent) when it fails.
 */
function confirmIntent(
  ctx: ApiContext,
  record: PaymentIntentRecord,
  body: FormObject,
  options: { fromCreate: boolean },
): void {
  const { state } = ctx;
  const intent = record.object;
  if (!CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${statesList(CONFIRMABLE)}.`,
      { paymentIntent: viewFor(ctx.key, intent) },
    );
  }
  if (!options.fromCreate) {
    const pm = readString(body, 'payment_method');
    const pmData = readObject(body, 'payment_method_data');
    if (pm) {
      const method = resolvePaymentMethod(state, pm);
      if (method.object.id !== intent.payment_method) record.authenticated = false;
      intent.payment_method = method.object.id;
    } else if (pmData) {
      intent.payment_method = paymentMethodFromData(state, pmData).object.id;
      record.authenticated = false;
    }
    const email = readEmail(body, 'receipt_email');
    if (email !== undefined) intent.receipt_email = email;
    if (body.payment_method_options !== undefined) {
      intent.payment_method_options = readPaymentMethodOptions(body, intent.payment_method_options);
    }
    const capture = readEnum(body, 'capture_method', CAPTURE_METHODS);
    if (capture) intent.capture_method = capture;
    const sfu = readEnum(body, 'setup_future_usage', ['off_session', 'on_session'] as const);
    if (sfu) intent.setup_future_usage = sfu;
  }
  if (!intent.payment_method) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { paymentIntent: viewFor(ctx.key, intent) },
    );
  }
  const returnUrl = readString(body, 'return_url');
  if (returnUrl !== undefined && !/^https?:\/\/\S+$/.test(returnUrl)) {
    throw invalidRequest('Not a valid URL', { code: 'url_invalid', param: 'return_url' });
  }
  if (
    ctx.key === 'secret' &&
    intent.automatic_payment_methods?.enabled &&
    intent.automatic_payment_methods.allow_redirects !== 'never' &&
    !returnUrl
  ) {
    throw invalidRequest(
      "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
      {},
    );
  }
  record.offSession =
    body.off_session === 'true' || body.off_session === 'one_off' || body.off_session === 'recurring';
  const method = state.paymentMethods.get(intent.payment_method as string) as PaymentMethodRecord;
  intent.last_payment_error = null;
  const useStripeSdk =
    ctx.key === 'publishable' || readBoolean(body, 'use_stripe_sdk') === true || !returnUrl;
  attempt(ctx, record, method, { returnUrl: returnUrl ?? null, useStripeSdk });
}

/** Whether this attempt needs a 3D Secure challenge first. */
function needsAuthentication(record: PaymentIntentRecord, method: PaymentMethodRecord): boolean {
  if (record.authenticated) return false;
  const requested = record.object.payment_method_options?.card?.request_three_d_secure;
  if (requested === 'any' || requested === 'challenge') return true;
  if (method.scenario.threeDSecure === 'always') return true;
  return method.scenario.threeDSecure === 'one_time' && !record.offSession;
}

function attempt(
  ctx: { state: SandboxState; key: ApiContext['key']; request: RequestContext | null },
  record: PaymentIntentRecord,
  method: PaymentMethodRecord,
  next: { returnUrl: string | null; useStripeSdk: boolean },
): void {
  const { state } = ctx;
  const intent = record.object;
  if (needsAuthentication(record, method)) {
    if (record.offSession) {
      fail(ctx, record, method, { kind: 'authentication_required' });
      return;
    }
    const challengeUrl = `${state.baseUrl}/_sandbox/3ds/${intent.id}`;
    intent.status = 'requires_action';
    if (next.useStripeSdk) {
      const useStripeSdk = {
        type: 'three_d_secure_redirect',
        stripe_js: challengeUrl,
        source: `src_${intent.id.slice(3)}`,
      } as Stripe.PaymentIntent.NextAction.UseStripeSdk;
      intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: useStripeSdk };
    } else {
      intent.next_action = {
        type: 'redirect_to_url',
        redirect_to_url: {
          return_url: next.returnUrl,
          url: `${challengeUrl}?return_url=${encodeURIComponent(next.returnUrl ?? '')}`,
        },
      };
    }
    state.emit('payment_intent.requires_action', intent, ctx.request);
    return;
  }
  intent.next_action = null;
  if (method.scenario.radarBlock) {
    fail(ctx, record, method, { kind: 'blocked' });
    return;
  }
  if (method.scenario.decline) {
    fail(ctx, record, method, { kind: 'declined', decline: method.scenario.decline });
    return;
  }
  succeed(ctx, record, method);
}

function fail(
  ctx: { state: SandboxState; key: ApiContext['key']; request: RequestContext | null },
  record: PaymentIntentRecord,
  method: PaymentMethodRecord,
  result: ChargeResult,
): never {
  const { state } = ctx;
  const intent = record.object;
  const charge = createCharge(state, intent, method, result, {
    capture: false,
    authenticated: record.authenticated,
  });
  const decline = errorFor(result);
  intent.status = 'requires_payment_method';
  intent.latest_charge = charge.id;
  intent.payment_method = null;
  intent.next_action = null;
  const lastError: Stripe.PaymentIntent.LastPaymentError = {
    charge: charge.id,
    code: decline.code as Stripe.PaymentIntent.LastPaymentError.Code,
    doc_url: `https://docs.stripe.com/error-codes/${decline.code.replaceAll('_', '-')}`,
    message: decline.message,
    payment_method: method.object,
    type: 'card_error',
  };
  if (decline.decline_code) lastError.decline_code = decline.decline_code;
  if (decline.param) lastError.param = decline.param;
  const advice = charge.outcome?.advice_code;
  if (advice) lastError.advice_code = advice;
  intent.last_payment_error = lastError;
  record.authenticated = false;
  state.emit('charge.failed', charge, ctx.request);
  state.emit('payment_intent.payment_failed', intent, ctx.request);
  throw cardError(decline, {
    charge: charge.id,
    paymentIntent: viewFor(ctx.key, intent) as Stripe.PaymentIntent,
    paymentMethod: method.object,
  });
}

function succeed(
  ctx: { state: SandboxState; request: RequestContext | null },
  record: PaymentIntentRecord,
  method: PaymentMethodRecord,
): void {
  const { state } = ctx;
  const intent = record.object;
  const manual =
    intent.capture_method === 'manual' || intent.payment_method_options?.card?.capture_method === 'manual';
  const processingMs = state.behaviour.processingMs;
  if (!manual && processingMs > 0) {
    const charge = createCharge(
      state,
      intent,
      method,
      { kind: 'pending' },
      {
        capture: true,
        authenticated: record.authenticated,
      },
    );
    intent.status = 'processing';
    intent.latest_charge = charge.id;
    intent.processing = { card: {}, type: 'card' } as Stripe.PaymentIntent.Processing;
    state.emit('charge.pending', charge, ctx.request);
    state.emit('payment_intent.processing', intent, ctx.request);
    state.later(processingMs, () => {
      if (intent.status !== 'processing') return;
      charge.status = 'succeeded';
      charge.paid = true;
      charge.captured = true;
      charge.amount_captured = charge.amount;
      charge.balance_transaction = newId('txn');
      if (intent.transfer_data?.destination) charge.transfer = newId('tr');
      intent.status = 'succeeded';
      intent.processing = null;
      intent.amount_received = intent.amount;
      state.emit('charge.succeeded', charge, null);
      state.emit('payment_intent.succeeded', intent, null);
      scheduleFollowUp(state, method.scenario, charge);
    });
    return;
  }
  const charge = createCharge(
    state,
    intent,
    method,
    { kind: 'authorized' },
    {
      capture: !manual,
      authenticated: record.authenticated,
    },
  );
  intent.latest_charge = charge.id;
  if (manual) {
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
    state.emit('charge.succeeded', charge, ctx.request);
    state.emit('payment_intent.amount_capturable_updated', intent, ctx.request);
    return;
  }
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  state.emit('charge.succeeded', charge, ctx.request);
  state.emit('payment_intent.succeeded', intent, ctx.request);
  scheduleFollowUp(state, method.scenario, charge);
}

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

/**
 * Finishes a 3D Secure challenge (the challenge page's buttons, or tests): `complete` lets the payment go
 * ahead as the card decides; `fail` returns the intent to `requires_payment_method` with
 * `payment_intent_authentication_failure`, as Stripe does.
 */
export function finishAuthentication(
  state: SandboxState,
  id: string,
  outcome: 'complete' | 'fail',
): Stripe.PaymentIntent {
  const record = getIntent(state, id);
  const intent = record.object;
  if (intent.status !== 'requires_action') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent has a status of ${intent.status}; only a PaymentIntent that requires_action can be authenticated.`,
    );
  }
  const method = state.paymentMethods.get(intent.payment_method as string) as PaymentMethodRecord;
  const ctx = { state, key: 'secret' as const, request: null };
  if (outcome === 'fail') {
    intent.status = 'requires_payment_method';
    intent.next_action = null;
    intent.payment_method = null;
    intent.last_payment_error = {
      code: 'payment_intent_authentication_failure',
      doc_url: 'https://docs.stripe.com/error-codes/payment-intent-authentication-failure',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
      payment_method: method.object,
      type: 'invalid_request_error',
    };
    state.emit('payment_intent.payment_failed', intent, null);
    return intent;
  }
  record.authenticated = true;
  try {
    attempt(ctx, record, method, { returnUrl: null, useStripeSdk: true });
  } catch (error) {
    if (!(error instanceof StripeApiError && error.status === 402)) throw error;
  }
  return intent;
}
