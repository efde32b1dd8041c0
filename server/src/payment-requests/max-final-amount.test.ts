import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRequestBody, problemType, type TestServer } from '../../test/harness.ts';
import { authorizedRequest, startWithMerchant } from '../../test/payments.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  ({ t, key } = await startWithMerchant({ env: { RATE_LIMIT_API_PER_MINUTE: '1000' } }));
});
afterAll(() => t.close());

const create = (overrides: Record<string, unknown>) =>
  t.request('POST', '/v1/payment-requests', {
    key,
    body: paymentRequestBody({ amount: 12_000, ...overrides }),
  });
const capture = (id: string, amount: number) =>
  t.request('POST', `/v1/payment-requests/${id}/capture`, { key, body: { amount } });

describe('max_final_amount: the stated maximum of a manual-capture request', () => {
  it('is stored and answered, and the checkout summary gives the widget it and the capture method', async () => {
    const created = await create({ capture: 'manual', max_final_amount: 14_000 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ capture: 'manual', max_final_amount: 14_000 });
    const id = String(created.json.id);
    expect((await t.request('GET', `/v1/payment-requests/${id}`, { key })).json.max_final_amount).toBe(
      14_000,
    );
    const summary = await t.request('GET', `/v1/checkout/${id}`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(summary.json).toMatchObject({ capture: 'manual', max_final_amount: 14_000, amount: 12_000 });
  });

  it('is null when not stated, for either capture method', async () => {
    for (const capture of ['manual', 'automatic']) {
      const created = await create({ capture });
      expect(created.json.max_final_amount).toBeNull();
      const summary = await t.request('GET', `/v1/checkout/${String(created.json.id)}`, {
        headers: { origin: 'https://shop.example' },
      });
      expect(summary.json).toMatchObject({ capture, max_final_amount: null });
    }
  });

  it.each([
    ['with capture "automatic" (the default)', {}, /manual/],
    ['with capture "automatic" said outright', { capture: 'automatic' }, /manual/],
    ['below amount', { capture: 'manual', max_final_amount: 11_999 }, /at least amount/],
  ])('is refused %s, naming the field', async (_label, overrides, message) => {
    const res = await create({ max_final_amount: 14_000, ...overrides });
    expect(res.status).toBe(422);
    expect(res.json.type).toBe(problemType('validation-failed'));
    const errors = res.json.errors as { path: string; message: string }[];
    expect(errors).toEqual([{ path: 'max_final_amount', message: expect.stringMatching(message) }]);
  });

  it.each([
    ['a fraction', 12_000.5],
    ['a string', '14000'],
    ['zero', 0],
    ['more than Stripe takes', 100_000_000],
  ])('is refused as %s', async (_label, value) => {
    const res = await create({ capture: 'manual', max_final_amount: value });
    expect(res.status).toBe(422);
    expect((res.json.errors as { path: string }[])[0]?.path).toBe('max_final_amount');
  });

  it('may equal amount (no adjustment allowed)', async () => {
    expect((await create({ capture: 'manual', max_final_amount: 12_000 })).status).toBe(201);
  });

  it('caps a capture even when the card would allow more (incremental authorization)', async () => {
    const { id, pi } = await authorizedRequest(t, key, { max_final_amount: 13_000 }, 'pm_card_visa');
    expect(
      (await t.request('GET', `/v1/payment-requests/${id}`, { key })).json.incremental_authorization,
    ).toBe(true);
    const refused = await capture(id, 13_450);
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ type: problemType('capture-amount-too-large'), maximum: 13_000 });
    expect(String(refused.json.detail)).toContain('max_final_amount 13000');
    // Refused before Stripe was asked: the hold is as it was.
    expect(await t.sandbox.stripeClient().paymentIntents.retrieve(pi)).toMatchObject({
      status: 'requires_capture',
      amount: 12_000,
    });
    const captured = await capture(id, 13_000);
    expect(captured.status).toBe(200);
    expect(await t.sandbox.stripeClient().paymentIntents.retrieve(pi)).toMatchObject({
      status: 'succeeded',
      amount_received: 13_000,
    });
  });

  it('names the lower of the statement and the hold when the card cannot be incremented', async () => {
    const { id } = await authorizedRequest(t, key, { max_final_amount: 14_000 }, 'pm_card_amex');
    const refused = await capture(id, 14_500);
    expect(refused.json).toMatchObject({ type: problemType('capture-amount-too-large'), maximum: 12_000 });
    const above = await capture(id, 13_450);
    expect(above.json).toMatchObject({ type: problemType('capture-amount-too-large'), maximum: 12_000 });
    expect((await capture(id, 11_000)).status).toBe(200);
  });
});
