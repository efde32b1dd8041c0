import { describe, expect, it } from 'vitest';
import { compileEvidence, type CaseInputs } from './compile.ts';
import { fitToLimits } from './fit.ts';
import { countPages, sniffType } from './magic.ts';
import { drawable, maxLinesPerPage, renderPdf, type TextDocument } from './pdf.ts';
import { extract } from './test-helpers.ts';
import { smartDisputesAvailable } from './respond.ts';
import { paymentRequest } from '../store/contract/fixtures.ts';
import type Stripe from 'stripe';

describe('the PDF renderer (PDFKit, DejaVu Sans)', () => {
  const doc = (blocks: TextDocument['blocks']): TextDocument => ({
    title: 'Communication log - AWB-1',
    about: ['Merchant: M', 'Shipment reference AWB-1'],
    date: new Date('2026-11-20T09:00:00Z'),
    blocks,
  });

  it('counts the pages its layout produced, as a PDF reader and the networks count them', async () => {
    const pdf = renderPdf(doc(Array.from({ length: maxLinesPerPage() * 3 }, (_, i) => `line ${i}`)));
    if (!pdf) throw new Error('no PDF');
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    expect((await extract(pdf.bytes)).pages).toBe(pdf.pages);
    expect(countPages(pdf.bytes, 'pdf')).toBe(pdf.pages);
    expect(sniffType(pdf.bytes)).toBe('pdf');
    // Page objects in the open, as the sandbox's and magic.ts's counting needs: no object or cross-reference streams.
    expect(pdf.bytes.toString('latin1')).not.toMatch(/\/ObjStm|\/Type\s*\/XRef/);
  });

  it('prints the title, what the case is about and "Page n of m" on every page', async () => {
    const pdf = renderPdf(doc(Array.from({ length: maxLinesPerPage() * 2 }, () => 'x')));
    if (!pdf) throw new Error('no PDF');
    const { perPage } = await extract(pdf.bytes);
    perPage.forEach((text, i) => {
      expect(text).toContain('Communication log - AWB-1');
      expect(text).toContain('Merchant: M · Shipment reference AWB-1');
      expect(text).toContain(`Page ${i + 1} of ${pdf.pages}`);
    });
  });

  it('renders the same evidence as the same bytes, so a retried answer reuses its uploaded file', () => {
    const a = renderPdf(doc(['Łukasz Wróbel, Łódź']));
    const b = renderPdf(doc(['Łukasz Wróbel, Łódź']));
    expect(a?.bytes.equals(b?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it('reads back exactly in a document rendered after another (a font shared between documents lost letters)', async () => {
    // Subsetting the first document creates glyphs for the parts of composite letters (Ł, ą, έ) with no text;
    // a later document that reused the parsed font read "EUR" back as "6UR" and "Konwencją" as "Aonwencją".
    const first = doc([
      'Payment request pr_vUa81URvs1O9ceSFFk0yBpzv between Fracht Polska Sp. z o.o. and Łukasz Wróbel.',
      { heading: '2026-11-13 09:00 UTC - email - from Łukasz Wróbel' },
      'Καλημέρα, η παλέτα δεν έφτασε ακόμη στην Αθήνα. Πού βρίσκεται η αποστολή;',
    ]);
    const second = doc([
      'Reference AWB-020-1234 5675; payment request pr_vUa81URvs1O9ceSFFk0yBpzv; amount EUR 1200.00.',
      { heading: 'Terms' },
      'Przewóz zgodnie z Konwencją montrealską; reklamacje w ciągu 14 dni od doręczenia.',
    ]);
    for (const [i, d] of [first, second, first].entries()) {
      const pdf = renderPdf(d);
      if (!pdf) throw new Error('no PDF');
      const { text } = await extract(pdf.bytes);
      for (const block of d.blocks)
        expect(text, `document ${i}`).toContain(typeof block === 'string' ? block : block.heading);
    }
  });

  it('stops laying out past maxPages and says so with null', () => {
    const long = doc(Array.from({ length: maxLinesPerPage() * 5 }, () => 'x'));
    expect(renderPdf(long, { maxPages: 2 })).toBeNull();
    expect(renderPdf(long, { maxPages: 50 })?.pages).toBeGreaterThan(2);
  });

  it('replaces what the font cannot draw (CJK, emoji) with U+FFFD and keeps everything it can', async () => {
    expect(drawable('Łódź 中 📦 Ω\tЖ')).toBe('Łódź \uFFFD \uFFFD Ω Ж');
    const pdf = renderPdf(doc(['Łódź 中 Ω']));
    if (!pdf) throw new Error('no PDF');
    expect((await extract(pdf.bytes)).text).toContain('Łódź \uFFFD Ω');
  });
});

describe('evidence limits', () => {
  const inputs = (messages: number): CaseInputs => ({
    disputeId: 'dp_1',
    openedAt: '2026-11-20T09:00:00.000Z',
    reason: 'product_not_received',
    cardBrand: 'mastercard',
    pr: {
      ...paymentRequest('pr_1', 'm_1', '2026-11-01T00:00:00.000Z'),
      status: 'disputed',
      amount: 1000,
      reference: 'AWB-1',
      description: 'Freight',
      customer: { email: 'a@example.com', name: 'A' },
      paymentIntentId: 'pi_1',
      amountReceived: 1000,
    },
    merchantName: 'M',
    shipment: null,
    policies: { service_description: 'S', terms: null, refund_policy: null },
    proofs: [],
    messages: Array.from({ length: messages }, (_, i) => ({
      id: `msg_${i}`,
      channel: 'email' as const,
      direction: 'inbound' as const,
      at: '2026-11-02T00:00:00Z',
      text: 'word '.repeat(900),
    })),
    activity: [],
    radar: null,
    billing: null,
    added: { uncategorized_text: 'y'.repeat(25_000) },
  });

  it('cuts text over 20,000 characters and shortens the log to the page limit, recording both', async () => {
    const plan = await fitToLimits(await compileEvidence(inputs(40)), 'mastercard');
    expect(plan.text.uncategorized_text).toHaveLength(20_000);
    const pages = plan.files.reduce((n, f) => n + f.pages, 0);
    expect(pages).toBeLessThanOrEqual(19);
    expect(plan.leftOut.map((l) => l.field)).toEqual(['uncategorized_text', 'customer_communication']);
  });

  it('leaves out a file that cannot fit at all, saying why', async () => {
    const full = {
      ...inputs(2),
      proofs: [{ id: 'evf_1', type: 'pdf' as const, pages: 19, bytes: Buffer.from('%PDF-') }],
    };
    const plan = await fitToLimits(await compileEvidence(full), 'mastercard');
    expect(plan.files.map((f) => f.field)).toEqual(['shipping_documentation']);
    const out = plan.leftOut.filter((l) => l.field !== 'uncategorized_text');
    expect(out.map((l) => l.field)).toEqual(['customer_communication', 'service_documentation']);
    expect(out[0]?.reason).toMatch(/at most 19 pages/);
  });

  it('keeps a log that fits as it is', async () => {
    const plan = await fitToLimits(await compileEvidence(inputs(2)), 'visa');
    expect(plan.leftOut.map((l) => l.field)).toEqual(['uncategorized_text']);
    expect(plan.files.map((f) => f.field)).toEqual(['customer_communication', 'service_documentation']);
  });
});

describe('Smart Disputes', () => {
  it('counts as available only when Stripe says so on the dispute', () => {
    const dispute = (smart: unknown) => ({ id: 'dp_1', smart_disputes: smart }) as unknown as Stripe.Dispute;
    expect(smartDisputesAvailable(dispute({ status: 'available' }))).toBe(true);
    expect(smartDisputesAvailable(dispute({ status: 'unavailable' }))).toBe(false);
    expect(smartDisputesAvailable(dispute(undefined))).toBe(false);
  });
});
