import { invalidParam } from './errors.ts';

/**
 * Currencies the sandbox accepts for card payments, with Stripe's minimum charge amounts in the currency's
 * minor unit (Stripe's "Minimum and maximum charge amounts" table). Currencies without an entry in
 * MINIMUMS use 50 minor units, roughly the USD 0.50 equivalent Stripe applies.
 */
const MINIMUMS: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

const OTHER_SUPPORTED = [
  'afn',
  'all',
  'amd',
  'ang',
  'aoa',
  'ars',
  'awg',
  'azn',
  'bam',
  'bbd',
  'bdt',
  'bhd',
  'bif',
  'bmd',
  'bnd',
  'bob',
  'bsd',
  'bwp',
  'byn',
  'bzd',
  'cdf',
  'clp',
  'cny',
  'cop',
  'crc',
  'cve',
  'djf',
  'dop',
  'dzd',
  'egp',
  'etb',
  'fjd',
  'fkp',
  'gel',
  'gip',
  'gmd',
  'gnf',
  'gtq',
  'gyd',
  'hnl',
  'htg',
  'idr',
  'ils',
  'isk',
  'jmd',
  'jod',
  'kes',
  'kgs',
  'khr',
  'kmf',
  'krw',
  'kwd',
  'kyd',
  'kzt',
  'lak',
  'lbp',
  'lkr',
  'lrd',
  'lsl',
  'mad',
  'mdl',
  'mga',
  'mkd',
  'mmk',
  'mnt',
  'mop',
  'mur',
  'mvr',
  'mwk',
  'mzn',
  'nad',
  'ngn',
  'nio',
  'npr',
  'omr',
  'pab',
  'pen',
  'pgk',
  'php',
  'pkr',
  'pyg',
  'qar',
  'rsd',
  'rub',
  'rwf',
  'sar',
  'sbd',
  'scr',
  'shp',
  'sle',
  'sos',
  'srd',
  'szl',
  'tjs',
  'tnd',
  'top',
  'try',
  'ttd',
  'twd',
  'tzs',
  'uah',
  'ugx',
  'uyu',
  'uzs',
  'vnd',
  'vuv',
  'wst',
  'xaf',
  'xcd',
  'xof',
  'xpf',
  'yer',
  'zar',
  'zmw',
];

const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);
const SYMBOLS: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', chf: 'CHF ', inr: '₹' };

/** Stripe's largest amount for a card payment (eight digits in the minor unit). */
export const MAX_AMOUNT = 99_999_999;

/** Every currency code the sandbox accepts, lower case. */
export const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set([
  ...Object.keys(MINIMUMS),
  ...OTHER_SUPPORTED,
]);

function decimals(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Formats minor units as Stripe's messages do: `€0.50`. */
export function formatAmount(amount: number, currency: string): string {
  const d = decimals(currency);
  const major = (amount / 10 ** d).toFixed(d);
  return `${SYMBOLS[currency] ?? ''}${major}`;
}

/** Lower-cases and checks a currency; an unknown one is refused with Stripe's `Invalid currency` message. */
export function checkCurrency(value: string, param = 'currency'): string {
  const currency = value.toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(currency)) {
    throw invalidParam(
      `Invalid currency: ${value}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
      { param },
    );
  }
  return currency;
}

/** Checks an amount against the currency's minimum and Stripe's maximum (`amount_too_small` / `amount_too_large`). */
export function checkAmount(amount: number, currency: string, param = 'amount'): void {
  const minimum = MINIMUMS[currency] ?? 50;
  if (amount < minimum) {
    throw invalidParam(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, {
      code: 'amount_too_small',
      param,
    });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidParam(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, {
      code: 'amount_too_large',
      param,
    });
  }
  if (decimals(currency) === 3 && amount % 10 !== 0) {
    throw invalidParam(`Amounts in ${currency} must be divisible by 10.`, {
      code: 'invalid_amount',
      param,
    });
  }
}
