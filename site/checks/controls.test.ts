import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Control } from '../data/controls.ts';
import { checkControls, declaresTest } from './controls.ts';

function control(overrides: Partial<Control>): Control {
  return {
    id: 'webhook-signature',
    area: 'webhooks',
    claim: { en: 'Webhooks are verified.', es: 'Los webhooks se verifican.' },
    how: { en: 'HMAC.', es: 'HMAC.' },
    where: ['src/verify.ts'],
    verifiedBy: [{ file: 'src/verify.test.ts', name: 'a tampered payload is refused' }],
    owasp: ['A08'],
    ...overrides,
  };
}

function repo(): string {
  const root = mkdtempSync(join(tmpdir(), 'cargopay-controls-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/verify.ts'), 'export {};\n');
  writeFileSync(
    join(root, 'src/verify.test.ts'),
    "describe('signatures', () => {\n  it('a tampered payload is refused', () => {});\n});\n// 'mentioned in a comment only'\n",
  );
  return root;
}

describe('controls registry check', () => {
  it('accepts a control whose implementation and test exist', () => {
    expect(checkControls([control({})], repo()).failures).toEqual([]);
  });

  it('fails a control whose test name does not occur in its test file', () => {
    const check = checkControls(
      [control({ verifiedBy: [{ file: 'src/verify.test.ts', name: 'a forged payload is refused' }] })],
      repo(),
    );
    expect(check.failures).toEqual([
      'control "webhook-signature": src/verify.test.ts has no test named "a forged payload is refused"',
    ]);
  });

  it('fails a control whose implementation or test file does not exist', () => {
    const check = checkControls(
      [control({ where: ['src/gone.ts'], verifiedBy: [{ file: 'src/gone.test.ts', name: 'x' }] })],
      repo(),
    );
    expect(check.failures).toEqual([
      'control "webhook-signature": implementation path src/gone.ts does not exist',
      'control "webhook-signature": test file src/gone.test.ts does not exist',
    ]);
  });

  it('fails two controls with the same id', () => {
    expect(checkControls([control({}), control({})], repo()).failures).toContain(
      'control "webhook-signature": the id is used twice',
    );
  });

  it('counts a name only where it is the name of a test, not a mention elsewhere', () => {
    const source =
      "it('refuses a PAN', () => {});\ntest.each([1])('runs %s', () => {});\nconst x = 'just text';\n";
    expect(declaresTest(source, 'refuses a PAN')).toBe(true);
    expect(declaresTest(source, 'runs %s')).toBe(true);
    expect(declaresTest(source, 'just text')).toBe(false);
    expect(declaresTest(source, 'refuses a')).toBe(false);
  });
});
