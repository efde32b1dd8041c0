import fc from 'fast-check';
import type { CardBrand } from '../src/http/card-brands.ts';
import { isShipmentId } from '../src/http/shipment-ids.ts';

/**
 * Generators for the card-number guard's measurements: test PANs per brand in every spelling, shipment
 * identifiers of each common format with their check digits (computed here independently of the guard's own
 * validators), and a corpus of EU text that holds many digits but no card: addresses, phone numbers, IBANs,
 * VAT numbers, dates and shipment descriptions. Everything is drawn from seeded fast-check samples, so every
 * run measures the same values.
 */

/** `count` values of `arb`, the same ones on every run. */
export const sample = <T>(arb: fc.Arbitrary<T>, count: number, seed: number): T[] =>
  fc.sample(arb, { seed, numRuns: count });

const DIGIT = fc.constantFrom(...'0123456789');
const LETTER = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
export const digits = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: DIGIT, minLength: n, maxLength: n });
const letters = (n: number): fc.Arbitrary<string> => fc.string({ unit: LETTER, minLength: n, maxLength: n });
const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const int = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });

const luhnCheck = (body: string): string => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};

/** Luhn-valid numbers with one of the brand's prefixes (any value in a range) and lengths. */
export function pans(brand: CardBrand): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(), fc.nat(), pick(...brand.lengths), digits(19))
    .map(([r, offset, length, filler]) => {
      const [from, to] = brand.ranges[r % brand.ranges.length] ?? ['0', '0'];
      const prefix = String(Number(from) + (offset % (Number(to) - Number(from) + 1))).padStart(
        from.length,
        '0',
      );
      const body = (prefix + filler).slice(0, length - 1);
      return body + luhnCheck(body);
    });
}

const groups = (pan: string): string[] =>
  pan.length === 15 ? [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)] : (pan.match(/.{1,4}/g) ?? []);
const joined = (separator: string) => (pan: string) => groups(pan).join(separator);
const script = (zero: number) => (text: string) =>
  text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
const MIXED = [' ', '.', '/', '_', '\t', '-', '\u00a0', '  ', ' / ', '\u2009'];

/** Every spelling of a card number the guard must refuse, by name. */
export const SPELLINGS: Record<string, (pan: string) => string> = {
  plain: (p) => p,
  spaces: joined(' '),
  dashes: joined('-'),
  dots: joined('.'),
  slashes: joined('/'),
  underscores: joined('_'),
  tabs: joined('\t'),
  'no-break spaces': joined('\u00a0'),
  'double spaces': joined('  '),
  'thin spaces': joined('\u2009'),
  'ideographic spaces': joined('\u3000'),
  'spaced en dashes': joined(' – '),
  'mixed separators': (p) =>
    groups(p).reduce((text, g, i) => (i ? text + MIXED[i % MIXED.length] + g : g), ''),
  'one digit at a time': (p) => p.split('').join(' '),
  'fullwidth digits': (p) => script(0xff10)(joined(' ')(p)),
  'Arabic-Indic digits': (p) => script(0x0660)(joined(' ')(p)),
};

// Check digits, written here from the schemes' definitions, not taken from the guard.
const gs1Check = (body: string): string => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
};
const fedexCheck = (serial: string): string => {
  let sum = 0;
  for (let i = 0; i < serial.length; i++)
    sum += Number(serial[serial.length - 1 - i]) * (i % 3 === 0 ? 1 : i % 3 === 1 ? 3 : 7);
  return String((sum % 11) % 10);
};
const upsCheck = (serial: string): string => {
  let sum = 0;
  for (let i = 0; i < serial.length; i++) {
    const c = serial.charCodeAt(i);
    const v = c <= 57 ? c - 48 : (c - 63) % 10;
    sum += i % 2 === 1 ? v * 2 : v;
  }
  return String((10 - (sum % 10)) % 10);
};
const s10Check = (serial: string): string => {
  const sum = [...serial].reduce((s, d, i) => s + Number(d) * ([8, 6, 4, 2, 3, 5, 9, 7][i] ?? 0), 0);
  const r = 11 - (sum % 11);
  return String(r === 10 ? 0 : r === 11 ? 5 : r);
};
const mod7 = (serial: string): string => String(Number(serial) % 7);
const withGs1 = (body: string): string => body + gs1Check(body);
const spaced = (text: string): string => text.match(/.{1,4}/g)?.join(' ') ?? text;

/** Valid identifiers of each common shipment format, by name, some written as printed on labels. */
export const SHIPMENT_FORMATS: Record<string, fc.Arbitrary<string>> = {
  'GS1 SSCC-18': fc.tuple(digits(17), pick('plain', 'ai', 'spaced')).map(([b, form]) => {
    const sscc = withGs1(b);
    return form === 'ai' ? `(00) ${sscc}` : form === 'spaced' ? spaced(sscc) : sscc;
  }),
  'GS1 GTIN-13': digits(12).map(withGs1),
  'GS1 GTIN-14': digits(13).map(withGs1),
  'FedEx Express 12': digits(11).map((s) => s + fedexCheck(s)),
  'FedEx Ground 15': fc
    .tuple(digits(14), fc.boolean())
    .map(([s, sp]) => (sp ? spaced(withGs1(s)) : withGs1(s))),
  'FedEx SmartPost 20': digits(19).map((s) => s + gs1Check(`92${s}`)),
  'FedEx Ground 96 (22)': fc.tuple(digits(5), digits(14)).map(([head, s]) => `96${head}${withGs1(s)}`),
  'FedEx Express 34': fc
    .tuple(digits(2), digits(15), digits(13))
    .map(([a, b, s]) => `100${a}${b}${s}${fedexCheck(s)}`),
  'USPS IMpb 22': fc
    .tuple(pick('92', '93', '94', '95'), digits(19), fc.boolean())
    .map(([ai, s, sp]) => (sp ? spaced(withGs1(ai + s)) : withGs1(ai + s))),
  'UPS 1Z': fc
    .string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPRSTVWXYZ'), minLength: 15, maxLength: 15 })
    .map((s) => `1Z${s}${upsCheck(s)}`),
  'DHL Express 10': digits(9).map((s) => s + mod7(s)),
  'DPD 28': digits(27).map((s) => {
    const check = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((c) => isShipmentId(s + c)) ?? '?';
    return `${s.slice(0, 4)} ${s.slice(4, 7)} ${s.slice(7, 11)} ${s.slice(11, 15)} ${s.slice(15, 19)} ${s.slice(19)} ${check}`;
  }),
  'UPU S10': fc
    .tuple(letters(2), digits(8), pick('DE', 'FR', 'ES', 'NL', 'IT', 'PL'))
    .map(([svc, s, c]) => `${svc}${s}${s10Check(s)}${c}`),
  'IATA air waybill': fc
    .tuple(pick('020', '057', '074', '125', '176', '235'), digits(7))
    .map(([p, s]) => `${p}-${s}${mod7(s)}`),
};

// --- EU text with many digits and no card --------------------------------------------------------------------

/** E.164 country code, national significant number lengths and trunk prefix of each EU state. */
const PHONE_PLANS: [cc: string, lengths: number[], trunk: string][] = [
  ['43', [10, 11, 12, 13], '0'], ['32', [8, 9], '0'], ['359', [8, 9], '0'], ['385', [8, 9], '0'],
  ['357', [8], ''], ['420', [9], ''], ['45', [8], ''], ['372', [7, 8], ''], ['358', [9, 10], '0'],
  ['33', [9], '0'], ['49', [10, 11], '0'], ['30', [10], ''], ['36', [8, 9], '06'], ['353', [9], '0'],
  ['39', [9, 10], ''], ['371', [8], ''], ['370', [8], '8'], ['352', [8, 9], ''], ['356', [8], ''],
  ['31', [9], '0'], ['48', [9], ''], ['351', [9], ''], ['40', [9], '0'], ['421', [9], '0'],
  ['386', [8], '0'], ['34', [9], ''], ['46', [7, 8, 9], '0'],
]; // prettier-ignore

const phone = fc
  .tuple(pick(...PHONE_PLANS), digits(13), pick('e164', 'e164 spaced', 'national', 'national spaced', '00'))
  .map(([[cc, lengths, trunk], filler, form]) => {
    const nsn = `${1 + (Number(filler[0]) % 9)}${filler.slice(1)}`.slice(
      0,
      lengths[Number(filler[1]) % lengths.length],
    );
    const grouped = nsn.replace(/(\d{3})(?=\d{2})/g, '$1 ');
    switch (form) {
      case 'e164':
        return `+${cc}${nsn}`;
      case 'e164 spaced':
        return `+${cc} ${grouped}`;
      case 'national':
        return `${trunk}${nsn}`;
      case 'national spaced':
        return `${trunk}${grouped}`.replace(/^(0\d{2,3})(\d)/, '$1 $2');
      default:
        return `00${cc} ${grouped}`;
    }
  });

const IBAN_FORMATS: [country: string, bban: string][] = [
  ['AT', 'n16'], ['BE', 'n12'], ['BG', 'a4n6c8'], ['HR', 'n17'], ['CY', 'n8c16'], ['CZ', 'n20'], ['DK', 'n14'],
  ['EE', 'n16'], ['FI', 'n14'], ['FR', 'n10c11n2'], ['DE', 'n18'], ['GR', 'n7c16'], ['HU', 'n24'], ['IE', 'a4n14'],
  ['IT', 'a1n10c12'], ['LV', 'a4c13'], ['LT', 'n16'], ['LU', 'n3c13'], ['MT', 'a4n5c18'], ['NL', 'a4n10'],
  ['PL', 'n24'], ['PT', 'n21'], ['RO', 'a4c16'], ['SK', 'n20'], ['SI', 'n15'], ['ES', 'n20'], ['SE', 'n20'],
]; // prettier-ignore

const bban = (format: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      ...[...format.matchAll(/([anc])(\d+)/g)].map(([, kind, n]) =>
        kind === 'n'
          ? digits(Number(n))
          : kind === 'a'
            ? letters(Number(n))
            : fc.string({ unit: fc.oneof(DIGIT, LETTER), minLength: Number(n), maxLength: Number(n) }),
      ),
    )
    .map((parts) => parts.join(''));

const ibanCheck = (country: string, account: string): string => {
  let rest = 0;
  for (const c of `${account}${country}00`) {
    const v = parseInt(c, 36);
    rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return String(98 - rest).padStart(2, '0');
};

const iban = fc.tuple(pick(...IBAN_FORMATS), fc.nat(), fc.boolean()).chain(([[country, format], , printed]) =>
  bban(format).map((account) => {
    const compact = `${country}${ibanCheck(country, account)}${account}`;
    return printed ? spaced(compact) : compact;
  }),
);

const STREETS = ['Calle de Alcalá', 'Hauptstraße', 'Rue de Rivoli', 'Via Roma', 'Keizersgracht', 'ul. Marszałkowska', 'Avenida da Liberdade', 'Mannerheimintie', 'Váci utca', 'Strada Lipscani', 'Drottninggatan', 'Rue Neuve', 'Vodičkova', 'Ermou', 'Grafton Street']; // prettier-ignore
const CITIES: [country: string, postal: (d: string) => string, city: string][] = [
  ['ES', (d) => d.slice(0, 5), 'Madrid'], ['DE', (d) => d.slice(0, 5), 'Berlin'], ['FR', (d) => d.slice(0, 5), 'Paris'],
  ['IT', (d) => d.slice(0, 5), 'Roma'], ['NL', (d) => `${d.slice(0, 4)} AB`, 'Amsterdam'], ['PL', (d) => `${d.slice(0, 2)}-${d.slice(2, 5)}`, 'Warszawa'],
  ['PT', (d) => `${d.slice(0, 4)}-${d.slice(4, 7)}`, 'Lisboa'], ['FI', (d) => d.slice(0, 5), 'Helsinki'], ['HU', (d) => d.slice(0, 4), 'Budapest'],
  ['RO', (d) => d.slice(0, 6), 'București'], ['SE', (d) => `${d.slice(0, 3)} ${d.slice(3, 5)}`, 'Stockholm'], ['BE', (d) => d.slice(0, 4), 'Bruxelles'],
  ['CZ', (d) => `${d.slice(0, 3)} ${d.slice(3, 5)}`, 'Praha'], ['GR', (d) => `${d.slice(0, 3)} ${d.slice(3, 5)}`, 'Athína'], ['IE', (d) => `D0${d[0]} X${d.slice(1, 4)}`, 'Dublin'],
]; // prettier-ignore

const address = fc
  .tuple(pick(...STREETS), int(1, 250), fc.option(int(1, 12)), pick(...CITIES), digits(7), fc.option(phone))
  .map(([street, no, floor, [country, postal, city], d, tel]) =>
    [`${street} ${no}${floor ? `/${floor}` : ''}`, `${postal(d)} ${city}`, country, tel]
      .filter(Boolean)
      .join(', '),
  );

const VAT_SHAPES: Record<string, fc.Arbitrary<string>> = {
  AT: digits(8).map((d) => `U${d}`), BE: digits(9).map((d) => `0${d}`), BG: digits(9), CY: digits(8).map((d) => `${d}L`),
  CZ: digits(8), DE: digits(9), DK: digits(8), EE: digits(9).map((d) => `10${d.slice(2)}`), EL: digits(9), ES: digits(7).map((d) => `B${d}0`),
  FI: digits(8), FR: digits(11), HR: digits(11), HU: digits(8), IE: digits(7).map((d) => `${d}W`), IT: digits(11),
  LT: digits(9), LU: digits(8), LV: digits(11), MT: digits(8), NL: digits(9).map((d) => `${d}B01`), PL: digits(10),
  PT: digits(9), RO: digits(8), SE: digits(10).map((d) => `${d}01`), SI: digits(8), SK: digits(10),
}; // prettier-ignore

/** VAT numbers of every EU state (shape only; VIES decides whether one is registered). */
const vat = fc
  .tuple(pick(...Object.entries(VAT_SHAPES)), fc.boolean())
  .chain(([[c, shape], sp]) =>
    shape.map((n) => (sp ? `${c} ${n.replace(/(\d{3})(?=\d)/g, '$1 ')}` : `${c}${n}`)),
  );

const date = fc
  .tuple(
    fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
    int(0, 6),
    int(1, 9),
  )
  .map(([d, form, days]) => {
    const iso = d.toISOString();
    const [y, m, day] = iso.slice(0, 10).split('-');
    const later = new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10).split('-');
    const time = iso.slice(11, 16);
    return (
      [
        iso,
        `${day}.${m}.${y} ${time}`,
        `${day}/${m}/${y} – ${later[2]}/${later[1]}/${later[0]}`,
        `${day}.${m}.${y} ${time} – ${later[2]}.${later[1]}.${later[0]} ${iso.slice(11, 19)}`,
        `${y}-${m}-${day} ${time}:00.${iso.slice(20, 23)} +01:00`,
        `${m}/${day}/${y}`,
        `${day}-${m}-${y}, ${time}`,
      ][form] ?? iso
    );
  });

const description = fc
  .tuple(
    int(1, 33),
    int(20, 1500),
    int(60, 240),
    int(40, 120),
    int(40, 220),
    date,
    pick('Madrid', 'Rotterdam', 'Hamburg', 'Milano', 'Lyon', 'Gdańsk'),
    pick('Barcelona', 'Antwerpen', 'Wien', 'Praha', 'Porto', 'Göteborg'),
    int(1, 99),
  )
  .map(
    ([pallets, kg, l, w, h, when, from, to, temp]) =>
      [
        `${pallets} EUR pallets, ${kg} kg, ${l}×${w}×${h} cm, ${from} → ${to}, pickup ${when}`,
        `Reefer ${from}–${to}: ${pallets} pallets at +${temp % 8}/-${temp % 25} °C, ${kg * 10} kg, loading ${when}`,
        `LTL ${kg} kg / ${pallets} colli, ${l}x${w}x${h}, ADR 3 UN 1263, ${when}`,
        `${pallets} × ${l}/${w}/${h} cm, ${kg} kg gross, ${(kg * 0.9).toFixed(1)} kg net, ${temp} m³`,
      ][temp % 4] ?? '',
  );

/** The corpus of EU text, by kind. */
export const CORPUS: Record<string, fc.Arbitrary<string>> = {
  addresses: address,
  'phone numbers': phone,
  IBANs: iban,
  'VAT numbers': vat,
  dates: date,
  'shipment descriptions': description,
};
