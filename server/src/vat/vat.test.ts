import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VAT_RULES, parseVatNumber, passesLocalChecks } from './check-digits.ts';
import { createViesClient, readViesAnswer } from './vies-client.ts';
import { startViesStandIn, VIES_STAND_IN_CASES, type ViesStandIn } from './vies-stand-in.ts';

/** Published VAT numbers (valid), and the same numbers with one digit changed (check digit wrong). */
const VALID: Record<string, string[]> = {
  AT: ['ATU13585627', 'ATU 142 43 102', 'ATU61195628'],
  BE: ['BE0428759497', 'BE 0402 918 402', 'BE413562567'],
  BG: ['BG175074752', 'BG7523169263', 'BG 131202360'],
  CY: ['CY10246672X', 'CY-10008489 A', 'CY00632993 F'],
  CZ: ['CZ25123891', 'CZ 640903926', 'CZ6956220612'],
  DE: ['DE136308783', 'DE 181 207 708', 'DE119263782'],
  DK: ['DK 2566 2202', 'DK36149213', 'DK-27630308'],
  EE: ['EE100523487', 'EE101256753'],
  EL: ['EL094259216', 'EL 094012834', 'EL-082857563', 'GR094501040'],
  ES: ['ESA78109592', 'ES B64240914', 'ES 54362315K', 'ES X5277343Q', 'ES Q-2818015-F'],
  FI: ['FI18261444', 'FI 0982651-1'],
  FR: ['FR 40 303 265 045', 'FR01712030113', 'FR K 7399859412'],
  HR: ['HR33392005961', 'HR94577403194'],
  HU: ['HU10672101', 'HU11377304'],
  IE: ['IE 4550159S', 'IE6433435IH', 'IE8D79739I', 'IE9Y71814N'],
  IT: ['IT00743110157', 'IT 06075960010'],
  LT: ['LT119511515', 'LT100001354118'],
  LU: ['LU10059929', 'LU.248.70.640'],
  LV: ['LV40003189718', 'LV 90000528023'],
  MT: ['MT17025737', 'MT 1039-6417'],
  NL: ['NL806753742B01', 'NL001162938B28', 'NL4495445B01'],
  PL: ['PL5261025421', 'PL 584-030-44-72'],
  PT: ['PT503038083', 'PT 502448911'],
  RO: ['RO16241790', 'RO 573768'],
  SE: ['SE556058115801', 'SE-5562245190-01'],
  SI: ['SI26808498', 'SI-89036999'],
  SK: ['SK2022193459', 'SK 1078449064'],
  XI: ['XI107328000', 'XI766800804', 'XI107328000001', 'XIGD012'],
};

const WRONG_CHECK_DIGIT = [
  'ATU15169209',
  'BE697449982',
  'BG147147471',
  'CY10246672F',
  'CZ25557481',
  'DE125014855',
  'DK11965658',
  'EE101256754',
  'EL094501140',
  'ES54362415K',
  'FI18261445',
  'FR04409414264',
  'HR33392005962',
  'HU10672102',
  'IE4731823H',
  'IT00743110158',
  'LT119511516',
  'LU10059928',
  'LV40003189715',
  'MT17025738',
  'NL806753743B01',
  'PL5261025422',
  'PT503038084',
  'RO16241791',
  'SE556058115901',
  'SI26808499',
  'SK1078449164',
  'XI107328001',
];

describe('VAT number check digits', () => {
  it('has a rule for every EU member state and Northern Ireland', () => {
    expect(Object.keys(VAT_RULES).sort()).toEqual(Object.keys(VALID).sort());
    expect(Object.keys(VAT_RULES)).toHaveLength(28);
  });

  it.each(Object.entries(VALID))('accepts published %s numbers', (_country, numbers) => {
    for (const n of numbers) {
      const parsed = parseVatNumber(n);
      expect(parsed, n).not.toBeNull();
      expect(passesLocalChecks(parsed as NonNullable<typeof parsed>), n).toBe(true);
    }
  });

  it.each(WRONG_CHECK_DIGIT)('refuses %s (one digit changed)', (n) => {
    const parsed = parseVatNumber(n);
    expect(parsed && passesLocalChecks(parsed)).toBe(false);
  });

  it('reads GR as EL and refuses prefixes outside the EU', () => {
    expect(parseVatNumber('GR094259216')).toEqual({ countryCode: 'EL', number: '094259216' });
    expect(parseVatNumber('GB107328000')).toBeNull();
    expect(parseVatNumber('US123')).toBeNull();
  });
});

describe('reading VIES answers', () => {
  it('reads a conclusive answer, with "---" meaning not disclosed', () => {
    expect(
      readViesAnswer({
        valid: true,
        name: 'ACME',
        address: '---',
        requestDate: '2026-11-24+01:00',
        requestIdentifier: 'WAPI1',
      }),
    ).toEqual({
      result: 'valid',
      name: 'ACME',
      address: null,
      requestDate: '2026-11-24+01:00',
      requestIdentifier: 'WAPI1',
      error: null,
    });
    expect(readViesAnswer({ valid: false }).result).toBe('invalid');
  });

  it.each([
    'MS_UNAVAILABLE',
    'TIMEOUT',
    'SERVICE_UNAVAILABLE',
    'MS_MAX_CONCURRENT_REQ',
    'GLOBAL_MAX_CONCURRENT_REQ',
  ])('treats %s as unavailable, never invalid', (error) => {
    expect(readViesAnswer({ actionSucceed: false, errorWrappers: [{ error }] })).toMatchObject({
      result: 'unavailable',
      error,
    });
    expect(readViesAnswer({ userError: error, valid: false }).result).toBe('unavailable');
  });
});

describe('VIES client', () => {
  let standIn: ViesStandIn;
  beforeAll(async () => {
    standIn = await startViesStandIn();
  });
  afterAll(() => standIn.close());

  it('asks VIES with countryCode and vatNumber, and caches conclusive answers', async () => {
    let now = 0;
    const client = createViesClient({
      baseUrl: standIn.url,
      timeoutMs: 1_000,
      cacheTtlMs: 60_000,
      now: () => now,
    });
    const calls = standIn.calls.length;
    expect((await client.check('EL', '094259216')).result).toBe('valid');
    expect(standIn.calls.at(-1)).toEqual({ countryCode: 'EL', vatNumber: '094259216' });
    await client.check('EL', '094259216');
    expect(standIn.calls.length).toBe(calls + 1);
    now = 61_000;
    await client.check('EL', '094259216');
    expect(standIn.calls.length).toBe(calls + 2);
  });

  it('the stand-in gives a registered number the name a test set for it, and no name to an unregistered one', async () => {
    const client = createViesClient({ baseUrl: standIn.url, timeoutMs: 1_000, cacheTtlMs: 0 });
    standIn.names.set('DE136695976', 'Muster Logistik GmbH');
    standIn.names.set(VIES_STAND_IN_CASES.notRegistered, 'Never Shown Ltd');
    expect(await client.check('DE', '136695976')).toMatchObject({
      result: 'valid',
      name: 'Muster Logistik GmbH',
    });
    const [cc, n] = [
      VIES_STAND_IN_CASES.notRegistered.slice(0, 2),
      VIES_STAND_IN_CASES.notRegistered.slice(2),
    ];
    const unregistered = await client.check(cc, n);
    expect(unregistered.result).toBe('invalid');
    expect(JSON.stringify(unregistered)).not.toContain('Never Shown');
  });

  it('does not cache unavailable answers', async () => {
    const client = createViesClient({ baseUrl: standIn.url, timeoutMs: 1_000, cacheTtlMs: 60_000 });
    const [cc, n] = [
      VIES_STAND_IN_CASES.memberStateDown.slice(0, 2),
      VIES_STAND_IN_CASES.memberStateDown.slice(2),
    ];
    const calls = standIn.calls.length;
    expect((await client.check(cc, n)).result).toBe('unavailable');
    expect((await client.check(cc, n)).error).toBe('MS_UNAVAILABLE');
    expect(standIn.calls.length).toBe(calls + 2);
  });

  it('answers unavailable on its own timeout and when VIES cannot be reached', async () => {
    const client = createViesClient({ baseUrl: standIn.url, timeoutMs: 200, cacheTtlMs: 0 });
    const started = Date.now();
    const slow = await client.check('MT', VIES_STAND_IN_CASES.slow.slice(2));
    expect(slow).toMatchObject({ result: 'unavailable', error: 'TIMEOUT' });
    // The stand-in answers this number only after 30 s: an answer before that is the client's own timeout.
    expect(Date.now() - started).toBeLessThan(30_000);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = createViesClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 500, cacheTtlMs: 0 });
    expect(await down.check('DE', '136308783')).toMatchObject({ result: 'unavailable', error: 'NETWORK' });
  });
});
