import { describe, expect, it } from 'vitest';
import { CORPUS, SHIPMENT_FORMATS, SPELLINGS, pans, sample } from '../../test/card-samples.ts';
import { CARD_BRANDS, cardBrandOf } from './card-brands.ts';
import { CardDataError, refuseCardData } from './card-free.ts';
import { containsCardNumber, luhnValid } from './card-guard.ts';
import { isShipmentId } from './shipment-ids.ts';

/** Whether the guard refuses `body` (as a decoded JSON body). */
const refused = (body: unknown): boolean => {
  try {
    refuseCardData(body);
    return false;
  } catch (error) {
    if (error instanceof CardDataError) return true;
    throw error;
  }
};

describe('card number detection', () => {
  it('finds Luhn-valid card numbers of every brand, written together or grouped, with a CVC after them', () => {
    for (const text of [
      '4242424242424242',
      'pay with 4242 4242 4242 4242 please',
      '5555-5555-5555-4444',
      '2223003122003222', // Mastercard 2-series
      'amex 378282246310005',
      '3782 822463 10005',
      '6011111111111117', // Discover
      '3056930009020004', // Diners
      '3566002020360505', // JCB
      '6200000000000005', // UnionPay
      '6205500000000000004', // UnionPay, 19 digits
      '2200000000000004', // Mir
      '4222222222222', // Visa, 13 digits
      '4242 4242 4242 4242 123',
    ]) {
      expect(containsCardNumber(text), text).toBe(true);
    }
  });

  it('finds a card number however it is separated: any spaces, tabs, dots, slashes, underscores, dashes, several in a row, fullwidth or other scripts’ digits', () => {
    for (const text of [
      '4242.4242.4242.4242',
      '4242/4242/4242/4242',
      '4242_4242_4242_4242',
      '4242\t4242\t4242\t4242',
      '4242\u00a04242\u00a04242\u00a04242',
      '4242  4242  4242  4242',
      '4242\u20094242\u20094242\u20094242',
      '4242\u30004242\u30004242\u30004242',
      '4242 — 4242 — 4242 — 4242',
      '4242 -/. 4242\u200b4242__4242',
      '4 2 4 2 4 2 4 2 4 2 4 2 4 2 4 2',
      '４２４２ ４２４２ ４２４２ ４２４２',
      '٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢',
      '४२४२४२४२४२४२४२४२',
    ]) {
      expect(containsCardNumber(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('lets through numbers that are no card: no brand prefix or length, Luhn failures, over-long runs, amounts, dates', () => {
    for (const text of [
      '{"amount":12500,"created":1732480000}',
      'AWB 176-12345675',
      '4242424242424241', // Luhn fails
      '42424242424242424242424', // 23 digits in one run
      '2026-11-24T21:00:00Z',
      'DE136308783',
      '770814155979034', // 15 digits, Luhn-valid, but 77 is no card brand
      '058498756633090711', // an SSCC: 18 digits, Luhn-valid, no brand starts with 0
      '1234567812345670', // Luhn-valid, no brand starts with 1
      '3400000000000009', // Amex prefix, but Amex numbers have 15 digits
    ]) {
      expect(containsCardNumber(text), text).toBe(false);
    }
  });

  it('sets aside what is something else: UUIDs, valid IBANs, dates and times, international phone numbers (+ or 00, at most 15 digits)', () => {
    for (const text of [
      '42424242-4242-4242-8242-424242424242',
      'DE89 3704 0044 0532 0130 00',
      'IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP',
      'pickup 23.11.2026 – 24.11.2026',
      '23.11.2026 09:15 – 24.11.2026 17:30',
      '+49 151 1234 5678',
      '+4915112345678',
      '0043 671 961 074 5829',
    ]) {
      expect(containsCardNumber(text), text).toBe(false);
    }
    // The same digits without the shape that makes them something else are a card.
    expect(containsCardNumber('4242 4242 4242 4242 4242')).toBe(true);
    expect(containsCardNumber('+49 4242 4242 4242 4242')).toBe(true);
  });

  it('computes Luhn and knows the brands’ prefixes and lengths', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(cardBrandOf('4242424242424242')?.name).toBe('visa');
    expect(cardBrandOf('2720990000000000')?.name).toBe('mastercard');
    expect(cardBrandOf('2721000000000000')).toBeUndefined();
    expect(cardBrandOf('378282246310005')?.name).toBe('amex');
    expect(cardBrandOf('6221260000000000')?.name).toBe('discover');
    expect(cardBrandOf('770814155979034')).toBeUndefined();
  });
});

describe('shipment identifiers', () => {
  it('validates each carrier scheme against its published test numbers, valid and invalid', () => {
    const valid = [
      '1Z5R89390357567127', // UPS
      '1Z879E930346834440',
      '00 81827 0998 0000 0200 33 350 276 C', // DPD
      '0081 827 0998 0000 0200 45 327 276 N',
      '0414 4176 0228 964', // FedEx Ground 15
      '986578788855', // FedEx Express 12
      '61299998820821171811', // FedEx SmartPost
      '9611020987654312345672', // FedEx Ground 96
      '1001921334250001000300779017972697', // FedEx Express 34
      '9400 1112 0108 0805 4830 16', // USPS IMpb
      '0307 1790 0005 2348 3741', // USPS 20
      '3318810025', // DHL Express
      '00 0123 4500 0000 0027', // SSCC with (00)
      'RR123456785DE', // UPU S10
    ];
    for (const id of valid) expect(isShipmentId(id), id).toBe(true);
    for (const id of [
      '1Z5R89390357567128',
      '008182709980000020033350276A',
      '5682 8361 0012 732',
      '996578788855',
      '9600000000000000000001',
      '1001901781990001000300617767839438',
      '3318810010',
      'RR123456784DE',
    ]) {
      expect(isShipmentId(id), id).toBe(false);
    }
  });

  it('accepts the FedEx 770814155979034 and the SSCC 058498756633090711 as reference, and a Luhn-valid SSCC with a card prefix only in a shipment field', () => {
    expect(refused({ reference: '770814155979034' })).toBe(false);
    expect(refused({ reference: '058498756633090711' })).toBe(false);
    // 18 digits, Maestro prefix 56, Luhn-valid and a valid SSCC: a pallet code where one is expected,
    // otherwise taken for a card.
    const sscc = '562345678901234522';
    expect(luhnValid(sscc) && isShipmentId(sscc) && cardBrandOf(sscc)?.name).toBe('maestro');
    expect(refused({ reference: sscc })).toBe(false);
    expect(refused({ tracking_number: `SSCC (00) ${sscc}` })).toBe(false);
    expect(refused({ metadata: { note: sscc } })).toBe(true);
    expect(refused({ reference: '4242424242424242' })).toBe(true);
  });

  it('checks every string and key at any depth, and names the field without its content', () => {
    const deep = { a: [{ b: { c: ['x', { d: 'card 4242-4242-4242-4242' }] } }] };
    let error: unknown;
    try {
      refuseCardData(deep);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CardDataError);
    expect((error as CardDataError).errors).toEqual([
      { path: 'a.0.b.c.1.d', message: 'looks like a card number' },
    ]);
    expect(JSON.stringify((error as CardDataError).errors)).not.toContain('4242');
    expect(refused({ metadata: { '4242 4242 4242 4242': 'x' } })).toBe(true);
    expect(refused({ n: 4242424242424242 })).toBe(true);
    expect(refused({ amount: 12_500, note: 'fine', list: ['a', 1, null, true] })).toBe(false);
  });
});

describe('measured: both error rates, on seeded samples (in-process)', () => {
  const PER_BRAND = 10_000;
  const PER_FORMAT = 10_000;
  const PER_KIND = 10_000;

  it('refuses 10,000 generated test PANs per brand, 9 brands, in each of 16 spellings: 1,440,000 of 1,440,000', () => {
    const missed: Record<string, number> = {};
    let checked = 0;
    CARD_BRANDS.forEach((brand, b) => {
      for (const pan of sample(pans(brand), PER_BRAND, 1_000 + b)) {
        for (const [name, spell] of Object.entries(SPELLINGS)) {
          checked++;
          if (!containsCardNumber(`Freight, paid with ${spell(pan)} thanks`)) {
            missed[`${brand.name} ${name}`] = (missed[`${brand.name} ${name}`] ?? 0) + 1;
          }
        }
      }
    });
    console.info(
      `[card-guard] PANs: ${checked} checked (${CARD_BRANDS.length} brands × ${PER_BRAND} × ${Object.keys(SPELLINGS).length} spellings), ${checked - Object.values(missed).reduce((a, n) => a + n, 0)} refused`,
    );
    expect([CARD_BRANDS.length, Object.keys(SPELLINGS).length, checked]).toEqual([9, 16, 1_440_000]);
    expect(missed).toEqual({});
  }, 240_000);

  it('accepts 10,000 generated identifiers of each of 14 shipment formats in shipment fields (0 refused), and counts what free text refuses', () => {
    const inShipmentFields: Record<string, number> = {};
    const inFreeText: Record<string, number> = {};
    Object.entries(SHIPMENT_FORMATS).forEach(([name, arb], f) => {
      for (const id of sample(arb, PER_FORMAT, 2_000 + f)) {
        if (refused({ reference: id }) || refused({ tracking_number: id }))
          inShipmentFields[name] = (inShipmentFields[name] ?? 0) + 1;
        if (refused({ description: `Shipment ${id}` })) inFreeText[name] = (inFreeText[name] ?? 0) + 1;
      }
    });
    console.info(
      `[card-guard] shipment identifiers: ${Object.keys(SHIPMENT_FORMATS).length} formats × ${PER_FORMAT}, refused in shipment fields ${JSON.stringify(inShipmentFields)}, refused in free text ${JSON.stringify(inFreeText)}`,
    );
    expect(Object.keys(SHIPMENT_FORMATS).length).toBe(14);
    expect({ inShipmentFields, inFreeText }).toEqual({
      inShipmentFields: {},
      inFreeText: FREE_TEXT_REFUSALS,
    });
  }, 240_000);

  it('counts the card numbers a shipment field lets through because they are also valid logistics numbers (never 16 or 19 digits)', () => {
    const accepted: Record<number, number> = {};
    CARD_BRANDS.forEach((brand, b) => {
      for (const pan of sample(pans(brand), PER_BRAND, 1_000 + b)) {
        if (!refused({ reference: pan })) accepted[pan.length] = (accepted[pan.length] ?? 0) + 1;
      }
    });
    console.info(
      `[card-guard] PANs accepted as reference (also a valid logistics number), by length: ${JSON.stringify(accepted)} of ${CARD_BRANDS.length * PER_BRAND}`,
    );
    expect(accepted).toEqual(SHIPMENT_FIELD_PASSES);
  }, 120_000);

  it('refuses none of 10,000 generated EU addresses, phone numbers, IBANs, VAT numbers, dates and shipment descriptions each: 0 of 60,000', () => {
    const wrong: Record<string, string[]> = {};
    let checked = 0;
    Object.entries(CORPUS).forEach(([kind, arb], k) => {
      for (const text of sample(arb, PER_KIND, 3_000 + k)) {
        checked++;
        if (refused({ description: text, customer: { name: text } })) (wrong[kind] ??= []).push(text);
      }
    });
    console.info(
      `[card-guard] EU corpus: ${checked} texts (${Object.keys(CORPUS).join(', ')}), ${Object.values(wrong).flat().length} refused`,
    );
    expect(checked).toBe(60_000);
    expect(wrong).toEqual({});
  }, 120_000);
});

/** Measured on the seeded samples above: free text is no shipment field, so these are refused there. */
const FREE_TEXT_REFUSALS: Record<string, number> = {
  'GS1 SSCC-18': 384,
  'GS1 GTIN-13': 246,
  'GS1 GTIN-14': 174,
  'FedEx Ground 15': 230,
  'USPS IMpb 22': 354,
  'DPD 28': 1112,
};
/** Measured, by length: card numbers that are also valid logistics numbers, accepted in a shipment field. */
const SHIPMENT_FIELD_PASSES: Record<number, number> = { 13: 476, 14: 289, 15: 1628, 17: 1271, 18: 1315 };
