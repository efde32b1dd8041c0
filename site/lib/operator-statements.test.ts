import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_STATEMENTS_FILE,
  loadOperatorStatements,
  OperatorStatementsError,
  parseOperatorStatements,
} from './operator-statements.ts';

const valid = {
  operator: { name: 'Freight Pay S.L.', security: { email: 'security@freightpay.test' } },
  statements: {
    'iso-27001': {
      text: {
        en: 'We are certified to ISO/IEC 27001.',
        es: 'Estamos certificados conforme a ISO/IEC 27001.',
      },
      statedBy: { name: 'Ana Pérez', role: 'CISO' },
      date: '2026-03-01',
      evidenceUrl: 'https://certs.example/123',
    },
  },
};

function problemsOf(json: unknown): string {
  try {
    parseOperatorStatements(json, 'statements.json');
  } catch (error) {
    expect(error).toBeInstanceOf(OperatorStatementsError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('operator statements file', () => {
  it('without OPERATOR_STATEMENTS, states nothing', () => {
    expect(loadOperatorStatements(undefined)).toEqual({ source: 'none', operator: null, statements: {} });
    expect(loadOperatorStatements('')).toEqual({ source: 'none', operator: null, statements: {} });
  });

  it("the operator's own file is read with who stated each statement, when, and its evidence", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-statements-'));
    writeFileSync(join(dir, 'statements.json'), JSON.stringify(valid));
    const loaded = loadOperatorStatements('statements.json', dir);
    expect(loaded.source).toBe('file');
    expect(loaded.operator?.name).toBe('Freight Pay S.L.');
    expect(loaded.operator?.security?.preferredLanguages).toEqual(['en']);
    expect(Object.keys(loaded.statements)).toEqual(['iso-27001']);
    expect(loaded.statements['iso-27001']?.statedBy).toEqual({ name: 'Ana Pérez', role: 'CISO' });
  });

  it("the repository's example file is valid and marked as the example", () => {
    const loaded = loadOperatorStatements(EXAMPLE_STATEMENTS_FILE);
    expect(loaded.source).toBe('example');
    expect(Object.keys(loaded.statements).length).toBeGreaterThan(20);
  });

  it('a statement without its Spanish text fails naming the field', () => {
    const json = structuredClone(valid);
    delete (json.statements['iso-27001'].text as { es?: string }).es;
    expect(problemsOf(json)).toContain('statements.iso-27001.text.es:');
  });

  it('a statement without who made it or with a malformed date fails naming each field', () => {
    const json = structuredClone(valid) as {
      statements: { 'iso-27001': { statedBy?: unknown; date: string } };
    };
    delete json.statements['iso-27001'].statedBy;
    json.statements['iso-27001'].date = '1 March 2026';
    const message = problemsOf(json);
    expect(message).toContain('statements.iso-27001.statedBy:');
    expect(message).toContain('statements.iso-27001.date: must be a date, YYYY-MM-DD');
  });

  it('an evidence link that is not https fails naming the field', () => {
    const json = structuredClone(valid);
    json.statements['iso-27001'].evidenceUrl = 'http://certs.example/123';
    expect(problemsOf(json)).toContain('statements.iso-27001.evidenceUrl: must be an https:// URL');
  });

  it('a statement the site does not know (a misspelt id) fails naming it', () => {
    const json = structuredClone(valid) as { statements: Record<string, unknown> };
    json.statements['iso-27010'] = json.statements['iso-27001'];
    expect(problemsOf(json)).toContain('statements.iso-27010:');
  });

  it("a file without the operator's name fails naming the field", () => {
    expect(problemsOf({ operator: {}, statements: {} })).toContain('operator.name:');
  });

  it('a file that is missing or not JSON fails naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargopay-statements-'));
    writeFileSync(join(dir, 'broken.json'), '{ "operator": ');
    expect(() => loadOperatorStatements('broken.json', dir)).toThrow(
      /OPERATOR_STATEMENTS \(broken\.json\)[\s\S]*is not valid JSON/,
    );
    expect(() => loadOperatorStatements('absent.json', dir)).toThrow(
      /OPERATOR_STATEMENTS \(absent\.json\)[\s\S]*cannot be read \(ENOENT\)/,
    );
  });
});
