import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * Evidence documents (the communication log, service documentation, policies) as PDF, laid out by PDFKit in
 * DejaVu Sans, embedded and subset to the glyphs each file uses: Latin with every diacritic, Greek and
 * Cyrillic, so every EU official language reads as written. Right-to-left scripts are not laid out. A4 pages
 * carry the title and what the document is about (merchant, shipment, dispute, dates) at the top and
 * "Page n of m" at the bottom. The page count is the one the layout produced, never an estimate.
 */

export type Block = string | { heading: string };

export interface TextDocument {
  title: string;
  /** Facts that identify the case (merchant, shipment, dispute, dates), printed under the title on every page. */
  about: string[];
  /**
   * The PDF's creation date. The caller fixes it (the dispute's opening) so that the same evidence renders the
   * same bytes, and a retried answer reuses the file it already uploaded.
   */
  date: Date;
  /** Paragraphs, wrapped to the page width; `{ heading }` prints in bold. An empty string is a blank line. */
  blocks: Block[];
}

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
}

const MARGIN = 56;
const BODY_TOP = 92;
const BODY_BOTTOM = 64;
const BODY_SIZE = 10;
const LINE_GAP = 2;
const GREY = '#444444';

const require = createRequire(import.meta.url);
const fontFile = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);

interface Fonts {
  regular: Buffer;
  bold: Buffer;
}
let files: Fonts | undefined;

function fontFiles(): Fonts {
  files ??= {
    regular: readFileSync(fontFile('DejaVuSans.ttf')),
    bold: readFileSync(fontFile('DejaVuSans-Bold.ttf')),
  };
  return files;
}

/**
 * The fonts for one document, parsed afresh: fontkit caches glyph objects on a font with the code points it
 * first saw them with, and a font shared between documents gave later documents wrong text (a PDF reader
 * read "EUR" as "6UR"). Parsing costs about a millisecond; its layout tables warm up again in each document.
 */
function loadFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  const { regular, bold } = fontFiles();
  return { regular: fontkit.create(regular) as fontkit.Font, bold: fontkit.create(bold) as fontkit.Font };
}

let metrics: fontkit.Font | undefined;
/** A parsed font kept for questions that create no glyph objects a document uses (glyph coverage, metrics). */
function metricsFont(): fontkit.Font {
  metrics ??= fontkit.create(fontFiles().regular) as fontkit.Font;
  return metrics;
}

const supported = new Map<number, boolean>();
/**
 * Text as the font can draw it: characters it has no glyph for (CJK, emoji, …) become U+FFFD, visibly replaced
 * rather than silently blank; control characters other than line breaks become spaces.
 */
export function drawable(text: string): string {
  const regular = metricsFont();
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0xfffd;
    if (ch === '\n') out += ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else {
      let has = supported.get(code);
      if (has === undefined) {
        has = regular.hasGlyphForCodePoint(code);
        supported.set(code, has);
      }
      out += has ? ch : '\uFFFD';
    }
  }
  return out;
}

/** An upper bound on the body lines one page holds, for callers that search over how much text fits. */
export function maxLinesPerPage(): number {
  const regular = metricsFont();
  const lineHeight = ((regular.ascent - regular.descent) / regular.unitsPerEm) * BODY_SIZE + LINE_GAP;
  return Math.ceil((841.89 - BODY_TOP - BODY_BOTTOM) / lineHeight);
}

// @types/pdfkit lags PDFKit 0.20, whose `font()` also takes an already-parsed fontkit font.
const asSource = (font: fontkit.Font) => font as unknown as PDFKit.Mixins.PDFFontSource;

/**
 * Renders a text document. With `maxPages`, gives up and returns `null` as soon as the layout passes that many
 * pages (so a long log costs at most the pages that could be kept).
 */
export function renderPdf(doc: TextDocument, options: { maxPages?: number } = {}): RenderedPdf | null {
  const { regular, bold } = loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    // An empty default font keeps PDFKit from adding a Helvetica that the document never uses.
    font: '',
    margins: { top: BODY_TOP, bottom: BODY_BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.4',
    info: {
      Title: drawable(doc.title),
      Creator: 'CargoPay',
      Producer: 'CargoPay (PDFKit)',
      CreationDate: doc.date,
    },
  });
  const width = pdf.page.width - 2 * MARGIN;
  pdf.fontSize(BODY_SIZE);
  for (const block of doc.blocks) {
    if (typeof block === 'string') {
      if (block === '') pdf.moveDown(0.6);
      else pdf.font(asSource(regular)).text(drawable(block), { width, lineGap: LINE_GAP });
    } else {
      pdf.font(asSource(bold)).text(drawable(block.heading), { width, lineGap: LINE_GAP });
    }
    if (options.maxPages !== undefined && pdf.bufferedPageRange().count > options.maxPages) return null;
  }

  const pages = pdf.bufferedPageRange().count;
  const title = drawable(doc.title);
  const about = drawable(doc.about.join('  ·  '));
  for (let i = 0; i < pages; i++) {
    pdf.switchToPage(i);
    // Header and footer sit in the margins; without this PDFKit would start a new page for them.
    pdf.page.margins.top = 0;
    pdf.page.margins.bottom = 0;
    pdf.fillColor('black').font(asSource(bold)).fontSize(13);
    pdf.text(title, MARGIN, 30, { width, height: 16, ellipsis: true, lineBreak: false });
    pdf.fillColor(GREY).font(asSource(regular)).fontSize(8);
    // Up to three lines of facts; the rest, if any, ends in an ellipsis above the rule.
    pdf.text(about, MARGIN, 48, { width, height: 30, ellipsis: true });
    pdf
      .moveTo(MARGIN, 80)
      .lineTo(MARGIN + width, 80)
      .lineWidth(0.5)
      .strokeColor(GREY)
      .stroke();
    pdf.text(`Page ${i + 1} of ${pages}`, MARGIN, pdf.page.height - 44, {
      width,
      align: 'right',
      lineBreak: false,
    });
  }
  pdf.end();
  // PDFKit writes synchronously into its readable side; end() has pushed the whole file, so read() returns it.
  const bytes = pdf.read() as Buffer | null;
  if (!bytes) throw new Error('PDFKit produced no output');
  return { bytes, pages };
}
