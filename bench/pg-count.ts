import pg from 'pg';

/**
 * Counts the statements this process sends to PostgreSQL (each one a round trip), for the bench's report of
 * how many each request costs. It wraps `pg.Client.prototype.query`, through which every pool and every
 * transaction of the PostgreSQL store passes; a bench-only measuring device, never loaded by the server.
 */
export interface PgCounts {
  /** Statements sent (each a round trip to PostgreSQL). */
  statements: number;
  /** Explicit transactions (`BEGIN`); statements outside one commit on their own. */
  transactions: number;
  /** Statements by their text's start (whitespace collapsed), to see which ones a request sends. */
  byText: Record<string, number>;
}

const counts: PgCounts = { statements: 0, transactions: 0, byText: {} };
let installed = false;

export function countPgStatements(): void {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query;
  // The overloads of `query` cannot be restated here; the wrapper passes its arguments through untouched.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    counts.statements++;
    if (args[0] === 'BEGIN') counts.transactions++;
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const key = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim().slice(0, 70) : '(a query object)';
    counts.byText[key] = (counts.byText[key] ?? 0) + 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

export const pgCounts = (): PgCounts => ({ ...counts, byText: { ...counts.byText } });

/** What was sent between two snapshots. */
export function pgSent(from: PgCounts, to: PgCounts): PgCounts {
  const byText: Record<string, number> = {};
  for (const [text, n] of Object.entries(to.byText)) {
    const d = n - (from.byText[text] ?? 0);
    if (d > 0) byText[text] = d;
  }
  return {
    statements: to.statements - from.statements,
    transactions: to.transactions - from.transactions,
    byText,
  };
}

/** Adds `more` into `total`. */
export function addSent(total: PgCounts, more: PgCounts): PgCounts {
  const byText = { ...total.byText };
  for (const [text, n] of Object.entries(more.byText)) byText[text] = (byText[text] ?? 0) + n;
  return {
    statements: total.statements + more.statements,
    transactions: total.transactions + more.transactions,
    byText,
  };
}
