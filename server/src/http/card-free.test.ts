import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRequestBody, problemType, startTestServer, type TestServer } from '../../test/harness.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' }, workers: false });
  key = (await t.merchant()).apiKey;
});
afterAll(() => t.close());

const PAN = '4000056655665556';
const create = (body: unknown, headers: Record<string, string> = {}) =>
  t.request('POST', '/v1/payment-requests', { key, body, headers });

/** Everything the server wrote: its log lines and its SQLite files (database and write-ahead log). */
const everythingStored = (): string =>
  [
    t.logs.join('\n'),
    ...[t.config.databasePath, `${t.config.databasePath}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1')),
  ].join('\n');

describe('card numbers are refused on decoded values, over real HTTP', () => {
  it('refuses a card number written with JSON unicode escapes in a payment request description, and stores nothing', async () => {
    const escaped = [...PAN].map((d) => `\\u${d.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const raw = JSON.stringify(paymentRequestBody({ reference: 'ESC-1' })).replace(
      '"Air freight',
      `"${escaped} Air freight`,
    );
    expect(raw).not.toContain(PAN);
    const res = await t.request('POST', '/v1/payment-requests', {
      key,
      rawBody: raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('card-data-refused'));
    expect(res.json.errors).toEqual([{ path: 'description', message: 'looks like a card number' }]);
    expect(res.text).not.toContain(PAN);
    const list = await t.request('GET', '/v1/payment-requests?reference=ESC-1', { key });
    expect(list.json.data).toEqual([]);
    expect(everythingStored()).not.toContain(PAN);
  });

  it('refuses a card number separated by dots, slashes, underscores, tabs, no-break spaces or double spaces', async () => {
    for (const separator of ['.', '/', '_', '\t', '\u00a0', '  ', ' - ', '\u2009']) {
      const spelled = PAN.match(/.{4}/g)?.join(separator) ?? '';
      const res = await create(paymentRequestBody({ description: `Paid by card ${spelled}` }));
      expect(res.status, JSON.stringify(separator)).toBe(422);
      expect(res.json.type).toBe(problemType('card-data-refused'));
    }
    expect(t.logs.join('\n')).not.toMatch(/4000.?0566/);
  });

  it('accepts a FedEx tracking number 770814155979034 and an SSCC 058498756633090711 as reference (201)', async () => {
    for (const reference of ['770814155979034', '058498756633090711', '(00) 562345678901234522']) {
      const res = await create(paymentRequestBody({ reference }));
      expect(res.status, reference).toBe(201);
      expect(res.json.reference).toBe(reference);
    }
  });

  it('refuses a card number in the query string, decoded, and accepts a tracking number as reference there', async () => {
    for (const query of [
      `reference=${PAN}`,
      `note=${PAN.match(/.{4}/g)?.join('%2E')}`,
      `x=%34%30${PAN.slice(2)}`,
    ]) {
      const res = await t.request('GET', `/v1/payment-requests?${query}`, { key });
      expect(res.status, query).toBe(422);
      expect(res.json.type).toBe(problemType('card-data-refused'));
    }
    const fedex = await t.request('GET', '/v1/payment-requests?reference=770814155979034', { key });
    expect(fedex.status).toBe(200);
  });

  it('replaces an X-Request-Id made of a card number (or of digits only) and never echoes or logs it', async () => {
    for (const id of [
      PAN,
      PAN.match(/.{4}/g)?.join('-') ?? '',
      '12345678901',
      `req.${PAN.match(/.{4}/g)?.join('.')}`,
    ]) {
      const res = await t.request('GET', '/healthz', { headers: { 'x-request-id': id } });
      const echoed = res.headers.get('x-request-id') ?? '';
      expect(echoed, id).not.toBe(id);
      expect(echoed).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    }
    const kept = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'order-2026-abc' } });
    expect(kept.headers.get('x-request-id')).toBe('order-2026-abc');
    expect(t.logs.join('\n')).toContain('order-2026-abc');
    expect(t.logs.join('\n')).not.toMatch(/4000.?0566.?5566.?5556/);
  });

  it('refuses an Idempotency-Key holding a card number, which never reaches the SQLite file', async () => {
    const idemKey = `retry-${PAN.match(/.{4}/g)?.join('-')}`;
    const res = await create(paymentRequestBody({ reference: 'IDEM-PAN' }), { 'idempotency-key': idemKey });
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('card-data-refused'));
    expect(res.json.errors).toEqual([{ path: 'Idempotency-Key', message: 'looks like a card number' }]);
    expect(everythingStored()).not.toContain(idemKey);
    expect(everythingStored()).not.toMatch(/4000.?0566.?5566.?5556/);
  });

  it('keeps no idempotency record of a refused body: the same key then runs the clean request', async () => {
    const headers = { 'idempotency-key': `idem-${Date.now()}` };
    const refused = await create(paymentRequestBody({ description: `card ${PAN}` }), headers);
    expect(refused.status).toBe(422);
    const clean = await create(paymentRequestBody({ reference: 'IDEM-AFTER' }), headers);
    expect(clean.status).toBe(201);
    expect(clean.headers.get('idempotent-replayed')).toBeNull();
  });
});
