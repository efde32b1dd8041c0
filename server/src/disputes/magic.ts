/** File types accepted as dispute evidence, recognised from their first bytes (never from a name or header). */
export type EvidenceFileType = 'pdf' | 'png' | 'jpg';

export const CONTENT_TYPES: Record<EvidenceFileType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
};

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The type of `bytes` from its magic number: `%PDF-`, the PNG signature, or JPEG's `FF D8 FF`; else `null`. */
export function sniffType(bytes: Uint8Array): EvidenceFileType | null {
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 8 && PNG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  return null;
}

/**
 * Pages of an evidence file as the card networks count them: the page objects of a PDF (at least one), one
 * page for an image.
 */
export function countPages(bytes: Uint8Array, type: EvidenceFileType): number {
  if (type !== 'pdf') return 1;
  const matches = Buffer.from(bytes)
    .toString('latin1')
    .match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return Math.max(1, matches?.length ?? 0);
}
