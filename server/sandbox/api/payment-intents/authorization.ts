/**
 * Separate authorization and capture as Stripe documents it: how long a hold lasts (`capture_before`), which
 * cards grant extended and incremental authorization, incrementing a hold, and a hold that lapses.
 */
import type Stripe from 'stripe';
import type { CardScenario } from '../cards.ts';
import { invalidRequest, unexpectedState } from '../errors.ts';
import { expand } from '../expand.ts';
import type { ApiContext } from '../http.ts';
import { nowSeconds } from '../ids.ts';
import { allowOnly, applyMetadata, readExpand, readInteger, readString } from '../params.ts';
import type { PaymentIntentRecord, RequestContext, SandboxState } from '../state.ts';
import { getIntent } from './shared.ts';

const DAY = 24 * 60 * 60;
/** "Place a hold on a payment method": customer-initiated online card payments, every brand. */
const CUSTOMER_INITIATED_WINDOW = 7 * DAY;
/** Same page: Visa merchant-initiated online payments, exactly 4 days and 18 hours. */
const VISA_MERCHANT_INITIATED_WINDOW = 4 * DAY + 18 * 60 * 60;
/** "Extended authorization": up to 30 days where the card network allows it. */
const EXTENDED_WINDOW = 30 * DAY;

/**
 * Countries with Strong Customer Authentication (EEA, UK, Switzerland): Stripe's "Increment an authorization"
 * page says incremental authorization is not available when the cardholder is in one.
 */
const SCA_COUNTRIES = new Set(
  'AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK'.split(
    ' ',
  ),
);

/**
 * What the issuer of a test card grants. Incremental: Visa, Mastercard and Discover only, and not to a
 * cardholder in an SCA country (Stripe's "Increment an authorization" availability table). Extended: Mastercard
 * only, which allows it for every merchant category (Visa limits it to some categories, which the sandbox's
 * freight merchant is not in).
 */
export function grantedFeatures(scenario: CardScenario): { incremental: boolean; extended: boolean } {
  const incremental =
    ['visa', 'mastercard', 'discover'].includes(scenario.brand) && !SCA_COUNTRIES.has(scenario.country);
  return { incremental, extended: scenario.brand === 'mastercard' };
}

/**
 * Fills a new uncaptured charge's `capture_before`, `extended_authorization` and `incremental_authorization`
 * from what the PaymentIntent asked for (`payment_method_options.card.request_*: 'if_available'`) and what the
 * card grants.
 */
export function describeHold(
  charge: Stripe.Charge,
  intent: Stripe.PaymentIntent,
  scenario: CardScenario,
  offSession: boolean,
): void {
  const card = charge.payment_method_details?.card;
  if (!card) return;
  const options = intent.payment_method_options?.card;
  const granted = grantedFeatures(scenario);
  const extended = options?.request_extended_authorization === 'if_available' && granted.extended;
  const incremental = options?.request_incremental_authorization === 'if_available' && granted.incremental;
  const window = extended
    ? EXTENDED_WINDOW
    : offSession && scenario.brand === 'visa'
      ? VISA_MERCHANT_INITIATED_WINDOW
      : CUSTOMER_INITIATED_WINDOW;
  card.capture_before = charge.created + window;
  card.extended_authorization = { status: extended ? 'enabled' : 'disabled' };
  card.incremental_authorization = { status: incremental ? 'available' : 'unavailable' };
}

/** Whether the hold behind a `requires_capture` PaymentIntent has passed its `capture_before`. */
export function holdLapsed(state: SandboxState, intent: Stripe.PaymentIntent): boolean {
  const charge = state.charges.get(intent.latest_charge as string);
  const before = charge?.payment_method_details?.card?.capture_before;
  return before !== undefined && nowSeconds() >= before;
}

/**
 * An uncaptured authorization lapses: the charge is refunded in full (the SDK's `capture_before`: "a future
 * timestamp at which the charge will be automatically refunded if uncaptured") with `charge.expired`, and the
 * PaymentIntent is canceled ("the funds are released and the payment status changes to canceled") with
 * `cancellation_reason: 'automatic'`.
 */
export function expireHold(
  state: SandboxState,
  record: PaymentIntentRecord,
  request: RequestContext | null,
): void {
  const intent = record.object;
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent has a status of ${intent.status}; only an authorization awaiting capture (requires_capture) can expire.`,
    );
  }
  const charge = state.charges.get(intent.latest_charge as string) as Stripe.Charge;
  charge.refunded = true;
  charge.amount_refunded = charge.amount;
  intent.status = 'canceled';
  intent.canceled_at = nowSeconds();
  intent.cancellation_reason = 'automatic';
  intent.amount_capturable = 0;
  state.emit('charge.expired', charge, request);
  state.emit('payment_intent.canceled', intent, request);
}

/** Refuses to capture or increment a hold past `capture_before`, letting it lapse first as Stripe would have. */
export function refuseIfLapsed(ctx: ApiContext, record: PaymentIntentRecord): void {
  if (!holdLapsed(ctx.state, record.object)) return;
  expireHold(ctx.state, record, ctx.request);
  throw invalidRequest(
    `This PaymentIntent's authorization expired at its capture_before (the funds were released), so it can no longer be captured or incremented.`,
    { code: 'capture_charge_authorization_expired' },
  );
}

/**
 * `POST /v1/payment_intents/:id/increment_authorization` `{ amount }`: raises the hold of a `requires_capture`
 * PaymentIntent whose charge has `incremental_authorization.status: 'available'` to the new total `amount`
 * (above the current amount), and emits `payment_intent.amount_capturable_updated`.
 */
export function incrementAuthorizationRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  const record = getIntent(state, ctx.params.id as string);
  const intent = record.object;
  allowOnly(body, [
    'amount',
    'description',
    'metadata',
    'statement_descriptor',
    'application_fee_amount',
    'expand',
  ]);
  const amount = readInteger(body, 'amount', { required: true, min: 1 }) as number;
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent's authorization could not be incremented because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be incremented: requires_capture.`,
      { paymentIntent: intent },
    );
  }
  refuseIfLapsed(ctx, record);
  const charge = state.charges.get(intent.latest_charge as string) as Stripe.Charge;
  const card = charge.payment_method_details?.card;
  if (card?.incremental_authorization?.status !== 'available') {
    throw invalidRequest(
      `This PaymentIntent's authorization cannot be incremented: incremental authorization is not available for its charge (${charge.id}). Create the PaymentIntent with payment_method_options[card][request_incremental_authorization]=if_available and use a card that supports it.`,
      { code: 'payment_intent_invalid_parameter', param: 'amount' },
    );
  }
  if (amount <= intent.amount) {
    throw invalidRequest(
      `The amount (${amount}) must be greater than the PaymentIntent's currently authorized amount (${intent.amount}).`,
      { code: 'payment_intent_invalid_parameter', param: 'amount' },
    );
  }
  const fee = readInteger(body, 'application_fee_amount', { min: 0 });
  if (fee !== undefined) intent.application_fee_amount = fee;
  const description = readString(body, 'description', { max: 1000 });
  if (description !== undefined) intent.description = description || null;
  intent.metadata = applyMetadata(body, intent.metadata);
  intent.amount = amount;
  intent.amount_capturable = amount;
  charge.amount = amount;
  card.amount_authorized = amount;
  state.emit('payment_intent.amount_capturable_updated', intent, ctx.request);
  return expand(state, intent, readExpand(body));
}
