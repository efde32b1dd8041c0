import { cardBrandOf } from './card-brands.ts';
import { blankUpsCodes, isShipmentId, isShipmentNumber } from './shipment-ids.ts';

/**
 * Card-number detection on decoded text. CargoPay never accepts card data: a value holding a card number in
 * any spelling is refused. A card number here is 13 to 19 digits, in groups separated by any mix of
 * characters that are neither letters nor digits (spaces of every kind, tabs, dots, slashes, underscores,
 * dashes, several in a row), with a card brand's prefix and length (`card-brands.ts`) and a valid Luhn check
 * digit. Digits are read after NFKC normalization and in every script (fullwidth, Arabic-Indic, …).
 *
 * What is not a card: spans that are something else are blanked before the number is taken for a card
 * (UUIDs, IBANs with a valid check, calendar dates, clock times, and international phone numbers: `+` or
 * `00`, then at most 15 digits, E.164's limit), and in a shipment field a number that satisfies a logistics
 * check-digit scheme (`shipment-ids.ts`).
 */

/** The Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export interface CardCheckOptions {
  /** The value is a shipment identifier field (reference, tracking number): logistics numbers are accepted. */
  shipment?: boolean;
}

/**
 * Whether `text` holds a card number (see the file's description). `4242 4242 4242 4242 123`, a card number
 * followed by a CVC, counts: every run of consecutive digit groups is tried.
 */
export function containsCardNumber(text: string, options: CardCheckOptions = {}): boolean {
  if (!/\p{N}/u.test(text)) return false;
  const shipment = options.shipment ?? false;
  const plain = asciiDigits(text);
  if (shipment && isShipmentId(plain)) return false;
  // Blanking is the costly part: only text that has a candidate at all pays for it.
  if (!findsCard(plain, shipment)) return false;
  const blanked = blankNonCards(shipment ? blankUpsCodes(plain) : plain);
  return blanked === plain || findsCard(blanked, shipment);
}

// Digit groups joined by anything that is neither a letter nor a digit.
const RUN = /[0-9]+(?:[^\p{L}\p{N}]+[0-9]+)*/gu;

function findsCard(text: string, shipment: boolean): boolean {
  for (const [run] of text.matchAll(RUN)) {
    const groups = run.split(/[^0-9]+/);
    const whole = groups.join('');
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length < 19; end++) {
        digits += groups[end];
        if (digits.length < 13 || digits.length > 19) continue;
        if (!luhnValid(digits) || !cardBrandOf(digits)) continue;
        if (shipment && (isShipmentNumber(digits) || isShipmentNumber(whole))) continue;
        return true;
      }
    }
  }
  return false;
}

/** NFKC (fullwidth, superscript, circled digits), then every other script's decimal digits as ASCII. */
function asciiDigits(text: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return text.normalize('NFKC').replace(/\p{Nd}/gu, (c) => (c <= '9' ? c : String(digitValue(c))));
}

const digitValues = new Map<string, number>();

/**
 * Unicode encodes every script's decimal digits as contiguous runs starting at zero, so a digit's value is
 * its distance from the start of its run, modulo 10 (some runs hold several sets of ten).
 */
function digitValue(c: string): number {
  let value = digitValues.get(c);
  if (value === undefined) {
    let cp = c.codePointAt(0) ?? 0;
    let n = 0;
    while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
      cp--;
      n++;
    }
    value = n % 10;
    digitValues.set(c, value);
  }
  return value;
}

// prettier-ignore
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AL: 28, AT: 20, BA: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24,
  FI: 18, FO: 18, FR: 27, GB: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21,
  LT: 20, LU: 20, LV: 21, MC: 27, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, RS: 22,
  SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, UA: 29, VA: 22, XK: 20,
};

/** ISO 13616: the IBAN with its first four characters moved to the end, letters as 10–35, is 1 mod 97. */
function ibanValid(compact: string): boolean {
  let rest = 0;
  for (const c of compact.slice(4) + compact.slice(0, 4)) {
    const v = parseInt(c, 36);
    rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest === 1;
}

function blankIbans(text: string): string {
  return text.replace(/\b([A-Z]{2})\d{2}(?: ?[0-9A-Z]){11,30}/gi, (span: string, country: string) => {
    const length = IBAN_LENGTHS[country.toUpperCase()];
    if (!length) return span;
    let seen = 0;
    let end = 0;
    while (end < span.length && seen < length) if (span[end++] !== ' ') seen++;
    const compact = span.slice(0, end).replace(/ /g, '').toUpperCase();
    return seen === length && ibanValid(compact) ? `x${span.slice(end)}` : span;
  });
}

const validDay = (d: string, m: string): boolean => +d >= 1 && +d <= 31 && +m >= 1 && +m <= 12;

/** Spans that are something other than a card, blanked so their digits join no run. */
function blankNonCards(text: string): string {
  return (
    blankIbans(text)
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'x')
      .replace(/(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(?:19|20)\d\d(?!\d)/g, (s, a: string, _p, b: string) =>
        validDay(a, b) || validDay(b, a) ? 'x' : s,
      )
      .replace(/(?<!\d)(?:19|20)\d\d([./-])(\d{1,2})\1(\d{1,2})(?!\d)/g, (s, _p, m: string, d: string) =>
        validDay(d, m) ? 'x' : s,
      )
      .replace(/(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?!\d)/g, 'x')
      // A phone number starts a run of digits: a `+` or `00` just after other digits is part of their number.
      // (The look-behind is bounded so that a text of many `+` stays linear.)
      .replace(/(?<!\d[^\p{L}\p{N}]{0,8})(?:\+|00)[1-9](?:[ ()./-]{0,2}\d){6,14}(?![ ()./-]{0,2}\d)/gu, 'x')
  );
}
