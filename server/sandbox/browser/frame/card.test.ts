import { describe, expect, it } from 'vitest';
import { brandOf, formatExpiry, formatNumber, luhnValid, validateAll, validateField } from './card.ts';
import type { CardFields } from './card.ts';
import { LOCALES, messagesFor, resolveLocale } from './locales.ts';
import { resolveAppearance } from './appearance.ts';

const en = messagesFor('en');
const now = new Date('2026-11-24T12:00:00Z');
const good: CardFields = {
  number: '4242 4242 4242 4242',
  expiry: '12 / 34',
  cvc: '123',
  country: 'US',
  postalCode: '10001',
};

describe('card number', () => {
  it('accepts the Stripe test cards and rejects a number whose Luhn check digit is wrong', () => {
    for (const card of ['4242424242424242', '4000002760003184', '4000000000000002', '378282246310005']) {
      expect(luhnValid(card)).toBe(true);
    }
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('groups digits as printed on the card, by brand', () => {
    expect(formatNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatNumber('378282246310005')).toBe('3782 822463 10005');
    expect(brandOf('37')).toBe('amex');
    expect(brandOf('5555')).toBe('mastercard');
  });

  it('reports a full number that fails Luhn as invalid while typing, and a short one only once final', () => {
    const bad = { ...good, number: '4242 4242 4242 4241' };
    expect(validateField('number', bad, en, false, now, true)?.message).toBe('Your card number is invalid.');
    const short = { ...good, number: '4242 42' };
    expect(validateField('number', short, en, false, now, true)).toBeNull();
    expect(validateField('number', short, en, true, now, true)).toMatchObject({
      code: 'incomplete_number',
      message: 'Your card number is incomplete.',
    });
  });
});

describe('expiry and CVC', () => {
  it('formats the expiry as the buyer types', () => {
    expect(formatExpiry('4')).toBe('04');
    expect(formatExpiry('1234')).toBe('12 / 34');
  });

  it('refuses a past expiry with Stripe code invalid_expiry_year_past', () => {
    expect(validateField('expiry', { ...good, expiry: '10 / 26' }, en, true, now, true)?.code).toBe(
      'invalid_expiry_year_past',
    );
    expect(validateField('expiry', { ...good, expiry: '11 / 26' }, en, true, now, true)).toBeNull();
  });

  it('wants four CVC digits for American Express and three otherwise', () => {
    const amex = { ...good, number: '3782 822463 10005', cvc: '123' };
    expect(validateField('cvc', amex, en, true, now, true)?.code).toBe('incomplete_cvc');
    expect(validateField('cvc', good, en, true, now, true)).toBeNull();
  });

  it('needs a 5-digit ZIP for the US only when the field is shown', () => {
    expect(validateAll({ ...good, postalCode: '123' }, en, now, true)?.message).toBe(
      'Your ZIP is incomplete.',
    );
    expect(validateAll({ ...good, postalCode: '' }, en, now, false)).toBeNull();
  });
});

describe('locale and appearance', () => {
  it('speaks Spanish for es and falls back to English for a locale it lacks', () => {
    expect(resolveLocale('es', [])).toBe('es');
    expect(resolveLocale('auto', ['es-ES', 'en'])).toBe('es');
    expect(resolveLocale('ja', [])).toBe('en');
    expect(validateAll({ ...good, number: '' }, messagesFor('es'), now, true)?.message).toBe(
      'El número de tu tarjeta está incompleto.',
    );
  });

  it('speaks every locale of the widget (en, de, es, fr, it, nl, pl, pt), each in its own words, from a regional tag too', () => {
    expect([...LOCALES].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt']);
    const keys = Object.keys(en).sort();
    for (const locale of LOCALES) {
      const m = messagesFor(locale);
      expect(Object.keys(m).sort(), locale).toEqual(keys);
      for (const [key, text] of Object.entries(m)) expect(text.trim(), `${locale}.${key}`).not.toBe('');
      if (locale === 'en') continue;
      // Labels and messages are translated; only the digit placeholders and "CVC" are the same everywhere.
      for (const key of keys.filter((k) => !['numberPlaceholder', 'cvcPlaceholder'].includes(k))) {
        expect(m[key as keyof typeof m], `${locale}.${key}`).not.toBe(en[key as keyof typeof en]);
      }
    }
    expect(resolveLocale('de-CH', [])).toBe('de');
    expect(resolveLocale('auto', ['pl-PL', 'en'])).toBe('pl');
    expect(resolveLocale('pt-BR', [])).toBe('pt');
    const incomplete = (locale: string) =>
      validateAll({ ...good, number: '' }, messagesFor(locale), now, true)?.message;
    expect(incomplete('de')).toBe('Ihre Kartennummer ist unvollständig.');
    expect(incomplete('fr')).toBe('Le numéro de votre carte est incomplet.');
    expect(incomplete('it')).toBe('Il numero della carta è incompleto.');
    expect(incomplete('nl')).toBe('Je kaartnummer is onvolledig.');
    expect(incomplete('pl')).toBe('Numer karty jest niekompletny.');
    expect(incomplete('pt')).toBe('O número do cartão está incompleto.');
  });

  it('uses the theme defaults and lets variables override them, refusing values that could inject CSS', () => {
    const night = resolveAppearance({
      theme: 'night',
      variables: { colorPrimary: '#ff0000', colorText: 'red; x: y' },
    });
    expect(night.colorPrimary).toBe('#ff0000');
    expect(night.colorBackground).toBe('#30313d');
    expect(night.colorText).toBe('#ffffff');
  });
});
