import { describe, expect, it } from 'vitest';
import { assertJsonShape, jsonDepth, MAX_JSON_DEPTH } from './json-depth.ts';
import { ProblemError } from './problems.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting depth, read from the raw bytes before parsing', () => {
  it('counts objects and arrays, not brackets inside strings or after escapes', () => {
    expect(jsonDepth(bytes('{}'))).toBe(1);
    expect(jsonDepth(bytes('{"a":[{"b":1}]}'))).toBe(3);
    expect(jsonDepth(bytes('{"a":"[[[{{{"}'))).toBe(1);
    expect(jsonDepth(bytes('{"a":"\\"[[[","b":"\\\\"}'))).toBe(1);
    expect(jsonDepth(bytes('"[[["'))).toBe(0);
    expect(jsonDepth(bytes('{"ü€😀":["{"]}'))).toBe(2);
  });

  it('stops counting once past the limit (linear, no recursion, even on 1,000,000 levels)', () => {
    expect(jsonDepth(bytes(nested(1_000_000)), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth(bytes('['.repeat(50)))).toBe(50);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1} with json-too-deep`, () => {
    expect(() => assertJsonShape(bytes(nested(MAX_JSON_DEPTH)), 'utf-8')).not.toThrow();
    let thrown: unknown;
    try {
      assertJsonShape(bytes(nested(MAX_JSON_DEPTH + 1)), 'utf-8');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    expect((thrown as ProblemError).slug).toBe('json-too-deep');
  });

  it('refuses JSON in a charset other than UTF-8 (RFC 8259 §8.1) as unsupported-media-type', () => {
    expect(() => assertJsonShape(bytes('{}'), 'utf-16le')).toThrow(ProblemError);
    expect(() => assertJsonShape(bytes('{}'), 'UTF-8')).not.toThrow();
    expect(() => assertJsonShape(bytes('{}'), null)).not.toThrow();
  });
});
