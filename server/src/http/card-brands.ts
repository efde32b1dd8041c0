/**
 * Card brands by issuer identification number (IIN) prefix and card-number length, as the card-number guard
 * uses them: a run of digits counts as a card only when it starts with a brand's prefix, has one of that
 * brand's lengths and passes Luhn.
 *
 * Sources: ISO/IEC 7812 via the brands' published ranges as collected in Wikipedia's "Payment card number"
 * table; Mastercard's 2-series announcement (222100–272099); Discover's ranges as listed by Oracle's US card
 * preambles (6011, 622126–622925, 644–649, 65); 19-digit Visa and Discover (Business::CreditCard 0.34); Mir
 * 2200–2204 (NSPK). The table is deliberately broad (Maestro's 50 and 56–69 span much of the 5 and 6 series):
 * a number wrongly taken for a card is refused only outside shipment fields, a card taken for something else
 * would be stored. Lengths below 13 are left out: no card number the guard looks for is shorter.
 */

/** One brand: inclusive prefix ranges (equal-length strings) and the card-number lengths it issues. */
export interface CardBrand {
  name: string;
  ranges: readonly (readonly [from: string, to: string])[];
  lengths: readonly number[];
}

const span = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    ranges: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  {
    name: 'amex',
    ranges: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  {
    name: 'discover',
    ranges: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
      ['622126', '622925'],
    ],
    lengths: span(16, 19),
  },
  {
    name: 'diners',
    ranges: [
      ['36', '36'],
      ['300', '305'],
      ['38', '39'],
    ],
    lengths: span(14, 19),
  },
  { name: 'jcb', ranges: [['3528', '3589']], lengths: span(16, 19) },
  { name: 'unionpay', ranges: [['62', '62']], lengths: span(16, 19) },
  {
    name: 'maestro',
    ranges: [
      ['50', '50'],
      ['56', '69'],
    ],
    lengths: span(13, 19),
  },
  { name: 'mir', ranges: [['2200', '2204']], lengths: span(16, 19) },
];

/** The brand whose prefix and length `digits` (ASCII digits only) has, or undefined. */
export function cardBrandOf(digits: string): CardBrand | undefined {
  return CARD_BRANDS.find(
    (brand) =>
      brand.lengths.includes(digits.length) &&
      brand.ranges.some(([from, to]) => {
        const prefix = digits.slice(0, from.length);
        return prefix >= from && prefix <= to;
      }),
  );
}
