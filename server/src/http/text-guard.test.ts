import { describe, expect, it } from 'vitest';
import { MAX_TEXT_ERRORS, textErrors, textFault } from './text-guard.ts';

describe('text that no field may hold', () => {
  it('refuses lone surrogates, high or low, anywhere in a string; accepts pairs (emoji)', () => {
    for (const s of ['\ud800', 'a\ud800b', 'a\udc00', '\udfff\ud800', 'x\ud83d']) {
      expect(textFault(s), JSON.stringify(s)).toMatch(/surrogate/);
    }
    for (const s of ['📦 Pallet', 'Łódź → Göteborg', '\ud83d\ude00', '']) expect(textFault(s)).toBeNull();
  });

  it('refuses NUL, other C0 controls and DEL; accepts tab, line feed and carriage return', () => {
    for (const s of ['a\u0000', '\u0007', '\u001b[31m', 'x\u007f', '\u000b', '\u000c']) {
      expect(textFault(s), JSON.stringify(s)).toMatch(/control character/);
    }
    expect(textFault('line one\r\nline two\tend')).toBeNull();
  });

  it('reports each bad value and key with its dotted path, and the reserved key __proto__', () => {
    const body = JSON.parse(
      '{"description":"a\\ud800","customer":{"name":"ok","x\\u0000":"v"},"metadata":{"__proto__":"p"},"list":["ok","\\udc00"]}',
    ) as unknown;
    expect(
      textErrors(body)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['customer.x\u0000', 'description', 'list.1', 'metadata.__proto__'].sort());
  });

  it(`walks a flat body of 100,000 keys without recursion and reports at most ${MAX_TEXT_ERRORS}`, () => {
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, '\u0000']));
    expect(textErrors(many)).toHaveLength(MAX_TEXT_ERRORS);
    expect(textErrors({ a: 1, b: null, c: true, d: [1.5, { e: 'fine' }] })).toEqual([]);
  });
});
