import type { EvidencePlan, PlannedFile } from './compile.ts';
import { EVIDENCE_LIMITS, pageLimitFor } from './limits.ts';

/**
 * Keeps the plan within the limits: text fields cut to 20,000 characters and 150,000 in all; files kept in
 * the reason's order of importance while they fit the page and size limits, the communication log shortened
 * to its newest messages when that lets it fit, anything else left out. Every cut is recorded in `leftOut`.
 */
export async function fitToLimits(plan: EvidencePlan, cardBrand: string | null): Promise<EvidencePlan> {
  const leftOut = [...plan.leftOut];
  const text: Record<string, string> = {};
  for (const [field, value] of Object.entries(plan.text)) {
    if (value.length > EVIDENCE_LIMITS.textFieldChars) {
      text[field] = value.slice(0, EVIDENCE_LIMITS.textFieldChars);
      leftOut.push({
        field,
        item: field,
        reason: `text cut to ${EVIDENCE_LIMITS.textFieldChars} characters`,
      });
    } else text[field] = value;
  }
  let total = Object.values(text).reduce((n, v) => n + v.length, 0);
  for (const field of [
    'uncategorized_text',
    'access_activity_log',
    'refund_policy_disclosure',
    'product_description',
  ]) {
    if (total <= EVIDENCE_LIMITS.totalTextChars) break;
    const value = text[field];
    if (!value) continue;
    const keep = Math.max(0, value.length - (total - EVIDENCE_LIMITS.totalTextChars));
    text[field] = value.slice(0, keep);
    total -= value.length - keep;
    leftOut.push({ field, item: field, reason: `text cut to ${keep} characters (150,000 in all)` });
  }

  const pageLimit = pageLimitFor(cardBrand);
  const files: PlannedFile[] = [];
  let pages = 0;
  let bytes = 0;
  for (const [index, file] of plan.files.entries()) {
    const fitsAsIs =
      pages + file.pages <= pageLimit && bytes + file.bytes.length <= EVIDENCE_LIMITS.totalBytes;
    if (fitsAsIs && !file.shortened) {
      files.push(file);
      pages += file.pages;
      bytes += file.bytes.length;
      continue;
    }
    // Shrink to leave room for the files after this one when that still leaves a page for it.
    const later = plan.files.slice(index + 1).reduce((n, f) => n + f.pages, 0);
    const room = pageLimit - pages - later >= 1 ? pageLimit - pages - later : pageLimit - pages;
    const smaller = room >= 1 ? await file.shrink?.(room) : null;
    if (smaller && bytes + smaller.bytes.length <= EVIDENCE_LIMITS.totalBytes) {
      files.push({ ...file, bytes: smaller.bytes, pages: smaller.pages });
      pages += smaller.pages;
      bytes += smaller.bytes.length;
      leftOut.push({ field: file.field, item: file.item, reason: smaller.note });
      continue;
    }
    if (fitsAsIs && file.shortened) {
      files.push(file);
      pages += file.pages;
      bytes += file.bytes.length;
      leftOut.push({ field: file.field, item: file.item, reason: file.shortened });
      continue;
    }
    leftOut.push({
      field: file.field,
      item: file.item,
      reason: `${file.source} (${file.pages} page(s), ${file.bytes.length} bytes) left out: the evidence may hold at most ${pageLimit} pages and ${EVIDENCE_LIMITS.totalBytes} bytes for this card`,
    });
  }
  return { ...plan, text, files, leftOut };
}
