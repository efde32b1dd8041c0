/**
 * Card number, expiry, CVC and postal code rules of the Payment Element: brand detection, Luhn, formatting as
 * the buyer types, and validation with Stripe's error codes. Pure functions, no DOM.
 */
import type { FieldError } from '../shared/protocol.ts';
import type { Messages } from './locales.ts';

export type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';

interface BrandRule {
  brand: Brand;
  pattern: RegExp;
  lengths: number[];
  gaps: number[];
  cvcLength: number;
}

const BRANDS: BrandRule[] = [
  { brand: 'amex', pattern: /^3[47]/, lengths: [15], gaps: [4, 10], cvcLength: 4 },
  { brand: 'diners', pattern: /^3(0[0-5]|[689])/, lengths: [14, 16], gaps: [4, 10], cvcLength: 3 },
  { brand: 'jcb', pattern: /^35/, lengths: [16], gaps: [4, 8, 12], cvcLength: 3 },
  { brand: 'discover', pattern: /^(6011|64[4-9]|65)/, lengths: [16], gaps: [4, 8, 12], cvcLength: 3 },
  { brand: 'unionpay', pattern: /^62/, lengths: [16, 17, 18, 19], gaps: [4, 8, 12], cvcLength: 3 },
  {
    brand: 'mastercard',
    pattern: /^(5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720)/,
    lengths: [16],
    gaps: [4, 8, 12],
    cvcLength: 3,
  },
  { brand: 'visa', pattern: /^4/, lengths: [16], gaps: [4, 8, 12], cvcLength: 3 },
];

const UNKNOWN: BrandRule = {
  brand: 'unknown',
  pattern: /^/,
  lengths: [16],
  gaps: [4, 8, 12],
  cvcLength: 3,
};

function ruleFor(digits: string): BrandRule {
  return BRANDS.find((rule) => rule.pattern.test(digits)) ?? UNKNOWN;
}

/** Keeps the digits of what the buyer typed or pasted. */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** The card brand a (possibly partial) number belongs to. */
export function brandOf(digits: string): Brand {
  return ruleFor(digits).brand;
}

/** The longest number the brand allows; typing stops there. */
export function maxNumberLength(digits: string): number {
  return Math.max(...ruleFor(digits).lengths);
}

/** The CVC length of the brand (4 for American Express, 3 otherwise). */
export function cvcLength(digits: string): number {
  return ruleFor(digits).cvcLength;
}

/** The Luhn (mod 10) checksum every card number carries. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Groups the digits as printed on the card: `4242 4242 4242 4242`, `3782 822463 10005`. */
export function formatNumber(digits: string): string {
  const { gaps } = ruleFor(digits);
  const clipped = digits.slice(0, maxNumberLength(digits));
  let out = '';
  for (let i = 0; i < clipped.length; i++) {
    if (gaps.includes(i)) out += ' ';
    out += clipped[i];
  }
  return out;
}

/** Formats an expiry as typed: `4` becomes `04 / `, `122` becomes `12 / 2`. */
export function formatExpiry(text: string): string {
  let digits = digitsOf(text);
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  if (digits.length < 2) return digits;
  const month = digits.slice(0, 2);
  const year = digits.slice(2);
  return year.length > 0 || text.length > 2 ? `${month} / ${year}` : month;
}

/** Month and four-digit year of a formatted expiry, or `null` while incomplete. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const digits = digitsOf(text);
  if (digits.length !== 4) return null;
  return { month: Number(digits.slice(0, 2)), year: 2000 + Number(digits.slice(2)) };
}

/** The state of every field, as the frame holds it. */
export interface CardFields {
  number: string;
  expiry: string;
  cvc: string;
  country: string;
  postalCode: string;
}

/** Countries whose cards are checked against a postal code, with the length of a complete one. */
const POSTAL_CODE_COUNTRIES: Record<string, number> = { US: 5, CA: 6, GB: 5 };

/** Whether the postal code field is shown for a country. */
export function needsPostalCode(country: string): boolean {
  return country in POSTAL_CODE_COUNTRIES;
}

function error(field: FieldError['field'], code: keyof Messages, messages: Messages): FieldError {
  return { field, code, message: messages[code] };
}

/**
 * The problem of one field, or `null` when it is fine. `final` is set on blur and on submit: an incomplete
 * field is then an error; while the buyer is still typing, only definite errors (a full number that fails
 * Luhn, a month over 12, a past year) are reported, as the Payment Element does.
 */
export function validateField(
  field: FieldError['field'],
  fields: CardFields,
  messages: Messages,
  final: boolean,
  now: Date,
  postalCodeShown: boolean,
): FieldError | null {
  switch (field) {
    case 'number': {
      const digits = digitsOf(fields.number);
      const { lengths } = ruleFor(digits);
      if (digits.length >= Math.max(...lengths) || (lengths.includes(digits.length) && final)) {
        return luhnValid(digits) ? null : error('number', 'invalid_number', messages);
      }
      return final || digits.length > Math.max(...lengths)
        ? error('number', 'incomplete_number', messages)
        : null;
    }
    case 'expiry': {
      const digits = digitsOf(fields.expiry);
      if (digits.length >= 2 && (Number(digits.slice(0, 2)) < 1 || Number(digits.slice(0, 2)) > 12)) {
        return error('expiry', 'invalid_expiry_month', messages);
      }
      const parsed = parseExpiry(fields.expiry);
      if (!parsed) return final ? error('expiry', 'incomplete_expiry', messages) : null;
      const currentYear = now.getFullYear();
      const currentMonth = now.getMonth() + 1;
      if (parsed.year < currentYear) return error('expiry', 'invalid_expiry_year_past', messages);
      if (parsed.year === currentYear && parsed.month < currentMonth) {
        return error('expiry', 'invalid_expiry_year_past', messages);
      }
      if (parsed.year > currentYear + 50) return error('expiry', 'invalid_expiry_year', messages);
      return null;
    }
    case 'cvc': {
      const expected = cvcLength(digitsOf(fields.number));
      const length = digitsOf(fields.cvc).length;
      return final && length < expected ? error('cvc', 'incomplete_cvc', messages) : null;
    }
    case 'postalCode': {
      if (!postalCodeShown) return null;
      const minimum = POSTAL_CODE_COUNTRIES[fields.country] ?? 1;
      const length = fields.postalCode.replace(/\s/g, '').length;
      if (!final || length >= minimum) return null;
      return error('postalCode', fields.country === 'US' ? 'incomplete_zip' : 'invalid_zip', messages);
    }
    case 'country':
      return null;
  }
}

/** The fields in the order the buyer fills them (and the order errors are reported in). */
export const FIELD_ORDER: FieldError['field'][] = ['number', 'expiry', 'cvc', 'country', 'postalCode'];

/** The first problem of the whole form when it is submitted, or `null` when the card can be sent. */
export function validateAll(
  fields: CardFields,
  messages: Messages,
  now: Date,
  postalCodeShown: boolean,
): FieldError | null {
  for (const field of FIELD_ORDER) {
    const problem = validateField(field, fields, messages, true, now, postalCodeShown);
    if (problem) return problem;
  }
  return null;
}

/** Whether every field is well-formed and complete (the `complete` flag of the `change` event). */
export function isComplete(
  fields: CardFields,
  messages: Messages,
  now: Date,
  postalCodeShown: boolean,
): boolean {
  return validateAll(fields, messages, now, postalCodeShown) === null;
}
