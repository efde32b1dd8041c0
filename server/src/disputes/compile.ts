import type { PaymentRequest } from '../store/types.ts';
import type { EvidenceFileType } from './magic.ts';
import { pageLimitFor } from './limits.ts';
import { maxLinesPerPage, type RenderedPdf, type TextDocument } from './pdf.ts';
import { renderOffThread } from './render-thread.ts';
import type { StoredMessage } from '../store/ports/disputes.ts';
import type { Address, Shipment } from './schema.ts';

/**
 * Evidence compilation: from what CargoPay knows about a payment request to Stripe's `evidence` fields, chosen
 * by the dispute's reason, checked against the networks' limits. No I/O: files are rendered in memory, on the
 * render thread (`render-thread.ts`), and uploaded by `respond.ts`.
 */

/** The pieces of evidence CargoPay can produce, and the Stripe fields each one fills. */
export const EVIDENCE_ITEMS = {
  shipment: [
    'shipping_carrier',
    'shipping_tracking_number',
    'shipping_date',
    'shipping_address',
    'service_date',
  ],
  proof_of_delivery: ['shipping_documentation'],
  communication: ['customer_communication'],
  service: ['product_description', 'service_documentation'],
  terms: ['cancellation_policy', 'cancellation_policy_disclosure'],
  refund_policy: ['refund_policy', 'refund_policy_disclosure'],
  customer: ['customer_name', 'customer_email_address', 'billing_address'],
  purchase_activity: ['customer_purchase_ip', 'access_activity_log'],
  duplicate: ['duplicate_charge_explanation'],
} as const;
export type EvidenceItem = keyof typeof EVIDENCE_ITEMS;

/**
 * The evidence each dispute reason calls for, most important first (files are kept in this order when the
 * page limit forces a choice). Reasons not listed (bank or network reasons) use `general`.
 */
export const EVIDENCE_BY_REASON: Record<string, EvidenceItem[]> = {
  product_not_received: [
    'shipment',
    'proof_of_delivery',
    'communication',
    'service',
    'refund_policy',
    'customer',
  ],
  fraudulent: ['customer', 'purchase_activity', 'shipment', 'proof_of_delivery', 'communication', 'service'],
  unrecognized: [
    'customer',
    'purchase_activity',
    'service',
    'shipment',
    'proof_of_delivery',
    'communication',
  ],
  duplicate: ['duplicate', 'service', 'shipment', 'customer', 'communication'],
  credit_not_processed: ['refund_policy', 'communication', 'service', 'shipment', 'customer'],
  product_unacceptable: [
    'service',
    'proof_of_delivery',
    'shipment',
    'communication',
    'refund_policy',
    'customer',
  ],
  subscription_canceled: ['terms', 'communication', 'service', 'customer'],
  general: [
    'service',
    'shipment',
    'proof_of_delivery',
    'communication',
    'terms',
    'refund_policy',
    'customer',
  ],
};

export function itemsFor(reason: string): EvidenceItem[] {
  return EVIDENCE_BY_REASON[reason] ?? EVIDENCE_BY_REASON.general ?? [];
}

export interface CheckoutActivity {
  at: string;
  ip: string | null;
  device: string;
  decision: string;
  score: number;
}

export interface CaseInputs {
  disputeId: string;
  /** When the dispute was opened (ISO): printed on the documents and their creation date, so they render the same. */
  openedAt: string;
  reason: string;
  cardBrand: string | null;
  pr: PaymentRequest;
  merchantName: string;
  shipment: Shipment | null;
  policies: { service_description: string | null; terms: string | null; refund_policy: string | null };
  proofs: { id: string; type: EvidenceFileType; pages: number; bytes: Buffer }[];
  messages: StoredMessage[];
  activity: CheckoutActivity[];
  radar: { riskLevel: string | null; riskScore: number | null } | null;
  billing: { name: string | null; address: string | null } | null;
  /** Text the merchant added through the API; it overrides what is compiled. */
  added: Record<string, string>;
}

export interface PlannedFile {
  field: string;
  item: EvidenceItem;
  source: string;
  name: string;
  type: EvidenceFileType;
  bytes: Buffer;
  pages: number;
  /**
   * Set when the file was already shortened to fit the card's page limit on its own (a communication log too
   * long for it): what was left out. The limits still shrink it further when that leaves room for later files.
   */
  shortened?: string;
  /** A smaller version of this file within `maxPages`, with a note on what was left out; `null` if none. */
  shrink?: (maxPages: number) => Promise<{ bytes: Buffer; pages: number; note: string } | null>;
}

export interface EvidencePlan {
  text: Record<string, string>;
  files: PlannedFile[];
  missing: { item: EvidenceItem; fields: string[] }[];
  leftOut: { field: string; item: string; reason: string }[];
}

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function formatAddress(a: Address): string {
  return [a.line1, a.line2, `${a.postal_code} ${a.city}`, a.state, a.country]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join(', ');
}

export function formatMoney(amount: number, currency: string): string {
  const zeroDecimal = ['jpy', 'isk', 'huf'].includes(currency);
  return `${currency.toUpperCase()} ${zeroDecimal ? amount : (amount / 100).toFixed(2)}`;
}

/** What every page of a document says about the case, under its title. */
function about(inputs: CaseInputs): string[] {
  const { pr, shipment } = inputs;
  const facts = [
    `Merchant: ${inputs.merchantName}`,
    `Buyer: ${pr.customer.name}`,
    `Shipment reference ${pr.reference}`,
    `Payment request ${pr.id} of ${day(pr.createdAt)}`,
  ];
  if (shipment) {
    facts.push(
      `Shipped ${day(shipment.shipped_at)} with ${shipment.carrier}, tracking ${shipment.tracking_number}`,
    );
    if (shipment.delivered_at) facts.push(`Delivered ${day(shipment.delivered_at)}`);
  }
  facts.push(`Dispute ${inputs.disputeId} opened ${day(inputs.openedAt)}`);
  return facts;
}

function document(inputs: CaseInputs, title: string, blocks: TextDocument['blocks']): TextDocument {
  return { title, about: about(inputs), date: new Date(inputs.openedAt), blocks };
}

/** The communication log as a text document; `keepLast` keeps only the newest messages. */
function communicationDoc(inputs: CaseInputs, keepLast?: number): TextDocument {
  const all = inputs.messages;
  const kept = keepLast === undefined ? all : all.slice(Math.max(0, all.length - keepLast));
  const omitted = all.length - kept.length;
  const blocks: TextDocument['blocks'] = [
    `Payment request ${inputs.pr.id}, shipment reference ${inputs.pr.reference}, between ${inputs.merchantName} and ${inputs.pr.customer.name}.`,
    `${all.length} message(s), oldest first.${omitted > 0 ? ` The ${omitted} oldest are not reproduced here (page limit).` : ''}`,
    '',
  ];
  for (const m of kept) {
    const who = m.direction === 'inbound' ? `from ${inputs.pr.customer.name}` : `from ${inputs.merchantName}`;
    blocks.push({ heading: `${minute(new Date(m.at).toISOString())} - ${m.channel} - ${who}` }, m.text, '');
  }
  return document(inputs, `Communication log - ${inputs.pr.reference}`, blocks);
}

/**
 * The newest messages that fit in `maxPages`, at most `below` of them, found by laying the log out (binary
 * search: the log's length in pages grows with the messages kept). `null` when not even the newest one fits.
 */
async function newestThatFit(
  inputs: CaseInputs,
  maxPages: number,
  below: number,
): Promise<{ keep: number; pdf: RenderedPdf } | null> {
  // Each message takes at least two lines (its heading and its text): more than this many cannot fit.
  let hi = Math.min(below, Math.floor((maxPages * maxLinesPerPage()) / 2));
  let lo = 1;
  let best: { keep: number; pdf: RenderedPdf } | null = null;
  while (lo <= hi) {
    const keep = Math.floor((lo + hi) / 2);
    const pdf = await renderOffThread(communicationDoc(inputs, keep), { maxPages });
    if (pdf) {
      best = { keep, pdf };
      lo = keep + 1;
    } else hi = keep - 1;
  }
  return best;
}

function serviceDoc(inputs: CaseInputs): TextDocument {
  const { pr, policies, shipment } = inputs;
  const blocks: TextDocument['blocks'] = [
    `Service sold: ${pr.description}`,
    `Reference ${pr.reference}; payment request ${pr.id}; amount ${formatMoney(pr.amount, pr.currency)}.`,
  ];
  if (pr.carrier) blocks.push(`Carrier: ${pr.carrier.name}.`);
  if (shipment) {
    blocks.push(
      `Shipped ${day(shipment.shipped_at)} with ${shipment.carrier}, tracking ${shipment.tracking_number}, to ${formatAddress(shipment.delivery_address)}.`,
    );
  }
  if (policies.service_description)
    blocks.push('', { heading: 'Service description' }, policies.service_description);
  if (policies.terms) blocks.push('', { heading: 'Terms' }, policies.terms);
  return document(inputs, `Service documentation - ${inputs.merchantName}`, blocks);
}

/**
 * A document as a planned file, or a note of why it was left out: a document longer than the card's page limit
 * can never be sent, so its layout stops there (a 20,000-character policy of short lines would run to hundreds
 * of pages).
 */
async function pdfFile(
  inputs: CaseInputs,
  leftOut: EvidencePlan['leftOut'],
  target: { field: string; item: EvidenceItem; source: string },
  doc: TextDocument,
): Promise<PlannedFile[]> {
  const limit = pageLimitFor(inputs.cardBrand);
  const pdf = await renderOffThread(doc, { maxPages: limit });
  if (!pdf) {
    leftOut.push({
      field: target.field,
      item: target.item,
      reason: `${target.source} left out: longer than the ${limit} pages the evidence may hold for this card`,
    });
    return [];
  }
  return [{ ...target, name: `${target.field}.pdf`, type: 'pdf', bytes: pdf.bytes, pages: pdf.pages }];
}

/** A plain summary of the case for `uncategorized_text`. */
export function summary(inputs: CaseInputs): string {
  const { pr, shipment } = inputs;
  const lines = [
    `${inputs.merchantName} charged ${formatMoney(pr.amount, pr.currency)} for "${pr.description}" (shipment reference ${pr.reference}), requested from ${pr.customer.name} on ${day(pr.createdAt)} through CargoPay payment request ${pr.id}.`,
  ];
  if (shipment) {
    lines.push(
      `The shipment left on ${day(shipment.shipped_at)} with ${shipment.carrier} under tracking number ${shipment.tracking_number}, addressed to ${formatAddress(shipment.delivery_address)}.`,
    );
    if (shipment.delivered_at) {
      const signer = shipment.recipient?.signed_by ?? shipment.recipient?.name;
      lines.push(
        `It was delivered on ${day(shipment.delivered_at)}${signer ? ` and signed for by ${signer}` : ''}.`,
      );
    }
  }
  if (inputs.proofs.length > 0)
    lines.push('The signed proof of delivery is attached as shipping documentation.');
  if (inputs.messages.length > 0) {
    lines.push(
      `${inputs.messages.length} message(s) exchanged with the buyer are attached as the communication log.`,
    );
  }
  return lines.join(' ');
}

/**
 * Chooses and renders the evidence for one dispute, before limits are applied (except that a communication log
 * longer than the card's page limit on its own is already cut to the newest messages that fit, and says so).
 */
export async function compileEvidence(inputs: CaseInputs): Promise<EvidencePlan> {
  const { pr, shipment, policies } = inputs;
  const text: Record<string, string> = {};
  const files: PlannedFile[] = [];
  const missing: EvidencePlan['missing'] = [];
  const leftOut: EvidencePlan['leftOut'] = [];
  const lack = (item: EvidenceItem) => missing.push({ item, fields: [...EVIDENCE_ITEMS[item]] });

  for (const item of itemsFor(inputs.reason)) {
    switch (item) {
      case 'shipment':
        if (!shipment) {
          lack(item);
          break;
        }
        text.shipping_carrier = shipment.carrier;
        text.shipping_tracking_number = shipment.tracking_number;
        text.shipping_date = day(shipment.shipped_at);
        text.shipping_address = formatAddress(shipment.delivery_address);
        text.service_date = day(shipment.delivered_at ?? shipment.shipped_at);
        break;
      case 'proof_of_delivery': {
        const latest = inputs.proofs.at(-1);
        if (!latest) {
          lack(item);
          break;
        }
        files.push({
          field: 'shipping_documentation',
          item,
          source: `proof of delivery ${latest.id}`,
          name: `proof-of-delivery.${latest.type}`,
          type: latest.type,
          bytes: latest.bytes,
          pages: latest.pages,
        });
        break;
      }
      case 'communication': {
        if (inputs.messages.length === 0) {
          lack(item);
          break;
        }
        const total = inputs.messages.length;
        const note = (keep: number) =>
          `communication log shortened to the newest ${keep} of ${total} messages to stay within the page limit`;
        const limit = pageLimitFor(inputs.cardBrand);
        let whole = await renderOffThread(communicationDoc(inputs), { maxPages: limit });
        let kept = total;
        if (!whole) {
          const fits = await newestThatFit(inputs, limit, total - 1);
          if (!fits) {
            leftOut.push({
              field: 'customer_communication',
              item,
              reason: `communication log left out: not even its newest message fits in ${limit} pages`,
            });
            break;
          }
          ({ keep: kept, pdf: whole } = fits);
        }
        const shortened = kept < total ? note(kept) : undefined;
        files.push({
          field: 'customer_communication',
          item,
          source: 'communication log',
          name: 'customer_communication.pdf',
          type: 'pdf',
          bytes: whole.bytes,
          pages: whole.pages,
          ...(shortened ? { shortened } : {}),
          shrink: async (maxPages) => {
            const fits = await newestThatFit(inputs, maxPages, shortened ? kept : kept - 1);
            return fits ? { bytes: fits.pdf.bytes, pages: fits.pdf.pages, note: note(fits.keep) } : null;
          },
        });
        break;
      }
      case 'service': {
        const carrier = pr.carrier ? ` Carrier: ${pr.carrier.name}.` : '';
        text.product_description = `${pr.description} (shipment reference ${pr.reference}).${carrier}${
          policies.service_description ? ` ${policies.service_description}` : ''
        }`;
        if (policies.service_description || policies.terms) {
          files.push(
            ...(await pdfFile(
              inputs,
              leftOut,
              { field: 'service_documentation', item, source: 'service description and terms' },
              serviceDoc(inputs),
            )),
          );
        }
        if (!policies.service_description) lack(item);
        break;
      }
      case 'terms':
        if (!policies.terms) {
          lack(item);
          break;
        }
        files.push(
          ...(await pdfFile(
            inputs,
            leftOut,
            { field: 'cancellation_policy', item, source: 'terms' },
            document(inputs, `Terms - ${inputs.merchantName}`, [policies.terms]),
          )),
        );
        text.cancellation_policy_disclosure = `The terms were shown to the buyer with payment request ${pr.id} before payment.`;
        break;
      case 'refund_policy':
        if (!policies.refund_policy) {
          lack(item);
          break;
        }
        files.push(
          ...(await pdfFile(
            inputs,
            leftOut,
            { field: 'refund_policy', item, source: 'refund policy' },
            document(inputs, `Refund policy - ${inputs.merchantName}`, [policies.refund_policy]),
          )),
        );
        text.refund_policy_disclosure =
          `The refund policy applies to payment request ${pr.id}: ${policies.refund_policy}`.slice(0, 2_000);
        break;
      case 'customer':
        text.customer_name = pr.customer.name;
        text.customer_email_address = pr.customer.email;
        if (inputs.billing?.address) text.billing_address = inputs.billing.address;
        break;
      case 'purchase_activity': {
        if (inputs.activity.length === 0) {
          lack(item);
          break;
        }
        const withIp = inputs.activity.filter((a) => a.ip).at(-1);
        if (withIp?.ip) text.customer_purchase_ip = withIp.ip;
        const lines = inputs.activity.map(
          (a) =>
            `${a.at} checkout attempt${a.ip ? ` from IP ${a.ip}` : ''}, device ${a.device}, risk decision ${a.decision} (score ${a.score})`,
        );
        if (inputs.radar?.riskLevel) {
          lines.push(
            `Stripe Radar risk level ${inputs.radar.riskLevel}, score ${inputs.radar.riskScore ?? 'n/a'}.`,
          );
        }
        text.access_activity_log = lines.join('\n');
        break;
      }
      case 'duplicate':
        text.duplicate_charge_explanation = `CargoPay creates exactly one PaymentIntent per payment request (${pr.id} has only ${pr.paymentIntentId ?? 'one'}), with an idempotency key derived from the request, so this shipment (reference ${pr.reference}) was charged once. Any other charge to this buyer is for a different shipment with its own reference.`;
        break;
    }
  }
  text.uncategorized_text = summary(inputs);
  for (const [field, value] of Object.entries(inputs.added)) text[field] = value;
  return { text, files, missing, leftOut };
}
