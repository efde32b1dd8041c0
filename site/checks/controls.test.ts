import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Control } from '../data/controls.ts';
import { checkControls } from './controls.ts';
import { declaresTest } from './declared-tests.ts';

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
      'control "webhook-signature": src/verify.test.ts has no running test named "a forged payload is refused" (it.skip, it.todo, a describe title or a comment do not count)',
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

  it('refuses a name that is skipped, todo, expected to fail, conditional, a describe title or commented out', () => {
    const source = [
      "describe('signatures', () => {",
      "  it.skip('skipped test', () => {});",
      "  it.todo('todo test');",
      "  test.fails('failing test', () => {});",
      "  it.skipIf(process.env.CI)('conditional test', () => {});",
      "  it.only('focused test', () => {});",
      "  // it('commented test', () => {});",
      '  /* test("block-commented test", () => {}); */',
      "  xit('mocha-skipped test', () => {});",
      '});',
      "describe.skip('skipped suite', () => {",
      "  it('test in a skipped suite', () => {});",
      '});',
      "describe.skipIf(true)('conditional suite', () => {",
      "  it('test in a conditional suite', () => {});",
      '});',
    ].join('\n');
    for (const name of [
      'signatures',
      'skipped test',
      'todo test',
      'failing test',
      'conditional test',
      'focused test',
      'commented test',
      'block-commented test',
      'mocha-skipped test',
      'test in a skipped suite',
      'test in a conditional suite',
    ]) {
      expect(declaresTest(source, name), name).toBe(false);
    }
  });

  it('accepts real tests: plain, in suites, table-driven, concurrent, in a template literal', () => {
    const source = [
      "describe.each([1])('suite %s', () => {",
      "  describe('inner', () => {",
      "    it('nested test', () => {});",
      '  });',
      '});',
      "it.concurrent('concurrent test', async () => {});",
      "test.for([[1]])('table test %s', () => {});",
      'it(`template test`, () => {});',
    ].join('\n');
    for (const name of ['nested test', 'concurrent test', 'table test %s', 'template test']) {
      expect(declaresTest(source, name), name).toBe(true);
    }
  });

  it('fails a control that names a skipped test, so the registry never claims a test that does not run', () => {
    const root = repo();
    writeFileSync(
      join(root, 'src/verify.test.ts'),
      "describe('signatures', () => {\n  it.skip('a tampered payload is refused', () => {});\n});\n",
    );
    expect(checkControls([control({})], root).failures).toEqual([
      'control "webhook-signature": src/verify.test.ts has no running test named "a tampered payload is refused" (it.skip, it.todo, a describe title or a comment do not count)',
    ]);
  });

  it('accepts a suite title only where the control names it as a suite, and only if the suite runs', () => {
    const root = repo();
    const suite = { file: 'src/verify.test.ts', name: 'signatures', suite: true as const };
    expect(checkControls([control({ verifiedBy: [suite] })], root).failures).toEqual([]);
    writeFileSync(
      join(root, 'src/verify.test.ts'),
      "describe.skip('signatures', () => {\n  it('a tampered payload is refused', () => {});\n});\n",
    );
    expect(checkControls([control({ verifiedBy: [suite] })], root).failures).toEqual([
      'control "webhook-signature": src/verify.test.ts has no running suite (describe) titled "signatures"',
    ]);
  });
});
