import { describe, expect, it } from 'vitest';
import { merchant, paymentRequest, T0 } from '../contract/fixtures.ts';
import { createSealer } from '../crypto.ts';
import { sqliteValues } from '../sqlite-scope.ts';
import type { ColumnValue } from './cells.ts';
import { MERCHANT_COLUMNS, merchantOf, merchantValues, openSigningSecret } from './merchants.ts';
import { PAYMENT_REQUEST_COLUMNS, paymentRequestOf, paymentRequestValues } from './payment-requests.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 7) });

/** The row an insert of `values` into `columns` leaves, as each engine hands it back. */
function rows(columns: string, values: ColumnValue[]) {
  const names = columns.split(',').map((c) => c.trim());
  expect(names).toHaveLength(values.length);
  return {
    postgres: Object.fromEntries(names.map((n, i) => [n, values[i]])),
    sqlite: Object.fromEntries(names.map((n, i) => [n, sqliteValues(values)[i]])),
  };
}

describe('records: one mapping for both engines', () => {
  it('reads back a payment request from the row either engine keeps, its sealed customer and VAT proof opened', () => {
    const pr = {
      ...paymentRequest('pr_1', 'mer_1'),
      livemode: true,
      vatCheck: {
        result: 'valid' as const,
        countryCode: 'ES',
        vatNumber: 'B12345678',
        name: 'Ada SL',
        address: null,
        requestDate: '2026-11-25',
        requestIdentifier: null,
        error: null,
        checkedAt: T0,
      },
    };
    const { postgres, sqlite } = rows(PAYMENT_REQUEST_COLUMNS, paymentRequestValues(pr, sealer));
    expect(sqlite.livemode).toBe(1);
    expect(postgres.livemode).toBe(true);
    expect(JSON.stringify(postgres)).not.toContain(pr.customer.email);
    expect(paymentRequestOf(sqlite, sealer)).toEqual(pr);
    expect(paymentRequestOf(postgres, sealer)).toEqual(pr);
  });

  it('reads back a merchant from either engine, its signing secret sealed under the merchant alone', () => {
    const m = { ...merchant('mer_1'), vatUnavailableAllowsPayment: true, livemode: false };
    const { postgres, sqlite } = rows(MERCHANT_COLUMNS, merchantValues(m, sealer));
    const { keyHash: _keyHash, signingSecret, ...record } = m;
    expect(merchantOf(sqlite)).toEqual(record);
    expect(merchantOf(postgres)).toEqual(record);
    const sealed = String(postgres.signing_secret_sealed);
    expect(openSigningSecret(sealer, 'mer_1', sealed)).toBe(signingSecret);
    expect(() => openSigningSecret(sealer, 'mer_2', sealed)).toThrow(/failed authentication/);
  });
});
