import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import type { NewNotification, PaymentRequest } from '../store/types.ts';
import { disputeStatusRank, type EventStamp } from '../stripe/event-order.ts';
import { compileEvidence, type CaseInputs } from './compile.ts';
import { fitToLimits } from './fit.ts';
import { CONTENT_TYPES } from './magic.ts';
import { notificationFor } from '../payment-requests/notification.ts';
import { disputeSettings } from './schema.ts';
import type { CaseEvidence, CaseResponse, DisputeCase } from '../store/ports/disputes.ts';

/** Dispute statuses in which evidence can still be given. */
export const OPEN_DISPUTE_STATUSES = ['needs_response', 'warning_needs_response'];

const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref == null ? null : typeof ref === 'string' ? ref : ref.id;

const iso = (seconds: number | null | undefined): string | null =>
  seconds ? new Date(seconds * 1000).toISOString() : null;

/** Whether Stripe says Smart Disputes can answer this dispute (a field newer than the pinned SDK types). */
export function smartDisputesAvailable(dispute: Stripe.Dispute): boolean {
  const smart = (dispute as unknown as { smart_disputes?: { status?: string } | null }).smart_disputes;
  return smart?.status === 'available';
}

/** The payment request a dispute is about: by the linked PaymentIntent, else by the intent's metadata. */
export async function requestForDispute(
  ctx: AppContext,
  dispute: Stripe.Dispute,
): Promise<PaymentRequest | null> {
  const intentId = idOf(dispute.payment_intent);
  if (!intentId) return null;
  const linked = await ctx.store.paymentRequests.byIntent(intentId);
  if (linked) return linked;
  const intent = await ctx.stripe.client.paymentIntents.retrieve(intentId);
  const prId = intent.metadata?.payment_request;
  const pr = prId ? await ctx.store.paymentRequests.get(prId) : null;
  return pr && (pr.paymentIntentId === null || pr.paymentIntentId === intentId) ? pr : null;
}

/**
 * Opens (or finds) the case for a dispute Stripe told us about, as `stamp` (the event's, or a read's) describes
 * it; an existing case is returned as it is (see `recordDisputeState` to update it).
 */
export async function openCase(
  ctx: AppContext,
  dispute: Stripe.Dispute,
  stamp: EventStamp,
): Promise<DisputeCase> {
  const repo = ctx.store.disputes;
  const existing = await repo.getCase(dispute.id);
  if (existing) return existing;
  const pr = await requestForDispute(ctx, dispute);
  const details = dispute.payment_method_details;
  await repo.openCase(
    {
      id: dispute.id,
      merchantId: pr?.merchantId ?? null,
      paymentRequestId: pr?.id ?? null,
      chargeId: idOf(dispute.charge) ?? '',
      reason: dispute.reason,
      status: dispute.status,
      inquiry: dispute.status.startsWith('warning_') || details?.card?.case_type === 'inquiry',
      amount: dispute.amount,
      currency: dispute.currency,
      dueBy: iso(dispute.evidence_details?.due_by),
      cardBrand: details?.card?.brand ?? null,
      openedAt: new Date(dispute.created * 1000).toISOString(),
      response: pr ? 'pending' : 'not_ours',
      lastEvent: stamp,
    },
    ctx.now().toISOString(),
  );
  return (await repo.getCase(dispute.id)) as DisputeCase;
}

async function gatherInputs(
  ctx: AppContext,
  dispute: Stripe.Dispute,
  pr: PaymentRequest,
  added: Record<string, string>,
): Promise<CaseInputs> {
  const repo = ctx.store.disputes;
  const risk = ctx.store.risk;
  const merchant = await ctx.store.merchants.get(pr.merchantId);
  const settings = await disputeSettings(repo, pr.merchantId);
  const overrides = await repo.policies(pr.id);
  const pick = (k: 'service_description' | 'terms' | 'refund_policy') =>
    overrides[k] === undefined ? settings[k] : overrides[k];
  let billing: CaseInputs['billing'] = null;
  const chargeId = idOf(dispute.charge);
  if (chargeId) {
    const charge = await ctx.stripe.client.charges.retrieve(chargeId);
    const a = charge.billing_details?.address;
    const parts = a
      ? [a.line1, a.line2, [a.postal_code, a.city].filter(Boolean).join(' '), a.state, a.country]
      : [];
    const address = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(', ');
    billing = { name: charge.billing_details?.name ?? null, address: address || null };
  }
  const radar = await risk.paymentRisk(pr.id);
  const proofs = await repo.files(pr.id, 'proof_of_delivery');
  return {
    disputeId: dispute.id,
    openedAt: new Date(dispute.created * 1000).toISOString(),
    reason: dispute.reason,
    cardBrand: dispute.payment_method_details?.card?.brand ?? null,
    pr,
    merchantName: merchant?.name ?? 'The merchant',
    shipment: await repo.shipment(pr.id),
    policies: {
      service_description: pick('service_description'),
      terms: pick('terms'),
      refund_policy: pick('refund_policy'),
    },
    proofs: await Promise.all(
      proofs.map(async (f) => ({
        id: f.id,
        type: f.type,
        pages: f.pages,
        bytes: (await repo.fileBytes(f.id)) ?? Buffer.alloc(0),
      })),
    ),
    messages: await repo.messages(pr.id),
    activity: (await risk.attemptsFor(pr.id)).map((a) => ({
      at: a.createdAt,
      ip: a.ip === 'unknown' ? null : a.ip,
      device: a.deviceHash.slice(0, 12),
      decision: a.decision,
      score: a.score,
    })),
    radar: radar ? { riskLevel: radar.riskLevel, riskScore: radar.riskScore } : null,
    billing,
    added,
  };
}

/**
 * Answers a dispute: compiles the evidence by reason, fits it to the limits, uploads the files (purpose
 * `dispute_evidence`) and updates the dispute, submitting it or staging it as a draft as the merchant's policy
 * (or `submit`) says; or, when the merchant prefers Smart Disputes and Stripe offers it, leaves the answer to
 * Stripe. Records what was sent and what was missing, and notifies the merchant through the outbox.
 */
export async function respondToDispute(
  ctx: AppContext,
  disputeId: string,
  options: { submit?: boolean; added?: Record<string, string> } = {},
): Promise<DisputeCase> {
  const repo = ctx.store.disputes;
  const stripe = ctx.stripe.client;
  const dispute = await stripe.disputes.retrieve(disputeId);
  const nowIso = () => ctx.now().toISOString();
  const known = await repo.getCase(dispute.id);
  // A read is at least as new as the event the case was last written from, but carries no event time of its
  // own: it takes that event's time, so within that second it may move the status forward (by rank), never
  // back, and any newer event still overrides it.
  const read: EventStamp = known
    ? { ...known.lastEvent, rank: disputeStatusRank(dispute.status) }
    : { created: dispute.created, rank: disputeStatusRank(dispute.status), eventId: '' };
  const { kase } = await recordDisputeState(ctx, dispute, read);
  if (!kase.paymentRequestId) return kase;
  const pr = await ctx.store.paymentRequests.get(kase.paymentRequestId);
  if (!pr) return kase;
  if (!OPEN_DISPUTE_STATUSES.includes(dispute.status)) {
    // A merchant asking to add evidence or submit learns why nothing happened; casework just stops.
    if (options.submit !== undefined) {
      throw new ProblemError('dispute-not-open', { detail: `The dispute is ${dispute.status}.` });
    }
    // A retry after a crash between Stripe accepting the evidence and us recording it: say it was submitted.
    if (kase.response === 'pending' && dispute.evidence_details.submission_count > 0) {
      await repo.recordResponse(
        dispute.id,
        { response: 'submitted', evidence: null, added: kase.added, submitted: true, error: null },
        nowIso(),
      );
    }
    return (await repo.getCase(dispute.id)) as DisputeCase;
  }

  const settings = await disputeSettings(repo, pr.merchantId);
  const added = { ...kase.added, ...options.added };
  let response: CaseResponse;
  let evidence: CaseEvidence | null = null;

  if (options.submit === undefined && settings.prefer_smart_disputes && smartDisputesAvailable(dispute)) {
    await stripe.disputes.update(
      dispute.id,
      { intended_submission_method: 'prefer_smart_disputes' },
      { idempotencyKey: `cargopay:${dispute.id}:smart-disputes` },
    );
    response = 'smart_disputes';
  } else {
    const inputs = await gatherInputs(ctx, dispute, pr, added);
    const plan = await fitToLimits(await compileEvidence(inputs), inputs.cardBrand);
    const fields: Record<string, string> = { ...plan.text };
    const files: CaseEvidence['files'] = [];
    // A file already uploaded for this dispute with the same bytes is reused, not uploaded again.
    const uploaded = new Map((kase.evidence?.files ?? []).map((f) => [`${f.field}:${f.digest}`, f.file]));
    for (const f of plan.files) {
      const digest = createHash('sha256').update(f.bytes).digest('hex');
      let file = uploaded.get(`${f.field}:${digest}`);
      if (!file) {
        file = (
          await stripe.files.create({
            purpose: 'dispute_evidence',
            file: { data: f.bytes, name: f.name, type: CONTENT_TYPES[f.type] },
          })
        ).id;
      }
      fields[f.field] = file;
      files.push({ field: f.field, file, source: f.source, pages: f.pages, bytes: f.bytes.length, digest });
    }
    const submit = options.submit ?? settings.submission === 'automatic';
    const params: Stripe.DisputeUpdateParams = {
      evidence: fields as Stripe.DisputeUpdateParams.Evidence,
      submit,
    };
    if (settings.prefer_smart_disputes) params.intended_submission_method = 'manual';
    await stripe.disputes.update(dispute.id, params);
    evidence = {
      fields,
      files,
      missing: plan.missing.map((m) => ({ item: m.item, fields: m.fields })),
      leftOut: plan.leftOut,
      complete: plan.missing.length === 0,
    };
    response = submit ? 'submitted' : 'draft';
  }
  // The case's answer and the merchant's notification commit together: a crash cannot keep one of them only.
  const at = nowIso();
  const after = await ctx.store.transaction(async (tx) => {
    await tx.disputes.recordResponse(
      dispute.id,
      { response, evidence, added, submitted: response === 'submitted', error: null },
      at,
    );
    const recorded = (await tx.disputes.getCase(dispute.id)) as DisputeCase;
    const notice = notificationFor(pr, 'payment_request.dispute_evidence', ctx.now(), {
      dispute: {
        id: recorded.id,
        reason: recorded.reason,
        status: dispute.status,
        amount: recorded.amount,
        currency: recorded.currency,
        due_by: recorded.dueBy,
        response,
        evidence_sent: evidence ? Object.keys(evidence.fields).sort() : [],
        missing: evidence ? evidence.missing.map((m) => m.item) : [],
        left_out: evidence ? evidence.leftOut.map((l) => ({ field: l.field, reason: l.reason })) : [],
      },
    });
    await tx.commit({ notifications: [notice] }, at);
    return recorded;
  });
  ctx.wake.notifications();
  return after;
}

/**
 * Records what one event (or read) says of a dispute: opens the case if it is new, then applies status, amount,
 * due date and outcome together unless the case was written from a newer event (`stripe/event-order.ts`).
 * Whichever path first records an outcome (`charge.dispute.closed`, a late `updated` that says closed, a read
 * while answering) tells the merchant, once.
 */
export async function recordDisputeState(
  ctx: AppContext,
  dispute: Stripe.Dispute,
  stamp: EventStamp,
): Promise<{ kase: DisputeCase; applied: boolean }> {
  const opened = await openCase(ctx, dispute, stamp);
  // A case's payment request is set when it opens and never changes: read before the transaction.
  const pr = opened.paymentRequestId ? await ctx.store.paymentRequests.get(opened.paymentRequestId) : null;
  const now = ctx.now().toISOString();
  // The state and the outcome's notification commit together, so the merchant is told once and surely.
  const result = await ctx.store.transaction(async (tx) => {
    const { applied, closed } = await tx.disputes.applyStripeState(
      dispute.id,
      { status: dispute.status, dueBy: iso(dispute.evidence_details?.due_by), amount: dispute.amount },
      stamp,
      now,
    );
    const kase = (await tx.disputes.getCase(dispute.id)) as DisputeCase;
    const announce = closed && pr !== null;
    if (announce) await tx.commit({ notifications: [outcomeNotification(ctx, pr, kase)] }, now);
    return { kase, applied, announce };
  });
  if (result.announce) ctx.wake.notifications();
  return { kase: result.kase, applied: result.applied };
}

/** The merchant's notice of a dispute's outcome (`payment_request.dispute_closed`). */
function outcomeNotification(ctx: AppContext, pr: PaymentRequest, after: DisputeCase): NewNotification {
  return notificationFor(pr, 'payment_request.dispute_closed', ctx.now(), {
    dispute: {
      id: after.id,
      reason: after.reason,
      status: after.status,
      outcome: after.outcome,
      amount: after.amount,
      currency: after.currency,
    },
  });
}
