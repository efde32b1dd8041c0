/**
 * Card numbers against the running server process, in every spelling and every place a client can put one:
 * generated test card numbers of each brand, written in each spelling of the guard's measurements, sent in a
 * JSON body (also as JSON `\u` escapes), a query string, `X-Request-Id` and `Idempotency-Key`; then the
 * server's log and its store (the SQLite file and WAL, or every table with `E2E_STORE=postgres`) are searched
 * for them. Valid shipment identifiers of each common format
 * go the other way: as a payment request's `reference` they are accepted. The bulk measurements (10,000 per
 * brand) are in `server/src/http/card-guard.test.ts`; this suite proves the wiring end to end and prints its
 * counts (`npm run test:security` sends 50 numbers per brand and spelling, the quick form 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_BRANDS } from '../../server/src/http/card-brands.ts';
import { pans, sample, SHIPMENT_FORMATS, SPELLINGS } from '../../server/test/card-samples.ts';
import { FULL } from '../support/attacker.ts';
import { storeText } from '../support/store-read.ts';
import {
  api,
  createMerchantWithCli,
  LIFTED_RATE_LIMITS,
  startStack,
  type CliMerchant,
  type Stack,
} from '../support/stack.ts';

const PER_BRAND_AND_SPELLING = FULL ? 50 : 2;
const SHIPMENTS_PER_FORMAT = FULL ? 50 : 3;
const SEED = 4_242;

let stack: Stack;
let merchant: CliMerchant;
/** Every card number this file sent, digits only, to look for afterwards. */
const sent = new Set<string>();

beforeAll(async () => {
  stack = await startStack({
    logLevel: 'info',
    env: LIFTED_RATE_LIMITS,
  });
  merchant = createMerchantWithCli(stack, { name: 'Guarded Freight', origins: ['https://shop.example'] });
});
afterAll(() => stack?.close());

const body = (description: string) => ({
  amount: 12_000,
  currency: 'eur',
  reference: 'REF-CARD-GUARD',
  description,
  customer: { email: 'guard@example.com', name: 'Gina Guard' },
});

/** JSON text with every character of `text` written as a `\u` escape, as a client may send it. */
const escaped = (text: string): string =>
  [...text].map((c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join('');

describe('card numbers in every spelling, against the running server', () => {
  it('are refused in JSON bodies (plain and written with unicode escapes) and query strings, in every spelling of every brand', async () => {
    const counts = { body: 0, escaped: 0, query: 0 };
    for (const [b, brand] of CARD_BRANDS.entries()) {
      const numbers = sample(pans(brand), PER_BRAND_AND_SPELLING, SEED + b);
      for (const pan of numbers) sent.add(pan);
      for (const [name, spell] of Object.entries(SPELLINGS)) {
        for (const pan of numbers) {
          const text = `Pay with ${spell(pan)} please`;
          const plain = await api(stack.url, 'POST', '/v1/payment-requests', {
            key: merchant.apiKey,
            body: body(text),
          });
          expect(plain.json.type, `${brand.name} ${name} in a body`).toMatch(/card-data-refused$/);
          counts.body++;
          const raw = JSON.stringify(body('')).replace(
            '"description":""',
            `"description":"${escaped(text)}"`,
          );
          const res = await fetch(`${stack.url}/v1/payment-requests`, {
            method: 'POST',
            headers: { authorization: `Bearer ${merchant.apiKey}`, 'content-type': 'application/json' },
            body: raw,
          });
          const problem = (await res.json()) as { type?: string };
          expect(problem.type, `${brand.name} ${name} \\u-escaped`).toMatch(/card-data-refused$/);
          counts.escaped++;
          const query = await api(
            stack.url,
            'GET',
            `/v1/payment-requests?note=${encodeURIComponent(spell(pan))}`,
            { key: merchant.apiKey },
          );
          expect(query.json.type, `${brand.name} ${name} in a query`).toMatch(/card-data-refused$/);
          counts.query++;
        }
      }
    }
    const spellings = Object.keys(SPELLINGS).length;
    const total = CARD_BRANDS.length * PER_BRAND_AND_SPELLING * spellings;
    console.info(
      `[security] card numbers: ${CARD_BRANDS.length} brands × ${PER_BRAND_AND_SPELLING} × ${spellings} spellings = ` +
        `${total}; refused in bodies ${counts.body}, \\u-escaped ${counts.escaped}, query strings ${counts.query}`,
    );
    expect(counts).toEqual({ body: total, escaped: total, query: total });
  });

  it('are never echoed from X-Request-Id nor accepted in an Idempotency-Key', async () => {
    let replaced = 0;
    let refused = 0;
    for (const [b, brand] of CARD_BRANDS.entries()) {
      for (const pan of sample(pans(brand), PER_BRAND_AND_SPELLING, SEED + 100 + b)) {
        sent.add(pan);
        const echoed = await api(stack.url, 'GET', '/v1/payment-requests', {
          key: merchant.apiKey,
          headers: { 'x-request-id': pan },
        });
        expect(echoed.headers.get('x-request-id')).not.toContain(pan);
        replaced++;
        const keyed = await api(stack.url, 'POST', '/v1/payment-requests', {
          key: merchant.apiKey,
          body: body('Pallet of tiles'),
          headers: { 'idempotency-key': `order-${pan}` },
        });
        expect(keyed.json.type, `${brand.name} in an Idempotency-Key`).toMatch(/card-data-refused$/);
        refused++;
      }
    }
    console.info(`[security] request ids replaced ${replaced}, idempotency keys refused ${refused}`);
    expect(replaced).toBe(CARD_BRANDS.length * PER_BRAND_AND_SPELLING);
    expect(refused).toBe(replaced);
  });

  it('valid shipment identifiers of every common format are accepted as a reference', async () => {
    let accepted = 0;
    for (const [f, [format, arb]] of Object.entries(SHIPMENT_FORMATS).entries()) {
      for (const reference of sample(arb, SHIPMENTS_PER_FORMAT, SEED + 200 + f)) {
        const res = await api(stack.url, 'POST', '/v1/payment-requests', {
          key: merchant.apiKey,
          body: { ...body('Pallets of tiles, 2 × 400 kg'), reference },
        });
        expect(res.status, `${format} ${reference}: ${res.text}`).toBe(201);
        accepted++;
      }
    }
    const formats = Object.keys(SHIPMENT_FORMATS).length;
    console.info(
      `[security] shipment identifiers: ${formats} formats × ${SHIPMENTS_PER_FORMAT}, accepted ${accepted}`,
    );
    expect(accepted).toBe(formats * SHIPMENTS_PER_FORMAT);
  });

  it('none of the card numbers sent reached the log or the database', async () => {
    await stack.stop();
    const files = (await storeText(stack)).map((f) => f.text).join('\n');
    const log = stack.output();
    const found = [...sent].filter((pan) => files.includes(pan) || log.includes(pan));
    expect(sent.size).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
