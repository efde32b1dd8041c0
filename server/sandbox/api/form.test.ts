import { describe, expect, it } from 'vitest';
import { FormEncodingError, parseForm } from './form.ts';

describe("Stripe's form encoding", () => {
  it('reads plain keys, nested hashes and both kinds of arrays as the SDK and Stripe.js send them', () => {
    const body = parseForm(
      [
        'amount=1000',
        'metadata[order]=A%2017',
        'metadata[note]=a+b',
        'expand[]=latest_charge',
        'expand[]=payment_method',
        'payment_method_types[0]=card',
        'payment_method_options[card][request_three_d_secure]=any',
        'transfer_data[destination]=acct_1',
      ].join('&'),
    );
    expect(body).toEqual({
      amount: '1000',
      metadata: { order: 'A 17', note: 'a b' },
      expand: ['latest_charge', 'payment_method'],
      payment_method_types: ['card'],
      payment_method_options: { card: { request_three_d_secure: 'any' } },
      transfer_data: { destination: 'acct_1' },
    });
  });

  it('accepts percent-encoded brackets and orders indexed arrays by index', () => {
    expect(parseForm('a%5B1%5D=y&a%5B0%5D=x')).toEqual({ a: ['x', 'y'] });
  });

  it('keeps an empty value (Stripe uses it to unset) and lets nested keys replace it', () => {
    expect(parseForm('description=&metadata=')).toEqual({ description: '', metadata: '' });
    expect(parseForm('metadata=&metadata[a]=1')).toEqual({ metadata: { a: '1' } });
  });

  it('never writes to Object.prototype', () => {
    const body = parseForm('__proto__[polluted]=yes&constructor[prototype][x]=1&ok=1');
    expect(body).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses unbalanced brackets, a key that is both a value and a hash, and absurd nesting', () => {
    expect(() => parseForm('a[b=1')).toThrow(FormEncodingError);
    expect(() => parseForm('a[b][c]=2&a[b]=1')).toThrow(FormEncodingError);
    expect(() => parseForm(`a${'[x]'.repeat(9)}=1`)).toThrow(FormEncodingError);
  });
});
