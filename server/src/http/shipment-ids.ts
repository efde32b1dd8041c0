/**
 * Check-digit schemes of shipment identifiers, so the card-number guard can tell a tracking number or a pallet
 * code in a shipment field from a card number (about one in ten of them also passes Luhn by chance).
 *
 * Schemes (check-digit definitions as published by GS1 and the carriers, collected with test numbers in
 * jkeen/tracking_number_data): GS1 mod 10 (GTIN-13/14, GSIN-17, SSCC-18, also with the `00` application
 * identifier, and the same weighting in FedEx Ground 15, FedEx Ground 96 (over its last 15 digits) and USPS
 * IMpb 20/22); FedEx SmartPost (GS1 mod 10
 * over `92` + the 20 digits); FedEx Express 12 and 34 (weights 1, 3, 7 from the right, mod 11, mod 10); UPS
 * `1Z` (mod 10 over the alphanumerics); DPD parcel labels (ISO 7064 mod 37,36 check character); UPU S10
 * (weights 8 6 4 2 3 5 9 7, mod 11); DHL Express 10/11 (mod 7).
 */

/** The value of the ASCII digit at `i` of `s`. */
const at = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** GS1 mod 10: from the right, the digit next to the check digit weighs 3, the next 1, and so on. */
export function gs1Valid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += at(digits, i) * w;
  return (10 - (sum % 10)) % 10 === at(digits, digits.length - 1);
}

/** FedEx Express: weights 1, 3, 7 repeating from the right over the serial, mod 11, mod 10. */
function fedexExpressValid(serialAndCheck: string): boolean {
  const weights = [1, 3, 7] as const;
  let sum = 0;
  for (let i = serialAndCheck.length - 2, k = 0; i >= 0; i--, k = (k + 1) % 3) {
    sum += at(serialAndCheck, i) * weights[k as 0 | 1 | 2];
  }
  return (sum % 11) % 10 === at(serialAndCheck, serialAndCheck.length - 1);
}

/** UPS `1Z` + 6 shipper + 2 service + 7 package characters + check; letters count as (code − 63) mod 10. */
function upsValid(code: string): boolean {
  if (!/^1Z[0-9A-Z]{15}[0-9]$/.test(code)) return false;
  let sum = 0;
  for (let i = 2; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c <= 57 ? c - 48 : (c - 63) % 10;
    sum += i % 2 === 1 ? v * 2 : v;
  }
  return (10 - (sum % 10)) % 10 === code.charCodeAt(17) - 48;
}

/** ISO 7064 MOD 37,36 (DPD): the check character over digits and capital letters. */
function dpdValid(code: string): boolean {
  if (!/^(?:\d{14}|\d{27})[0-9A-Z]$/.test(code)) return false;
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let cd = 36;
  for (const c of code.slice(0, -1)) {
    cd += alphabet.indexOf(c);
    if (cd > 36) cd -= 36;
    cd *= 2;
    if (cd > 36) cd -= 37;
  }
  return alphabet[(37 - cd) % 36] === code.at(-1);
}

/** UPU S10: 2 letters, 8 digits, check digit (weights 8 6 4 2 3 5 9 7, mod 11), 2 letters. */
function s10Valid(code: string): boolean {
  if (!/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(code)) return false;
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = weights.reduce((s, w, i) => s + at(code, 2 + i) * w, 0);
  const r = 11 - (sum % 11);
  return (r === 10 ? 0 : r === 11 ? 5 : r) === at(code, 10);
}

/** DHL Express waybills: 10 or 11 digits, the last being the rest mod 7. */
function dhlExpressValid(digits: string): boolean {
  return /^\d{10,11}$/.test(digits) && Number(digits.slice(0, -1)) % 7 === Number(digits.at(-1));
}

const GS1_LENGTHS = new Set([13, 14, 15, 17, 18, 20, 22]);

/**
 * Whether a string of ASCII digits is a shipment number by one of the all-digit schemes above (GS1 family,
 * FedEx SmartPost, FedEx Express 12/34, DHL Express).
 */
export function isShipmentNumber(digits: string): boolean {
  if (GS1_LENGTHS.has(digits.length) && gs1Valid(digits)) return true;
  if (digits.length === 20 && gs1Valid(`92${digits}`)) return true;
  if (digits.length === 22 && digits.startsWith('96') && gs1Valid(digits.slice(7))) return true;
  if (digits.length === 12 && fedexExpressValid(digits)) return true;
  if (digits.length === 34 && digits.startsWith('100') && fedexExpressValid(digits.slice(20))) return true;
  return dhlExpressValid(digits);
}

/**
 * Whether a whole field value, ignoring case, spaces and punctuation, is one shipment identifier of any scheme
 * above, alphanumeric ones (UPS, DPD, S10) included.
 */
export function isShipmentId(value: string): boolean {
  const code = value.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return (/^\d+$/.test(code) && isShipmentNumber(code)) || upsValid(code) || dpdValid(code) || s10Valid(code);
}

/** Replaces each valid UPS `1Z` code inside a text with a letter, so its digits are not read as a card. */
export function blankUpsCodes(text: string): string {
  return text.replace(/1Z[0-9A-Z]{16}/gi, (code) => (upsValid(code.toUpperCase()) ? 'x' : code));
}
