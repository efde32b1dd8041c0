/**
 * A minimal PDF 1.4 writer for text documents (the communication log, service documentation, policies): A4
 * pages, Helvetica in WinAnsi encoding, lines wrapped to the page width, a correct cross-reference table. No
 * images, no fonts to embed, no dependencies.
 */

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 56;
const FONT_SIZE = 10;
const LEADING = 14;
/** Helvetica at 10 pt averages about 5 pt per character; 90 characters fill the text width safely. */
export const CHARS_PER_LINE = 90;
export const LINES_PER_PAGE = Math.floor((PAGE_HEIGHT - 2 * MARGIN - 2 * LEADING) / LEADING);

export interface TextDocument {
  title: string;
  /** Paragraphs; each is wrapped to the page width. An empty string is a blank line. */
  paragraphs: string[];
}

/** WinAnsi (CP1252) bytes for the characters outside Latin-1 that text commonly holds. */
const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
};

/** Text as a PDF literal string in WinAnsi: escapes `\ ( )`, writes bytes over 0x7E in octal, `?` for the rest. */
export function pdfString(text: string): string {
  let out = '(';
  for (const ch of text.replace(/→/g, '->')) {
    const code = ch.codePointAt(0) ?? 0x3f;
    let byte: number;
    if (code >= 0x20 && code <= 0x7e) byte = code;
    else if (code >= 0xa0 && code <= 0xff) byte = code;
    else if (WIN_ANSI[ch] !== undefined) byte = WIN_ANSI[ch];
    else if (code === 0x09) byte = 0x20;
    else byte = 0x3f;
    if (byte === 0x5c || byte === 0x28 || byte === 0x29) out += `\\${String.fromCharCode(byte)}`;
    else if (byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** Wraps one paragraph into lines of at most `width` characters, breaking at spaces where it can. */
export function wrap(paragraph: string, width = CHARS_PER_LINE): string[] {
  const lines: string[] = [];
  for (const raw of paragraph.split(/\r?\n/)) {
    let rest = raw.replace(/\s+$/, '');
    if (rest === '') {
      lines.push('');
      continue;
    }
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      const at = cut > width / 3 ? cut : width;
      lines.push(rest.slice(0, at));
      rest = rest.slice(at).replace(/^ /, '');
    }
    lines.push(rest);
  }
  return lines;
}

/** The lines of a document, split into pages (the title is repeated on each page). */
export function paginate(doc: TextDocument): string[][] {
  const lines = doc.paragraphs.flatMap((p) => wrap(p));
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PAGE) pages.push(lines.slice(i, i + LINES_PER_PAGE));
  return pages.length > 0 ? pages : [[]];
}

/** How many pages `renderPdf(doc)` produces. */
export function pageCount(doc: TextDocument): number {
  return paginate(doc).length;
}

/** Renders a text document as PDF bytes. */
export function renderPdf(doc: TextDocument): Buffer {
  const pages = paginate(doc);
  const objects: string[] = [];
  // 1: catalog, 2: page tree, 3: font; then a page and its content stream for each page.
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, i) => {
    const pageId = pageIds[i] as number;
    const top = PAGE_HEIGHT - MARGIN;
    const ops = [
      'BT',
      `/F1 ${FONT_SIZE + 2} Tf`,
      `${MARGIN} ${top} Td`,
      `${pdfString(`${doc.title}${pages.length > 1 ? ` (page ${i + 1} of ${pages.length})` : ''}`)} Tj`,
      `/F1 ${FONT_SIZE} Tf`,
      `${LEADING} TL`,
      'T*',
      'T*',
      ...lines.map((line) => `${pdfString(line)} Tj T*`),
      'ET',
    ].join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`;
  });

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
