import { describe, expect, it } from 'vitest';
import { maxLinesPerPage, renderPdf, type TextDocument } from './pdf.ts';
import { renderOffThread } from './render-thread.ts';

const doc = (lines: number, date = new Date('2026-11-20T09:00:00Z')): TextDocument => ({
  title: 'Communication log - AWB-1',
  about: ['Merchant: Fracht Polska Sp. z o.o.', 'Buyer: Łukasz Wróbel'],
  date,
  blocks: Array.from({ length: lines }, (_, i) => `${i} Ξεσκεπάζω την ψυχοφθόρα βδελυγμία, Łódź.`),
});

describe('the render thread', () => {
  it('renders the same bytes and page count as rendering in place, and null past maxPages', async () => {
    const long = doc(maxLinesPerPage() * 3);
    const here = renderPdf(long);
    const there = await renderOffThread(long);
    expect(there?.pages).toBe(here?.pages);
    expect(there?.bytes.equals(here?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect(await renderOffThread(long, { maxPages: 1 })).toBeNull();
  });

  it('answers concurrent renders each with its own document', async () => {
    const sizes = [1, 2, 3].map((pages) => maxLinesPerPage() * pages - 10);
    const pdfs = await Promise.all(sizes.map((lines) => renderOffThread(doc(lines))));
    expect(pdfs.map((p) => p?.pages)).toEqual(sizes.map((lines) => renderPdf(doc(lines))?.pages));
  });

  it('rejects a render that fails, saying why, and keeps rendering the next', async () => {
    await expect(renderOffThread(doc(3, new Date(Number.NaN)))).rejects.toThrow(/rendering evidence failed/);
    expect((await renderOffThread(doc(3)))?.pages).toBe(1);
  });
});
