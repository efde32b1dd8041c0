/**
 * Card-number detection. CargoPay never accepts card data: a body or URL holding 13 to 19 digits that pass the
 * Luhn check (written together, or grouped with single spaces or dashes as people type them) is refused
 * before it is parsed, and the offending text is never logged.
 */

/** The Luhn (mod 10) check over a string of digits. */
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

// Runs of digit groups joined by single spaces or dashes, as people type card numbers.
const RUN = /[0-9]+(?:[ -][0-9]+)*/g;

/**
 * Whether `text` holds something that looks like a card number (PAN): 13–19 digits passing Luhn, written
 * together or as consecutive groups of a run (so `4242 4242 4242 4242 123`, a PAN followed by a CVC, counts).
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(RUN)) {
    const groups = match[0].split(/[ -]/);
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length < 19; end++) {
        digits += groups[end];
        if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}
