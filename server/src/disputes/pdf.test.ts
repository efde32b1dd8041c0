import { describe, expect, it } from 'vitest';
import { compileEvidence, type CaseInputs } from './compile.ts';
import { fitToLimits } from './fit.ts';
import { countPages, sniffType } from './magic.ts';
import { LINES_PER_PAGE, pageCount, pdfString, renderPdf } from './pdf.ts';
import { smartDisputesAvailable } from './respond.ts';
import { UNSTAMPED } from '../stripe/event-order.ts';
import type Stripe from 'stripe';

describe('the PDF writer', () => {
  it('writes a cross-reference table whose offsets point at each object', () => {
    const pdf = renderPdf({
      title: 'Log',
      paragraphs: Array.from({ length: 120 }, (_, i) => `line ${i}`),
    }).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref).startsWith('xref\n')).toBe(true);
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    entries.forEach((offset, i) => expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true));
    const length = Number(/\/Length (\d+)/.exec(pdf)?.[1]);
    const stream = pdf.indexOf('stream\n') + 'stream\n'.length;
    expect(pdf.slice(stream + length, stream + length + '\nendstream'.length)).toBe('\nendstream');
  });

  it('paginates long text and counts its pages as the networks do', () => {
    const doc = { title: 'Log', paragraphs: Array.from({ length: LINES_PER_PAGE * 3 + 1 }, () => 'x') };
    const pdf = renderPdf(doc);
    expect(pageCount(doc)).toBe(4);
    expect(countPages(pdf, 'pdf')).toBe(4);
    expect(sniffType(pdf)).toBe('pdf');
  });

  it('escapes PDF string delimiters and writes accented letters and the euro sign in WinAnsi', () => {
    expect(pdfString('a (b) \\ c')).toBe('(a \\(b\\) \\\\ c)');
    expect(pdfString('Alcalá €5 → ok 中')).toBe('(Alcal\\341 \\2005 -> ok ?)');
  });
});

describe('evidence limits', () => {
  const inputs = (messages: number): CaseInputs => ({
    disputeId: 'dp_1',
    reason: 'product_not_received',
    cardBrand: 'mastercard',
    pr: {
      id: 'pr_1',
      merchantId: 'm_1',
      status: 'disputed',
      amount: 1000,
      currency: 'eur',
      reference: 'AWB-1',
      description: 'Freight',
      customer: { email: 'a@example.com', name: 'A' },
      carrier: null,
      expiresAt: null,
      metadata: {},
      paymentIntentId: 'pi_1',
      lastError: null,
      amountRefunded: 0,
      amountReceived: 1000,
      vatCheck: null,
      captureMethod: 'automatic',
      amountCapturable: 0,
      captureBefore: null,
      extendedAuthorization: null,
      incrementalAuthorization: null,
      maxFinalAmount: null,
      captureWarnedAt: null,
      receiptEmail: false,
      livemode: false,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      version: 1,
      lastIntentEvent: UNSTAMPED,
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

  it('cuts text over 20,000 characters and shortens the log to the page limit, recording both', () => {
    const plan = fitToLimits(compileEvidence(inputs(40)), 'mastercard');
    expect(plan.text.uncategorized_text).toHaveLength(20_000);
    const pages = plan.files.reduce((n, f) => n + f.pages, 0);
    expect(pages).toBeLessThanOrEqual(19);
    expect(plan.leftOut.map((l) => l.field)).toEqual(['uncategorized_text', 'customer_communication']);
  });

  it('leaves out a file that cannot fit at all, saying why', () => {
    const full = {
      ...inputs(2),
      proofs: [{ id: 'evf_1', type: 'pdf' as const, pages: 19, bytes: Buffer.from('%PDF-') }],
    };
    const plan = fitToLimits(compileEvidence(full), 'mastercard');
    expect(plan.files.map((f) => f.field)).toEqual(['shipping_documentation']);
    const out = plan.leftOut.filter((l) => l.field !== 'uncategorized_text');
    expect(out.map((l) => l.field)).toEqual(['customer_communication', 'service_documentation']);
    expect(out[0]?.reason).toMatch(/at most 19 pages/);
  });

  it('keeps a log that fits as it is', () => {
    const plan = fitToLimits(compileEvidence(inputs(2)), 'visa');
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
