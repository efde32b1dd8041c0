import type { EventStamp } from '../../stripe/event-order.ts';

/**
 * A row as either adapter reads it: column name to value. SQLite gives integers (0/1 for flags) and strings,
 * PostgreSQL booleans, numbers (BIGINT parsed, `pg-pool.ts`) and strings; the readers below accept both.
 */
export type Row = Readonly<Record<string, unknown>>;
/** One value of a row, as read. */
export type Cell = unknown;
/**
 * A value to write, as the records give it to either adapter: flags as booleans (PostgreSQL binds them as they
 * are; SQLite, which has no boolean, as 0/1: `sqliteValues` in `sqlite-scope.ts`).
 */
export type ColumnValue = string | number | boolean | null;

export const str = (v: Cell): string => String(v);
export const strOrNull = (v: Cell): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: Cell): number => Number(v);
export const numOrNull = (v: Cell): number | null => (v === null || v === undefined ? null : Number(v));
/** A flag: PostgreSQL's BOOLEAN (`true`) or SQLite's integer 1. */
export const flag = (v: Cell): boolean => v === true || Number(v) === 1;
export const flagOrNull = (v: Cell): boolean | null => (v === null || v === undefined ? null : flag(v));
/** A JSON document kept as text. */
export const json = <T>(v: Cell): T => JSON.parse(str(v)) as T;
export const jsonOrNull = <T>(v: Cell): T | null => (v === null || v === undefined ? null : json<T>(v));
/** The event stamp a row keeps in `<prefix>created`/`<prefix>at`, `<prefix>rank` and `<prefix>id`. */
export const stampOf = (created: Cell, rank: Cell, eventId: Cell): EventStamp => ({
  created: num(created),
  rank: num(rank),
  eventId: str(eventId),
});
