import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MONITOR_DEFAULTS } from '../monitoring/rules.ts';
import { RISK_DEFAULTS, RULE_POINTS } from './settings.ts';

type Plain = Record<string, unknown>;
const flatten = (o: Plain, prefix = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object'
      ? flatten(v as Plain, `${prefix}${k}.`)
      : [[`${prefix}${k}`, String(v)]],
  );

/** The `| \`name\` | value |` rows of a Markdown file. */
function rows(path: string): Map<string, string> {
  const text = readFileSync(new URL(path, import.meta.url), 'utf8');
  const found = new Map<string, string>();
  for (const match of text.matchAll(/^\|\s*`([a-z_.]+)`\s*\|\s*([^|]+?)\s*\|$/gm))
    found.set(match[1] as string, (match[2] as string).trim());
  return found;
}

describe('the documented rules match the code', () => {
  it('risk/README.md lists every risk default and rule’s points, with the code’s values, and nothing else', () => {
    const expected = new Map([
      ...flatten(RISK_DEFAULTS),
      ...Object.entries(RULE_POINTS).map(([k, v]) => [k, String(v)] as [string, string]),
    ]);
    expect(rows('./README.md')).toEqual(expected);
  });

  it('monitoring/README.md lists every monitoring default with the code’s value', () => {
    const documented = rows('../monitoring/README.md');
    for (const [path, value] of flatten(MONITOR_DEFAULTS)) expect(documented.get(path), path).toBe(value);
    expect([...documented.keys()].filter((k) => k.includes('.')).sort()).toEqual(
      flatten(MONITOR_DEFAULTS)
        .map(([k]) => k)
        .sort(),
    );
  });
});
