import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_BY_REASON, EVIDENCE_ITEMS } from './compile.ts';
import { EVIDENCE_LIMITS } from './limits.ts';

const text = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

/** The rows of the table whose first header cell is `header`: code-named first cell → the other cells. */
function rows(header: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let inTable = false;
  for (const line of text.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (!line.startsWith('|')) inTable = false;
    else if (cells[0] === header) inTable = true;
    const name = /^`([a-z_A-Z]+)`$/.exec(cells[0] ?? '')?.[1];
    if (inTable && name) found.set(name, cells.slice(1));
  }
  return found;
}
const codes = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);

describe('disputes/README.md matches the code', () => {
  it('lists each reason’s evidence in the code’s order', () => {
    for (const [reason, items] of Object.entries(EVIDENCE_BY_REASON))
      expect(codes(rows('reason').get(reason)?.[0]), reason).toEqual(items);
  });

  it('lists the Stripe fields of each piece of evidence', () => {
    for (const [item, fields] of Object.entries(EVIDENCE_ITEMS))
      expect(codes(rows('piece').get(item)?.[0]), item).toEqual(fields);
  });

  it('states the evidence limits', () => {
    for (const [name, value] of Object.entries(EVIDENCE_LIMITS))
      expect(rows('limit').get(name)?.[0], name).toBe(String(value));
  });
});
