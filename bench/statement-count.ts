import { DatabaseSync, StatementSync } from 'node:sqlite';
import pg from 'pg';

/**
 * Counts the statements this process sends to PostgreSQL (each one a round trip) and runs on SQLite, for the
 * bench's report of what each request costs. It wraps `pg.Client.prototype.query`, through which every pool
 * and transaction of the PostgreSQL store passes, and `node:sqlite`'s statement and `exec` methods. A
 * bench-only measuring device (a counter and a map entry per statement), never loaded by the server.
 */
export interface StatementCounts {
  statements: number;
  /** Transactions opened (`BEGIN`); a statement outside one commits on its own. */
  transactions: number;
  /** Statements by their text. */
  byText: Record<string, number>;
}

export type Counted = Record<'pg' | 'sqlite', StatementCounts>;

const none = (): StatementCounts => ({ statements: 0, transactions: 0, byText: {} });
const counts: Counted = { pg: none(), sqlite: none() };
let installed = false;

function count(into: StatementCounts, text: unknown): void {
  into.statements++;
  const key = typeof text === 'string' ? text : '(not a text)';
  if (key.startsWith('BEGIN')) into.transactions++;
  into.byText[key] = (into.byText[key] ?? 0) + 1;
}

/** Installs the counters (once). */
export function countStatements(): void {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query;
  // The overloads of `query` cannot be restated here; the wrapper passes its arguments through untouched.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    count(counts.pg, typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = StatementSync.prototype[method] as (...a: unknown[]) => unknown;
    Object.defineProperty(StatementSync.prototype, method, {
      value: function (this: StatementSync, ...args: unknown[]) {
        count(counts.sqlite, this.sourceSQL);
        return original.apply(this, args);
      },
      writable: true,
      configurable: true,
    });
  }
  const exec = DatabaseSync.prototype.exec;
  DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string) {
    count(counts.sqlite, sql);
    return exec.call(this, sql);
  };
}

const copy = (c: StatementCounts): StatementCounts => ({ ...c, byText: { ...c.byText } });
export const statementCounts = (): Counted => ({ pg: copy(counts.pg), sqlite: copy(counts.sqlite) });
export const nothingCounted = (): Counted => ({ pg: none(), sqlite: none() });

/** `total` plus what was counted between `from` and `to`. */
export function addCounted(total: Counted, from: Counted, to: Counted): Counted {
  const add = (t: StatementCounts, f: StatementCounts, n: StatementCounts): StatementCounts => {
    const byText = { ...t.byText };
    for (const [text, k] of Object.entries(n.byText)) {
      const d = k - (f.byText[text] ?? 0);
      if (d > 0) byText[text] = (byText[text] ?? 0) + d;
    }
    return {
      statements: t.statements + n.statements - f.statements,
      transactions: t.transactions + n.transactions - f.transactions,
      byText,
    };
  };
  return { pg: add(total.pg, from.pg, to.pg), sqlite: add(total.sqlite, from.sqlite, to.sqlite) };
}

/** The most frequent statements, their text's start with whitespace collapsed (equal starts merged). */
export function topStatements(c: StatementCounts, count: number): [string, number][] {
  const merged = new Map<string, number>();
  for (const [text, n] of Object.entries(c.byText)) {
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
    merged.set(key, (merged.get(key) ?? 0) + n);
  }
  return [...merged.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}
