import { describe, expect, it } from 'vitest';
import { controls } from '../data/controls.ts';
import { owaspEdition, owaspTop10 } from '../data/owasp.ts';

describe('the OWASP map on /best-practices/', () => {
  it('follows the 2025 edition: ten categories A01–A10, in order, each mapped by at least one control', () => {
    expect(owaspEdition).toBe('2025');
    expect(owaspTop10.map((category) => category.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `A${String(i + 1).padStart(2, '0')}`),
    );
    const empty = owaspTop10.filter((category) => !controls.some((c) => c.owasp.includes(category.id)));
    expect(empty.map((category) => category.id)).toEqual([]);
  });

  it('maps software supply chain failures (A03:2025) to a control verified by the supply-chain tests', () => {
    const supplyChain = controls.filter((control) => control.owasp.includes('A03'));
    const files = supplyChain.flatMap((control) => control.verifiedBy.map((test) => test.file));
    expect(files).toContain('e2e/security/supply-chain.test.ts');
  });
});
