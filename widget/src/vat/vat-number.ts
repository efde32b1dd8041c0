/**
 * Offline VAT number checks for every EU member state and Northern Ireland (`XI`): the national format and,
 * where the state publishes one, its check-digit algorithm. Runs as the buyer types; the server then asks VIES.
 * Pure functions, no DOM: safe in Node and in the browser.
 */

/** Why a number was refused before asking VIES. */
export type VatProblem = 'empty' | 'country' | 'format' | 'check-digit';

/** The outcome of {@link checkVatNumber}. */
export type VatCheck =
  | { ok: true; country: string; number: string; vat: string }
  | { ok: false; problem: VatProblem; country?: string };

type Digits = number[];
type Checker = [format: RegExp, check?: (d: Digits, s: string) => boolean];

const digits = (s: string): Digits => [...s].map((c) => c.charCodeAt(0) - 48);
const weighted = (d: Digits, w: number[], from = 0): number =>
  w.reduce((sum, weight, i) => sum + weight * (d[i + from] ?? 0), 0);
const mod = (n: number, m: number): number => ((n % m) + m) % m;
const num = (s: string): number => Number(s);

/** ISO 7064 MOD 11,10 over all digits but the last (Germany, Croatia). */
const mod1110 = (d: Digits): boolean => {
  let p = 10;
  for (const x of d.slice(0, -1)) p = ((mod(x + p, 10) || 10) * 2) % 11;
  return (11 - p) % 10 === d.at(-1);
};
/** Luhn over every digit. */
const luhn = (d: Digits): boolean =>
  d.reduceRight((sum, x, i) => {
    const y = (d.length - i) % 2 ? x : x * 2;
    return sum + (y > 9 ? y - 9 : y);
  }, 0) %
    10 ===
  0;
/** Whole number modulo 97, for numbers longer than a double's precision. */
const mod97 = (s: string): number => [...s].reduce((r, c) => (r * 10 + num(c)) % 97, 0);
/** `check = 11 - sum mod 11`, two results mapped to 0 (Portugal) or refused (Slovenia, Finland). */
const eleven = (d: Digits, w: number[]): number => 11 - (weighted(d, w) % 11);

const DNI = 'TRWAGMYFPDXBNJZSQVHLCKE';

const checkers: Record<string, Checker> = {
  AT: [
    /^U\d{8}$/,
    (d) => {
      const x = d.slice(1);
      const s = x
        .slice(0, 7)
        .reduce((a, v, i) => a + (i % 2 ? Math.floor((v * 2) / 10) + ((v * 2) % 10) : v), 0);
      return mod(96 - s, 10) === x[7];
    },
  ],
  BE: [/^[01]\d{9}$/, (_d, s) => 97 - (num(s.slice(0, 8)) % 97) === num(s.slice(8))],
  BG: [
    /^\d{9,10}$/,
    (d) => {
      if (d.length === 9) {
        let c = weighted(d, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
        if (c === 10) c = (weighted(d, [3, 4, 5, 6, 7, 8, 9, 10]) % 11) % 10;
        return c === d[8];
      }
      const person = (weighted(d, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10;
      const foreigner = weighted(d, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10;
      const other = eleven(d, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
      return [person, foreigner, other].includes(d[9] ?? -1);
    },
  ],
  CY: [
    /^[0-59]\d{7}[A-Z]$/,
    (d, s) => {
      const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
      const sum = d.slice(0, 8).reduce((a, v, i) => a + (i % 2 ? v : (odd[v] ?? 0)), 0);
      return String.fromCharCode(65 + (sum % 26)) === s[8];
    },
  ],
  CZ: [
    /^\d{8,10}$/,
    (d, s) => {
      if (d.length === 8) return (11 - (weighted(d, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 10 === d[7];
      if (d.length === 9 && d[0] === 6)
        return [8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8][eleven(d, [0, 8, 7, 6, 5, 4, 3, 2]) - 1] === d[8];
      if (d.length === 10) return BigInt(s) % 11n === 0n;
      return true;
    },
  ],
  DE: [/^[1-9]\d{8}$/, mod1110],
  DK: [/^[1-9]\d{7}$/, (d) => weighted(d, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0],
  EE: [/^10\d{7}$/, (d) => mod(-weighted(d, [3, 7, 1, 3, 7, 1, 3, 7]), 10) === d[8]],
  EL: [/^\d{9}$/, (d) => (weighted(d, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === d[8]],
  ES: [
    /^[A-Z0-9]\d{7}[A-Z0-9]$/,
    (_d, s) => {
      const body = s.slice(1, 8);
      const last = s[8] ?? '';
      if (/^[A-HJNP-SUVW]/.test(s)) {
        const sum = [...body].reduce((a, c, i) => {
          const v = num(c) * (i % 2 ? 1 : 2);
          return a + Math.floor(v / 10) + (v % 10);
        }, 0);
        const c = mod(-sum, 10);
        return last === String(c) || last === 'JABCDEFGHI'[c];
      }
      const n = /^\d/.test(s) ? s.slice(0, 8) : s[0] === 'Y' ? '1' + body : s[0] === 'Z' ? '2' + body : body;
      return DNI[num(n) % 23] === last;
    },
  ],
  FI: [/^\d{8}$/, (d) => eleven(d, [7, 9, 10, 5, 8, 4, 2]) % 11 === d[7]],
  FR: [
    /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
    (_d, s) => (/^\d\d/.test(s) ? num(s.slice(0, 2)) === (12 + 3 * (num(s.slice(2)) % 97)) % 97 : true),
  ],
  HR: [/^\d{11}$/, mod1110],
  HU: [/^\d{8}$/, (d) => mod(-weighted(d, [9, 7, 3, 1, 9, 7, 3]), 10) === d[7]],
  IE: [
    /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
    (_d, s) => {
      const n = /^\d[A-Z+*]/.test(s) ? '0' + s.slice(2, 7) + s[0] + s[7] : s;
      const extra = n[8] ? (n[8] === 'W' ? 0 : n.charCodeAt(8) - 64) * 9 : 0;
      return (
        'WABCDEFGHIJKLMNOPQRSTUV'[(weighted(digits(n.slice(0, 7)), [8, 7, 6, 5, 4, 3, 2]) + extra) % 23] ===
        n[7]
      );
    },
  ],
  IT: [/^\d{11}$/, (d) => luhn(d)],
  LT: [
    /^(\d{9}|\d{12})$/,
    (d) => {
      if (d[d.length - 2] !== 1) return false;
      const w = d.slice(0, -1).map((_v, i) => (i % 9) + 1);
      let c = weighted(d, w) % 11;
      if (c === 10)
        c =
          (weighted(
            d,
            w.map((v) => ((v + 1) % 9) + 1),
          ) %
            11) %
          10;
      return c === d.at(-1);
    },
  ],
  LU: [/^\d{8}$/, (_d, s) => num(s.slice(0, 6)) % 89 === num(s.slice(6))],
  LV: [
    /^\d{11}$/,
    (d, s) => {
      if ((d[0] ?? 0) > 3) return mod(3 - weighted(d, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6]), 11) === d[10];
      return s.startsWith('32') || mod(1 - weighted(d, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9]), 11) % 10 === d[10];
    },
  ],
  MT: [/^[1-9]\d{7}$/, (d, s) => 37 - (weighted(d, [3, 4, 6, 7, 8, 9]) % 37) === num(s.slice(6))],
  NL: [
    /^\d{9}B\d{2}$/,
    (d, s) => {
      const old = weighted(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
      return (old < 10 && old === d[8]) || mod97('2321' + s.slice(0, 9) + '11' + s.slice(10)) === 1;
    },
  ],
  PL: [/^\d{10}$/, (d) => weighted(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === d[9]],
  PT: [/^[1-9]\d{8}$/, (d) => (eleven(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11) % 10 === d[8]],
  RO: [
    /^[1-9]\d{1,9}$/,
    (_d, s) => {
      const d = digits(s.padStart(10, '0'));
      return ((weighted(d, [7, 5, 3, 2, 1, 7, 5, 3, 2]) * 10) % 11) % 10 === d[9];
    },
  ],
  SE: [/^\d{10}01$/, (d) => luhn(d.slice(0, 10))],
  SI: [
    /^[1-9]\d{7}$/,
    (d) => {
      const c = eleven(d, [8, 7, 6, 5, 4, 3, 2]);
      return c < 11 && c % 10 === d[7];
    },
  ],
  SK: [/^[1-9]\d[2-47-9]\d{7}$/, (_d, s) => BigInt(s) % 11n === 0n],
  XI: [
    /^(\d{9}|\d{12}|GD[0-4]\d\d|HA[5-9]\d\d)$/,
    (d, s) => {
      if (/^[GH]/.test(s)) return true;
      const total = weighted(d, [8, 7, 6, 5, 4, 3, 2]) + num(s.slice(7, 9));
      return total % 97 === 0 || (total + 55) % 97 === 0;
    },
  ],
};

/** Country prefixes accepted, in VIES's spelling (`EL` for Greece, `XI` for Northern Ireland). */
export const VAT_COUNTRIES: readonly string[] = Object.keys(checkers);

/** Removes spaces, dots, dashes and slashes, upper-cases, and writes Greece's `GR` as VIES's `EL`. */
export function normalizeVatNumber(input: string): string {
  const s = input.replace(/[\s.\-/,]/g, '').toUpperCase();
  return s.startsWith('GR') ? 'EL' + s.slice(2) : s;
}

/**
 * Checks a VAT number with its country prefix (`DE136695976`, `EL094259216`, `XI980780684`) against the
 * state's format and check digits. `ok: true` means "worth asking VIES", never "registered".
 */
export function checkVatNumber(input: string): VatCheck {
  const vat = normalizeVatNumber(input);
  if (!vat) return { ok: false, problem: 'empty' };
  const country = vat.slice(0, 2);
  const checker = checkers[country];
  if (!checker) return { ok: false, problem: 'country' };
  let number = vat.slice(2);
  if (country === 'BE' && /^\d{9}$/.test(number)) number = '0' + number;
  const [format, check] = checker;
  if (!format.test(number)) return { ok: false, problem: 'format', country };
  if (check && !check(digits(number), number)) return { ok: false, problem: 'check-digit', country };
  return { ok: true, country, number, vat: country + number };
}
