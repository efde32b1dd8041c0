import { describe, expect, it } from 'vitest';
import { containsCardNumber, luhnValid } from './card-guard.ts';

describe('card number detection', () => {
  it('finds Luhn-valid 13–19 digit numbers, written together or grouped', () => {
    for (const text of [
      '{"note":"4242424242424242"}',
      '{"n":4242424242424242}',
      'pay with 4242 4242 4242 4242 please',
      '5555-5555-5555-4444',
      'amex 378282246310005',
      '4222222222222', // 13 digits
      '6205500000000000004', // 19 digits
      '4242 4242 4242 4242 123',
    ]) {
      expect(containsCardNumber(text), text).toBe(true);
    }
  });

  it('lets through ordinary numbers: amounts, timestamps, references, Luhn failures, over-long runs', () => {
    for (const text of [
      '{"amount":12500,"created":1732480000}',
      'AWB 176-12345675',
      '4242424242424241',
      '42424242424242424242424',
      '2026-11-24T21:00:00Z',
      'DE136308783',
    ]) {
      expect(containsCardNumber(text), text).toBe(false);
    }
  });

  it('computes Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});
