/**
 * Orders two sort keys element by element, as PostgreSQL orders them with `COLLATE "C"` (strings by code unit,
 * the same as by byte for the ASCII ids and ISO times compared here). A claim's `UPDATE … RETURNING` gives its
 * rows in no particular order, so the repositories sort them back into queue order with this.
 */
export function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
