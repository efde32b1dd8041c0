/**
 * A row key that is also part of a seal's context. It must be a string: bound as anything else, SQLite
 * stores another spelling (the number 0 becomes '0.0', 9007199254740993 becomes '9.00719925474099e+15'), so
 * the value would be sealed under one context and read back under another, and never open again.
 */
export function textKey(value: unknown, column: string): string {
  if (typeof value !== 'string') throw new TypeError(`${column} must be a string`);
  return value;
}
