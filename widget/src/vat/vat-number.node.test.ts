import { describe, expect, it } from 'vitest';
import { checkVatNumber, normalizeVatNumber, VAT_COUNTRIES } from './vat-number.ts';

/** Registered numbers published as examples by the member states or widely used in their documentation. */
const VALID = [
  'ATU57194903',
  'ATU13585627',
  'BE0428759497',
  'BE 428759497',
  'BG175074752',
  'CY10259033P',
  'CZ25123891',
  'DE136695976',
  'DE 136,695 976',
  'DK13585628',
  'EE100931558',
  'EL094259216',
  'GR094259216',
  'ESA13585625',
  'ESX2482300W',
  'ES12345678Z',
  'FI20774740',
  'FR40303265045',
  'HR33392005961',
  'HU12892312',
  'IE6433435F',
  'IE8Z49289F',
  'IT00743110157',
  'LT119511515',
  'LU15027442',
  'LV40003521600',
  'MT11679112',
  'NL004495445B01',
  'PL8567346215',
  'PT501964843',
  'RO18547290',
  'SE123456789701',
  'SI15012557',
  'SK2022749619',
  'XI980780684',
  'XI123456782',
];

describe('VAT numbers: format and check digits of every EU state and XI', () => {
  it('covers the 27 member states (EL for Greece) and Northern Ireland', () => {
    expect([...VAT_COUNTRIES].sort()).toEqual(
      'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '),
    );
  });

  it.each(VALID)('%s is well-formed with matching check digits', (vat) => {
    expect(checkVatNumber(vat).ok).toBe(true);
  });

  it.each([
    ['DE136695978', 'DE'],
    ['FR40303265046', 'FR'],
    ['IT00743110158', 'IT'],
    ['NL004495446B01', 'NL'],
    ['PL8567346216', 'PL'],
    ['ESA13585626', 'ES'],
    ['ATU57194904', 'AT'],
    ['BE0428759498', 'BE'],
    ['XI980780685', 'XI'],
    ['DK13585629', 'DK'],
    ['SE123456789801', 'SE'],
    ['PT501964844', 'PT'],
  ])('%s has a wrong check digit', (vat, country) => {
    expect(checkVatNumber(vat)).toEqual({ ok: false, problem: 'check-digit', country });
  });

  it.each([
    ['DE12345678', 'DE'],
    ['DE0123456789', 'DE'],
    ['FR4030326504', 'FR'],
    ['NL004495445C01', 'NL'],
    ['ATU1234567', 'AT'],
    ['IT007431101', 'IT'],
    ['PL85673462', 'PL'],
    ['SE123456789700', 'SE'],
  ])('%s is malformed for %s', (vat, country) => {
    expect(checkVatNumber(vat)).toEqual({ ok: false, problem: 'format', country });
  });

  it('refuses unknown prefixes and empty input', () => {
    expect(checkVatNumber('US123456789')).toEqual({ ok: false, problem: 'country' });
    expect(checkVatNumber('GB980780684')).toEqual({ ok: false, problem: 'country' });
    expect(checkVatNumber('  ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('normalizes spacing, punctuation, case and the GR prefix', () => {
    expect(normalizeVatNumber(' de 136.695-976 ')).toBe('DE136695976');
    expect(normalizeVatNumber('gr094259216')).toBe('EL094259216');
    expect(checkVatNumber('be 428.759.497')).toEqual({
      ok: true,
      country: 'BE',
      number: '0428759497',
      vat: 'BE0428759497',
    });
  });
});
