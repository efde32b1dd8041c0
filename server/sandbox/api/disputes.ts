/** Disputes: opening (test cards, control API), evidence updates and submission, closing. */
import type Stripe from 'stripe';
import { invalidRequest, noSuch, StripeApiError, unexpectedState } from './errors.ts';
import { expand } from './expand.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import { listByChargeOrIntent } from './lists.ts';
import { allowOnly, applyMetadata, readBoolean, readEnum, readExpand, readObject } from './params.ts';
import { settleEarlyFraudWarnings } from './early-fraud-warnings.ts';
import type { DisputeRecord, RequestContext, SandboxState } from './state.ts';
import { emptyEvidence, readEvidence } from './dispute-evidence.ts';

/** Dispute reasons Stripe uses. */
export const DISPUTE_REASONS = [
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'noncompliant',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
] as const;

const NETWORK_REASON_CODES: Record<string, string> = {
  fraudulent: '10.4',
  product_not_received: '13.1',
  duplicate: '12.6.1',
  credit_not_processed: '13.6',
  product_unacceptable: '13.3',
  subscription_canceled: '13.2',
  general: '13.7',
};
function endOfDayInDays(days: number): number {
  const due = new Date(Date.now() + days * 86_400_000);
  due.setUTCHours(23, 59, 59, 0);
  return Math.floor(due.getTime() / 1000);
}

/**
 * Opens a dispute (or, with `inquiry`, an inquiry) on a charge: emits `charge.dispute.created` and, for a
 * chargeback, `charge.dispute.funds_withdrawn` with the disputed amount and a 15.00 dispute fee.
 */
export function openDispute(
  state: SandboxState,
  charge: Stripe.Charge,
  reason: string,
  inquiry: boolean,
  request: RequestContext | null,
): Stripe.Dispute {
  if (!(DISPUTE_REASONS as readonly string[]).includes(reason)) {
    throw invalidRequest(`Invalid reason: must be one of ${DISPUTE_REASONS.join(', ')}`, { param: 'reason' });
  }
  if (!charge.captured || charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not succeeded and been captured; it cannot be disputed.`, {
      param: 'charge',
    });
  }
  if ([...state.disputes.values()].some((d) => d.object.charge === charge.id)) {
    throw invalidRequest(`Charge ${charge.id} already has a dispute.`, { param: 'charge' });
  }
  const created = nowSeconds();
  const amount = charge.amount_captured - charge.amount_refunded;
  const networkReason = NETWORK_REASON_CODES[reason] ?? null;
  const dispute: Stripe.Dispute = {
    id: newId('dp'),
    object: 'dispute',
    amount: amount > 0 ? amount : charge.amount_captured,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: endOfDayInDays(inquiry ? 10 : 7),
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    // Accounts with Smart Disputes start at Stripe's default; those without have no method at all.
    intended_submission_method: state.behaviour.smartDisputes === 'unavailable' ? null : 'prefer_manual',
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: networkReason,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method_details: {
      card: {
        brand: charge.payment_method_details?.card?.brand ?? 'visa',
        case_type: inquiry ? 'inquiry' : 'chargeback',
        network: charge.payment_method_details?.card?.network ?? 'visa',
        network_reason_code: networkReason,
      },
      type: 'card',
    },
    reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  };
  smartDisputesOf(dispute).smart_disputes = {
    recommended_evidence:
      state.behaviour.smartDisputes === 'requires_evidence' ? [['shipping_documentation']] : [],
    status: state.behaviour.smartDisputes,
  };
  state.disputes.set(dispute.id, { object: dispute });
  state.track(dispute.id);
  charge.disputed = true;
  state.emit('charge.dispute.created', dispute, request);
  if (!inquiry) {
    dispute.balance_transactions.push(
      balanceTransaction(dispute, -dispute.amount, 1500, 'Chargeback withdrawal'),
    );
    state.emit('charge.dispute.funds_withdrawn', dispute, request);
  }
  settleEarlyFraudWarnings(state, charge.id, request);
  return dispute;
}

/**
 * The dispute with Stripe's `smart_disputes` hash, which the pinned SDK types do not have yet: `status` is
 * `available`, `processing`, `requires_evidence` or `unavailable`; `recommended_evidence` lists evidence
 * fields that would let Smart Disputes answer.
 */
export function smartDisputesOf(dispute: Stripe.Dispute): Stripe.Dispute & {
  smart_disputes?: { recommended_evidence: string[][]; status: string };
} {
  return dispute;
}

const SMART_METHODS: readonly string[] = ['prefer_smart_disputes', 'smart_disputes'];

/**
 * Smart Disputes answering by itself, `followUpDelayMs` after it was chosen: the dispute moves to review with
 * `submission_method: smart_disputes`, unless someone submitted or closed it first.
 */
function scheduleSmartSubmission(state: SandboxState, dispute: Stripe.Dispute): void {
  state.later(state.followUpDelayMs, () => {
    if (!OPEN_STATUSES.includes(dispute.status)) return;
    if (!SMART_METHODS.includes(dispute.intended_submission_method ?? '')) return;
    const previous = { status: dispute.status, evidence_details: { ...dispute.evidence_details } };
    dispute.evidence_details.submission_count += 1;
    dispute.evidence_details.submission_method = 'smart_disputes';
    dispute.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    state.emit('charge.dispute.updated', dispute, null, previous);
  });
}

function balanceTransaction(
  dispute: Stripe.Dispute,
  amount: number,
  fee: number,
  description: string,
): Stripe.BalanceTransaction {
  const created = nowSeconds();
  return {
    id: newId('txn'),
    object: 'balance_transaction',
    amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: dispute.currency,
    description,
    exchange_rate: null,
    fee,
    fee_details: fee
      ? [
          {
            amount: fee,
            application: null,
            currency: dispute.currency,
            description: 'Dispute fee',
            type: 'stripe_fee',
          },
        ]
      : [],
    net: amount - fee,
    reporting_category: amount < 0 ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    status: 'available',
    type: 'adjustment',
  };
}

function getDispute(state: SandboxState, id: string): DisputeRecord {
  const record = state.disputes.get(id);
  if (!record) throw noSuch('dispute', id, 'dispute');
  return record;
}

const OPEN_STATUSES = ['needs_response', 'warning_needs_response'];
const CLOSED_STATUSES = ['won', 'lost', 'warning_closed', 'prevented'];

/** `GET /v1/disputes/:id`. */
export function retrieveDisputeRoute(ctx: ApiContext): unknown {
  return expand(ctx.state, getDispute(ctx.state, ctx.params.id as string).object, readExpand(ctx.query));
}

/** `GET /v1/disputes` (filters: charge, payment_intent, created). */
export function listDisputesRoute(ctx: ApiContext): unknown {
  return listByChargeOrIntent(
    ctx,
    [...ctx.state.disputes.values()].map((record) => record.object),
    '/v1/disputes',
  );
}

/**
 * `POST /v1/disputes/:id`: stages or submits evidence (`submit` defaults to true with evidence, as in Stripe). Submitting
 * moves the dispute to `under_review` (`warning_under_review` for an inquiry). As in Stripe test mode,
 * submitting `uncategorized_text` of `winning_evidence` or `losing_evidence` closes the dispute as won or lost
 * a moment later.
 */
export function updateDisputeRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  const record = getDispute(state, ctx.params.id as string);
  const dispute = record.object;
  allowOnly(body, ['evidence', 'metadata', 'submit', 'expand', 'intended_submission_method']);
  const evidenceParam = readObject(body, 'evidence');
  // `submit` defaults to true when evidence is sent; an update of metadata alone submits nothing.
  const submit = readBoolean(body, 'submit') ?? evidenceParam !== undefined;
  if (!OPEN_STATUSES.includes(dispute.status) && (evidenceParam || body.submit !== undefined)) {
    throw unexpectedState(
      CLOSED_STATUSES.includes(dispute.status)
        ? 'dispute_already_closed'
        : 'dispute_evidence_already_submitted',
      `This dispute has a status of ${dispute.status}; evidence can only be added while it needs a response.`,
    );
  }
  const method = readEnum(body, 'intended_submission_method', [
    'manual',
    'prefer_manual',
    'prefer_smart_disputes',
    'smart_disputes',
  ] as const);
  const smart = smartDisputesOf(dispute).smart_disputes;
  const available = smart?.status === 'available';
  // As Stripe: submitting with Smart Disputes as the method (sent now or saved before) needs it to be available,
  // and a refusal saves nothing.
  if (submit && (method ?? dispute.intended_submission_method) === 'smart_disputes' && !available) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'smart_disputes_not_available',
      message: 'Smart Disputes is not available for this dispute; submit your own evidence instead.',
      param: 'intended_submission_method',
    });
  }
  const previous: Record<string, unknown> = {};
  if (evidenceParam) {
    const evidence = readEvidence(state, record, evidenceParam);
    previous.evidence = dispute.evidence;
    dispute.evidence = evidence;
  }
  if (method !== undefined && method !== dispute.intended_submission_method) {
    previous.intended_submission_method = dispute.intended_submission_method;
    dispute.intended_submission_method = method;
  }
  if (body.metadata !== undefined) {
    previous.metadata = dispute.metadata;
    dispute.metadata = applyMetadata(body, dispute.metadata);
  }
  const details = dispute.evidence_details;
  const hasEvidence = Object.entries(dispute.evidence).some(
    ([k, v]) => k !== 'enhanced_evidence' && v !== null,
  );
  if (details.has_evidence !== hasEvidence) {
    previous.evidence_details = { ...details };
    details.has_evidence = hasEvidence;
  }
  const bySmartDisputes = available && SMART_METHODS.includes(dispute.intended_submission_method ?? '');
  if (
    submit &&
    dispute.intended_submission_method === 'smart_disputes' &&
    OPEN_STATUSES.includes(dispute.status)
  ) {
    // Submitting with the method `smart_disputes` hands the answer to Smart Disputes (checked available above).
    scheduleSmartSubmission(state, dispute);
  } else if (submit && OPEN_STATUSES.includes(dispute.status)) {
    previous.status = dispute.status;
    previous.evidence_details ??= { ...details };
    details.submission_count += 1;
    details.submission_method = 'manual';
    dispute.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    const verdict = dispute.evidence.uncategorized_text;
    if (verdict === 'winning_evidence' || verdict === 'losing_evidence') {
      state.later(state.followUpDelayMs, () => {
        if (dispute.status === 'under_review' || dispute.status === 'warning_under_review') {
          closeDispute(state, dispute.id, verdict === 'winning_evidence' ? 'won' : 'lost', null);
        }
      });
    }
  } else if (!submit && bySmartDisputes && method !== undefined && OPEN_STATUSES.includes(dispute.status)) {
    // Left to Smart Disputes: it answers by itself a moment later.
    scheduleSmartSubmission(state, dispute);
  }
  if (Object.keys(previous).length > 0) state.emit('charge.dispute.updated', dispute, ctx.request, previous);
  return expand(state, dispute, readExpand(body));
}

/** `POST /v1/disputes/:id/close`: the merchant accepts the dispute (it is lost; an inquiry is closed). */
export function closeDisputeRoute(ctx: ApiContext): unknown {
  allowOnly(ctx.body, ['expand']);
  const record = getDispute(ctx.state, ctx.params.id as string);
  if (!OPEN_STATUSES.includes(record.object.status)) {
    throw unexpectedState(
      'dispute_already_closed',
      `This dispute has a status of ${record.object.status} and can no longer be closed.`,
    );
  }
  closeDispute(ctx.state, record.object.id, 'lost', ctx.request);
  return expand(ctx.state, record.object, readExpand(ctx.body));
}

/**
 * Ends a dispute as the bank would: `won` (funds reinstated) or `lost`; an inquiry ends as `warning_closed`.
 * Emits `charge.dispute.closed` (and `charge.dispute.funds_reinstated` when a chargeback is won).
 */
export function closeDispute(
  state: SandboxState,
  id: string,
  outcome: 'won' | 'lost',
  request: RequestContext | null,
): Stripe.Dispute {
  const dispute = getDispute(state, id).object;
  if (CLOSED_STATUSES.includes(dispute.status)) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'dispute_already_closed',
      message: `This dispute is already closed (${dispute.status}).`,
    });
  }
  const inquiry = dispute.status.startsWith('warning_');
  const previous = { status: dispute.status };
  dispute.status = inquiry ? 'warning_closed' : outcome;
  dispute.is_charge_refundable = false;
  state.emit('charge.dispute.closed', dispute, request, previous);
  if (!inquiry && outcome === 'won') {
    dispute.balance_transactions.push(balanceTransaction(dispute, dispute.amount, 0, 'Chargeback reversal'));
    state.emit('charge.dispute.funds_reinstated', dispute, request);
  }
  return dispute;
}
