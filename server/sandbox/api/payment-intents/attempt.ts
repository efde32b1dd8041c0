/** Confirming a PaymentIntent and attempting its payment as Stripe test mode decides for the card. */
import type Stripe from 'stripe';
import { createCharge, errorFor, type ChargeResult } from '../charges.ts';
import { cardError, invalidRequest, StripeApiError, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { type ApiContext } from '../http.ts';
import { newId } from '../ids.ts';
import { readBoolean, readEmail, readEnum, readObject, readString } from '../params.ts';
import { resolvePaymentMethod } from '../payment-methods.ts';
import { scheduleFollowUp } from '../follow-ups.ts';
import { describeHold } from './authorization.ts';
import type { PaymentIntentRecord, PaymentMethodRecord, RequestContext, SandboxState } from '../state.ts';
import {
  CONFIRMABLE,
  CAPTURE_METHODS,
  paymentMethodFromData,
  readPaymentMethodOptions,
  statesList,
  viewFor,
  getIntent,
} from './shared.ts';

/**
 * Confirms a PaymentIntent: attaches the payment method given, then attempts the payment as Stripe test mode
 * decides for that card. Throws Stripe's 402 card error (carrying the updated intent) when it fails.
 */
export function confirmIntent(
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
  record.returnUrl = returnUrl ?? null;
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
      const useStripeSdk: Stripe.PaymentIntent.NextAction.UseStripeSdk = {
        type: 'three_d_secure_redirect',
        stripe_js: challengeUrl,
        source: `src_${intent.id.slice(3)}`,
      };
      intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: useStripeSdk };
    } else {
      intent.next_action = {
        type: 'redirect_to_url',
        redirect_to_url: {
          return_url: next.returnUrl,
          url: `${challengeUrl}/redirect`,
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
    intent.processing = { card: {}, type: 'card' };
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
    describeHold(charge, intent, method.scenario, record.offSession);
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
