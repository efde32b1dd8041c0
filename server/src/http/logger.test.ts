import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { MAX_DEPTH, redactText, redactValue } from './redact.ts';

/** A logger writing into an array, and the lines it wrote, parsed. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger redaction', () => {
  it('censors authorization headers, keys, secrets and emails wherever they appear', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer cp_test_SECRETKEY', 'stripe-signature': 't=1,v1=abc' } },
        customer: { email: 'ada@example.com' },
        secretKey: 'sk_test_SECRET',
        merchant: { signingSecret: 'cpwhsec_SECRET', apiKey: 'cp_test_OTHER' },
      },
      'something',
    );
    const out = lines.join('');
    for (const secret of [
      'cp_test_SECRETKEY',
      'v1=abc',
      'ada@example.com',
      'sk_test_SECRET',
      'cpwhsec_SECRET',
      'cp_test_OTHER',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });

  it('censors sensitive keys in any letter case at any depth: billing_details.email, headers.Authorization, HEADERS.COOKIE', () => {
    const { logger, lines, parsed } = capture();
    logger.info(
      {
        payment: {
          billing_details: { email: 'berta@example.com', name: 'Berta Buyer', phone: '+34 600 111 222' },
        },
        headers: { Authorization: 'Token abc123secretvalue', 'Idempotency-Key': 'idem-7f3a9c' },
        HEADERS: { COOKIE: 'session=deadbeef42' },
        Customer_Email: 'carl@example.org',
        shipping: { address: { line1: 'Calle Mayor 1', city: 'Madrid' } },
      },
      'nested',
    );
    const out = lines.join('');
    for (const secret of [
      'berta@example.com',
      'Berta Buyer',
      '600 111 222',
      'abc123secretvalue',
      'idem-7f3a9c',
      'deadbeef42',
      'carl@example.org',
      'Calle Mayor',
    ]) {
      expect(out, secret).not.toContain(secret);
    }
    const [line] = parsed();
    expect(line?.headers).toEqual({ Authorization: '[redacted]', 'Idempotency-Key': '[redacted]' });
    expect(line?.HEADERS).toEqual({ COOKIE: '[redacted]' });
  });

  it('masks an e-mail address, a card number and a credential inside the message and inside any string value', () => {
    const { logger, lines, parsed } = capture();
    logger.warn(
      { note: 'buyer wrote: my card is 4242.4242.4242.4242 exp 12/34', list: ['call ada@example.com today'] },
      'refund asked by ada.lovelace+freight@example.co.uk for card 5555 5555 5555 4444',
    );
    logger.info('plain %s message', 'interpolated dora@example.net 4000-0566-5566-5556');
    const out = lines.join('');
    for (const secret of [
      'ada.lovelace+freight@example.co.uk',
      'ada@example.com',
      'dora@example.net',
      '4242.4242.4242.4242',
      '5555 5555 5555 4444',
      '4000-0566-5566-5556',
      '4444',
    ]) {
      expect(out, secret).not.toContain(secret);
    }
    const [first, second] = parsed();
    expect(first?.msg).toBe('refund asked by [redacted:email] for card [redacted:card]');
    expect(first?.note).toBe('buyer wrote: my card is [redacted:card] exp 12/34');
    expect(second?.msg).toBe('plain interpolated [redacted:email] [redacted:card] message');
    expect(redactText('retry with Authorization: Bearer eyJhbGciOi.J9-x and key sk_live_51Habc')).toBe(
      'retry with Authorization: [redacted:secret] and key [redacted:secret]',
    );
    expect(redactText('basic checks passed for the bearer of parcel 7')).toBe(
      'basic checks passed for the bearer of parcel 7',
    );
  });

  it('redacts inside arrays of objects and objects 10 levels deep, and survives cycles', () => {
    let deep: Record<string, unknown> = { email: 'deep@example.com', note: 'pan 4111111111111111' };
    for (let i = 0; i < 10; i++) deep = { [`level${i}`]: deep };
    const cyclic: Record<string, unknown> = { type: 'loop' };
    cyclic.self = cyclic;
    const value = {
      customers: [
        { email: 'a@example.com', type: 'individual' },
        { Email: 'b@example.com', merchantId: 'mer_abc' },
      ],
      deep,
      cyclic,
    };
    const redacted = JSON.stringify(redactValue(value));
    for (const secret of ['a@example.com', 'b@example.com', 'deep@example.com', '4111111111111111']) {
      expect(redacted, secret).not.toContain(secret);
    }
    expect(redacted).toContain('"type":"individual"');
    expect(redacted).toContain('"merchantId":"mer_abc"');
    expect(redacted).toContain('[circular]');
    // Deeper than the bound, the structure is cut, never copied out unredacted.
    let tooDeep: Record<string, unknown> = { secret: 'x' };
    for (let i = 0; i < MAX_DEPTH + 5; i++) tooDeep = { a: tooDeep };
    expect(JSON.stringify(redactValue(tooDeep))).toContain('[too deep]');
    // The input is not modified.
    expect(value.customers[0]?.email).toBe('a@example.com');

    const { logger, lines } = capture();
    logger.info({ value }, 'deep');
    for (const secret of ['a@example.com', 'b@example.com', 'deep@example.com', '4111111111111111']) {
      expect(lines.join(''), secret).not.toContain(secret);
    }
  });

  it('keeps ordinary fields, shipment numbers and errors’ class and message readable', () => {
    const { logger, parsed } = capture();
    const error = new TypeError('lookup failed for shipment AWB-176-12345675');
    logger.error(
      {
        requestId: 'req_abc',
        merchantId: 'mer_123',
        type: 'payment_intent.succeeded',
        status: 422,
        reference: 'AWB-176-12345675',
        alert: { key: 'ip:5f2c', rule: 'card_testing' },
        err: error,
      },
      'request failed',
    );
    const [line] = parsed();
    expect(line).toMatchObject({
      requestId: 'req_abc',
      merchantId: 'mer_123',
      type: 'payment_intent.succeeded',
      status: 422,
      reference: 'AWB-176-12345675',
      alert: { key: 'ip:5f2c', rule: 'card_testing' },
      err: { type: 'TypeError', message: 'lookup failed for shipment AWB-176-12345675' },
      msg: 'request failed',
    });
    expect(redactText('2026-12-06T02:16:47.000Z order 12345')).toBe('2026-12-06T02:16:47.000Z order 12345');
  });
});
