/**
 * Dispute evidence: which fields take files and which take text, the sandbox's size and page limits, and
 * reading an `evidence` hash against them.
 */
import type Stripe from 'stripe';
import { invalidRequest } from './errors.ts';
import type { FormObject } from './form.ts';
import type { DisputeRecord, SandboxState } from './state.ts';

/** Evidence fields that take a File id (`file_…`, purpose `dispute_evidence`). */
export const FILE_EVIDENCE_FIELDS = [
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
] as const;

/** Evidence fields that take text. */
export const TEXT_EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_tracking_number',
  'uncategorized_text',
] as const;

/**
 * The sandbox's evidence limits (Stripe documents the same kind of limits; see the README):
 * all evidence files together at most 4.5 MB and 50 pages (19 pages when the card is a Mastercard);
 * each text field at most 20,000 characters, all text together at most 150,000.
 */
export const EVIDENCE_LIMITS = {
  totalBytes: 4.5 * 1024 * 1024,
  totalPages: 50,
  totalPagesMastercard: 19,
  textFieldChars: 20_000,
  totalTextChars: 150_000,
} as const;

/** A fresh, empty `evidence` hash. */
export function emptyEvidence(): Stripe.Dispute.Evidence {
  return {
    access_activity_log: null,
    billing_address: null,
    cancellation_policy: null,
    cancellation_policy_disclosure: null,
    cancellation_rebuttal: null,
    customer_communication: null,
    customer_email_address: null,
    customer_name: null,
    customer_purchase_ip: null,
    customer_signature: null,
    duplicate_charge_documentation: null,
    duplicate_charge_explanation: null,
    duplicate_charge_id: null,
    enhanced_evidence: {},
    product_description: null,
    receipt: null,
    refund_policy: null,
    refund_policy_disclosure: null,
    refund_refusal_explanation: null,
    service_date: null,
    service_documentation: null,
    shipping_address: null,
    shipping_carrier: null,
    shipping_date: null,
    shipping_documentation: null,
    shipping_tracking_number: null,
    uncategorized_file: null,
    uncategorized_text: null,
  };
}

/** Counts a file's pages for the page limit: PDF page objects, or 1 for an image. */
export function countPages(bytes: Uint8Array, type: string): number {
  if (type !== 'pdf') return 1;
  const text = Buffer.from(bytes).toString('latin1');
  const matches = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return Math.max(1, matches?.length ?? 0);
}

export function readEvidence(
  state: SandboxState,
  record: DisputeRecord,
  value: FormObject,
): Stripe.Dispute.Evidence {
  const evidence = structuredClone(record.object.evidence);
  const target = evidence as unknown as Record<string, unknown>;
  for (const [key, raw] of Object.entries(value)) {
    const param = `evidence[${key}]`;
    if (key === 'enhanced_evidence') continue;
    if ((FILE_EVIDENCE_FIELDS as readonly string[]).includes(key)) {
      if (typeof raw !== 'string') throw invalidRequest('Invalid string', { param });
      if (raw === '') {
        target[key] = null;
        continue;
      }
      const file = state.files.get(raw);
      if (!file) throw invalidRequest(`No such file upload: '${raw}'`, { code: 'resource_missing', param });
      if (file.object.purpose !== 'dispute_evidence') {
        throw invalidRequest(`File ${raw} was not uploaded with purpose dispute_evidence.`, { param });
      }
      target[key] = raw;
    } else if ((TEXT_EVIDENCE_FIELDS as readonly string[]).includes(key)) {
      if (typeof raw !== 'string') throw invalidRequest('Invalid string', { param });
      if (raw.length > EVIDENCE_LIMITS.textFieldChars) {
        throw invalidRequest(
          `${param} is too long: at most ${EVIDENCE_LIMITS.textFieldChars} characters (got ${raw.length}).`,
          { code: 'parameter_invalid_string', param },
        );
      }
      target[key] = raw === '' ? null : raw;
    } else {
      throw invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
    }
  }
  let textChars = 0;
  for (const field of TEXT_EVIDENCE_FIELDS) textChars += ((target[field] as string | null) ?? '').length;
  if (textChars > EVIDENCE_LIMITS.totalTextChars) {
    throw invalidRequest(
      `The evidence text is too long: at most ${EVIDENCE_LIMITS.totalTextChars} characters in all (got ${textChars}).`,
      { code: 'parameter_invalid_string', param: 'evidence' },
    );
  }
  let bytes = 0;
  let pages = 0;
  for (const field of FILE_EVIDENCE_FIELDS) {
    const id = target[field];
    if (typeof id !== 'string') continue;
    const file = state.files.get(id);
    if (!file) continue;
    bytes += file.object.size;
    pages += file.pages;
  }
  const brand = record.object.payment_method_details?.card?.brand;
  const pageLimit =
    brand === 'mastercard' ? EVIDENCE_LIMITS.totalPagesMastercard : EVIDENCE_LIMITS.totalPages;
  if (pages > pageLimit || bytes > EVIDENCE_LIMITS.totalBytes) {
    throw invalidRequest(
      `The evidence files are too large: together they have ${pages} pages and ${bytes} bytes, and may have at most ${pageLimit} pages and ${EVIDENCE_LIMITS.totalBytes} bytes.`,
      { code: 'dispute_evidence_page_limit_exceeded', param: 'evidence' },
    );
  }
  return evidence;
}
