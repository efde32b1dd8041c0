import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger redaction', () => {
  it('censors authorization headers, keys, secrets and emails wherever they appear', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
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
});
