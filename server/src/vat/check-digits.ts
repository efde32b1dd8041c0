/**
 * Local format and check-digit rules for VAT numbers of every EU member state and Northern Ireland (XI),
 * applied before VIES is asked. Each rule takes the number without its country prefix, upper case, without
 * spaces, dots or dashes. Where a state publishes no check digit for a form of its numbers (Czech 9-digit
 * numbers of individuals, Latvian numbers of individuals, French keys with letters), only the format is
 * checked; VIES has the last word.
 */

const digits = (s: string): number[] => [...s].map((c) => c.charCodeAt(0) - 48);
const weighted = (ds: number[], weights: number[]): number =>
  weights.reduce((sum, w, i) => sum + w * (ds[i] ?? 0), 0);
const at = (ds: number[], i: number): number => ds[i] ?? -1;

/** ISO 7064 MOD 11,10 (Germany, Croatia). */
function mod11_10(ds: number[]): boolean {
  let p = 10;
  for (let i = 0; i < ds.length - 1; i++) {
    let s = ((ds[i] ?? 0) + p) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  const check = (11 - p) % 10;
  return check === ds[ds.length - 1];
}

function luhn(s: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Remainder of a long decimal string modulo m, without losing precision. */
function mod(s: string, m: number): number {
  let r = 0;
  for (const c of s) r = (r * 10 + (c.charCodeAt(0) - 48)) % m;
  return r;
}

const AT = (n: string): boolean => {
  if (!/^U\d{8}$/.test(n)) return false;
  const ds = digits(n.slice(1));
  let s = 0;
  for (let i = 0; i < 7; i++) {
    const d = ds[i] ?? 0;
    s += i % 2 === 0 ? d : Math.floor((2 * d) / 10) + ((2 * d) % 10);
  }
  return (10 - ((s + 4) % 10)) % 10 === ds[7];
};

const BE = (n: string): boolean => {
  const v = n.length === 9 ? `0${n}` : n;
  if (!/^[01]\d{9}$/.test(v)) return false;
  return 97 - mod(v.slice(0, 8), 97) === Number(v.slice(8));
};

const BG = (n: string): boolean => {
  if (!/^\d{9,10}$/.test(n)) return false;
  const ds = digits(n);
  if (n.length === 9) {
    let r = weighted(ds, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    if (r === 10) r = weighted(ds, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    return r % 10 === ds[8];
  }
  const person = (weighted(ds, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === ds[9];
  const foreigner = weighted(ds, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === ds[9];
  const otherRaw = 11 - (weighted(ds, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11);
  const other = otherRaw !== 10 && otherRaw % 11 === ds[9];
  return person || foreigner || other;
};

const CY = (n: string): boolean => {
  if (!/^[013459]\d{7}[A-Z]$/.test(n) || n.startsWith('12')) return false;
  const ds = digits(n.slice(0, 8));
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
  let s = 0;
  for (let i = 0; i < 8; i++) s += i % 2 === 0 ? (odd[ds[i] ?? 0] ?? 0) : (ds[i] ?? 0);
  return String.fromCharCode(65 + (s % 26)) === n[8];
};

const CZ = (n: string): boolean => {
  if (/^\d{8}$/.test(n)) {
    if (n.startsWith('9')) return false;
    const ds = digits(n);
    const c = 11 - (weighted(ds, [8, 7, 6, 5, 4, 3, 2]) % 11);
    return (c === 10 ? 0 : c === 11 ? 1 : c) === ds[7];
  }
  if (/^\d{10}$/.test(n))
    return mod(n, 11) === 0 && Number(n.slice(2, 4)) % 50 >= 1 && Number(n.slice(2, 4)) % 50 <= 12;
  return /^\d{9}$/.test(n); // individuals born before 1954 and special numbers: format only
};

const DE = (n: string): boolean => /^[1-9]\d{8}$/.test(n) && mod11_10(digits(n));

const DK = (n: string): boolean =>
  /^[1-9]\d{7}$/.test(n) && weighted(digits(n), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0;

const EE = (n: string): boolean => {
  if (!/^10\d{7}$/.test(n)) return false;
  const ds = digits(n);
  return (10 - (weighted(ds, [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10 === ds[8];
};

const EL = (raw: string): boolean => {
  const n = /^\d{8}$/.test(raw) ? `0${raw}` : raw; // a leading zero is often dropped
  if (!/^\d{9}$/.test(n)) return false;
  const ds = digits(n);
  return (weighted(ds, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === ds[8];
};

const ES = (n: string): boolean => {
  if (!/^[A-Z0-9]\d{7}[A-Z0-9]$/.test(n)) return false;
  const first = n[0] ?? '';
  const last = n[8] ?? '';
  const letters = 'TRWAGMYFPDXBNJZSQVHLCKE';
  if (/^\d{8}[A-Z]$/.test(n)) return letters[Number(n.slice(0, 8)) % 23] === last; // NIF (Spanish individuals)
  if (/^[XYZ]\d{7}[A-Z]$/.test(n)) {
    return letters[Number(`${'XYZ'.indexOf(first)}${n.slice(1, 8)}`) % 23] === last; // NIE (foreign residents)
  }
  if (!/^[ABCDEFGHJKLMNPQRSUVW]\d{7}[A-J0-9]$/.test(n)) return false; // CIF (entities) and K/L/M individuals
  const ds = digits(n.slice(1, 8));
  let s = 0;
  for (let i = 0; i < 7; i++) {
    const d = ds[i] ?? 0;
    s += i % 2 === 0 ? Math.floor((2 * d) / 10) + ((2 * d) % 10) : d;
  }
  const check = (10 - (s % 10)) % 10;
  return last === String(check) || last === 'JABCDEFGHI'[check];
};

const FI = (n: string): boolean => {
  if (!/^\d{8}$/.test(n)) return false;
  const ds = digits(n);
  const r = weighted(ds, [7, 9, 10, 5, 8, 4, 2]) % 11;
  if (r === 1) return false;
  return (r === 0 ? 0 : 11 - r) === ds[7];
};

const FR = (n: string): boolean => {
  if (!/^[0-9A-HJ-NP-Z]{2}\d{9}$/.test(n)) return false;
  const siren = n.slice(2);
  if (!/^\d{2}$/.test(n.slice(0, 2))) return true; // keys with letters: format only
  const key = Number(n.slice(0, 2));
  // SIRENs of some public bodies (000…) and La Poste carry no Luhn digit.
  return (
    key === (12 + 3 * mod(siren, 97)) % 97 &&
    (luhn(siren) || siren.startsWith('000') || siren === '356000000')
  );
};

const HR = (n: string): boolean => /^\d{11}$/.test(n) && mod11_10(digits(n));

const HU = (n: string): boolean => {
  if (!/^\d{8}$/.test(n)) return false;
  const ds = digits(n);
  return (10 - (weighted(ds, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === ds[7];
};

const IE = (n: string): boolean => {
  let v = n;
  if (/^\d[A-Z+*]\d{5}[A-W]$/.test(v)) v = `0${v.slice(2, 7)}${v[0]}${v[7]}`; // old style: 1X23456A
  const m = /^(\d{7})([A-W])([A-IW]?)$/.exec(v);
  if (!m) return false;
  const ds = digits(m[1] ?? '');
  const extra = m[3] ? (m[3] === 'W' ? 0 : m[3].charCodeAt(0) - 64) * 9 : 0;
  const r = (weighted(ds, [8, 7, 6, 5, 4, 3, 2]) + extra) % 23;
  return 'WABCDEFGHIJKLMNOPQRSTUV'[r] === m[2];
};

const IT = (n: string): boolean => {
  if (!/^\d{11}$/.test(n) || /^0{7}/.test(n)) return false;
  const office = Number(n.slice(7, 10));
  if (!(
    (office >= 1 && office <= 100) ||
    office === 120 ||
    office === 121 ||
    office === 888 ||
    office === 999
  )) {
    return false;
  }
  return luhn(n);
};

const LT = (n: string): boolean => {
  if (!/^(\d{9}|\d{12})$/.test(n)) return false;
  const ds = digits(n);
  const len = ds.length - 1;
  if (ds[len - 1] !== 1) return false;
  const w1 = Array.from({ length: len }, (_, i) => (i % 9) + 1);
  const w2 = Array.from({ length: len }, (_, i) => ((i + 2) % 9) + 1);
  let r = weighted(ds, w1) % 11;
  if (r === 10) r = weighted(ds, w2) % 11;
  return r % 10 === at(ds, len);
};

const LU = (n: string): boolean => /^\d{8}$/.test(n) && mod(n.slice(0, 6), 89) === Number(n.slice(6));

const LV = (n: string): boolean => {
  if (!/^\d{11}$/.test(n)) return false;
  const ds = digits(n);
  if ((ds[0] ?? 0) <= 3) {
    // Individuals: DDMMYY + 5 digits (or the newer 32… form); format only.
    if (n.startsWith('32')) return true;
    const day = Number(n.slice(0, 2));
    const month = Number(n.slice(2, 4));
    return day >= 1 && day <= 31 && month >= 1 && month <= 12;
  }
  let r = 3 - (weighted(ds, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6]) % 11);
  if (r < -1) r += 11;
  return r !== -1 && r === ds[10];
};

const MT = (n: string): boolean => {
  if (!/^[1-9]\d{7}$/.test(n)) return false;
  const ds = digits(n);
  return 37 - (weighted(ds, [3, 4, 6, 7, 8, 9]) % 37) === Number(n.slice(6));
};

const NL = (raw: string): boolean => {
  const n = /^\d{7,8}B\d{2}$/.test(raw) ? raw.padStart(12, '0') : raw; // leading zeros are often dropped
  const m = /^(\d{9})B(\d{2})$/.exec(n);
  if (!m?.[1]) return false;
  const ds = digits(m[1]);
  const old = weighted(ds, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  if (old !== 10 && old === ds[8]) return true;
  // Since 2020 for sole traders: ISO 7064 MOD 97-10 over "NL" + number, letters as 10–35 (N=23, L=21, B=11).
  const expanded = `2321${m[1]}11${m[2]}`;
  return mod(expanded, 97) === 1;
};

const PL = (n: string): boolean => {
  if (!/^\d{10}$/.test(n)) return false;
  const ds = digits(n);
  const r = weighted(ds, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
  return r !== 10 && r === ds[9];
};

const PT = (n: string): boolean => {
  if (!/^[1-9]\d{8}$/.test(n)) return false;
  const ds = digits(n);
  const c = 11 - (weighted(ds, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return (c > 9 ? 0 : c) === ds[8];
};

const RO = (n: string): boolean => {
  if (!/^[1-9]\d{1,9}$/.test(n)) return false;
  const ds = digits(n.padStart(10, '0'));
  const c = (weighted(ds, [7, 5, 3, 2, 1, 7, 5, 3, 2]) * 10) % 11;
  return (c === 10 ? 0 : c) === ds[9];
};

const SE = (n: string): boolean => /^\d{10}01$/.test(n) && luhn(n.slice(0, 10));

const SI = (n: string): boolean => {
  if (!/^[1-9]\d{7}$/.test(n)) return false;
  const ds = digits(n);
  const c = 11 - (weighted(ds, [8, 7, 6, 5, 4, 3, 2]) % 11);
  if (c === 11) return false;
  return (c === 10 ? 0 : c) === ds[7];
};

const SK = (n: string): boolean => /^[1-9]\d[2-47-9]\d{7}$/.test(n) && mod(n, 11) === 0;

const XI = (n: string): boolean => {
  if (/^(GD[0-4]\d{2}|HA[5-9]\d{2})$/.test(n)) return true; // government departments and health authorities
  const m = /^(\d{9})(\d{3})?$/.exec(n);
  if (!m?.[1]) return false;
  const ds = digits(m[1]);
  const s = weighted(ds, [8, 7, 6, 5, 4, 3, 2]) + Number(m[1].slice(7));
  return s % 97 === 0 || (s + 55) % 97 === 0;
};

/** Rules by the country code VIES uses (Greece is `EL`, Northern Ireland `XI`). */
export const VAT_RULES: Record<string, (number: string) => boolean> = {
  AT,
  BE,
  BG,
  CY,
  CZ,
  DE,
  DK,
  EE,
  EL,
  ES,
  FI,
  FR,
  HR,
  HU,
  IE,
  IT,
  LT,
  LU,
  LV,
  MT,
  NL,
  PL,
  PT,
  RO,
  SE,
  SI,
  SK,
  XI,
};

export interface ParsedVatNumber {
  countryCode: string;
  number: string;
}

/**
 * Splits `DE 123.456.788` into `{ countryCode: 'DE', number: '123456788' }`; `GR…` is read as `EL…`.
 * Returns `null` when the prefix is not an EU state or XI.
 */
export function parseVatNumber(input: string): ParsedVatNumber | null {
  const compact = input.toUpperCase().replace(/[\s.\-/]/g, '');
  const prefix = compact.slice(0, 2);
  const countryCode = prefix === 'GR' ? 'EL' : prefix;
  if (!VAT_RULES[countryCode]) return null;
  return { countryCode, number: compact.slice(2) };
}

/** Format and check digits only; `true` does not mean the number is registered (that is VIES's answer). */
export function passesLocalChecks(parsed: ParsedVatNumber): boolean {
  const rule = VAT_RULES[parsed.countryCode];
  return rule !== undefined && rule(parsed.number);
}
