/**
 * The card networks' limits on dispute evidence, as Stripe enforces them: Stripe refuses evidence over the
 * page or size limit with `dispute_evidence_page_limit_exceeded`, even when it is only staged as a draft. All
 * evidence files together may hold at most 4.5 MB and 50 pages (19 pages when the card is a Mastercard); each
 * text field at most 20,000 characters, all text together at most 150,000.
 */
export const EVIDENCE_LIMITS = {
  totalBytes: 4.5 * 1024 * 1024,
  totalPages: 50,
  totalPagesMastercard: 19,
  textFieldChars: 20_000,
  totalTextChars: 150_000,
} as const;

/** Largest single evidence file Stripe accepts for `dispute_evidence`, and so the largest proof of delivery. */
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

export function pageLimitFor(cardBrand: string | null): number {
  return cardBrand === 'mastercard' ? EVIDENCE_LIMITS.totalPagesMastercard : EVIDENCE_LIMITS.totalPages;
}
