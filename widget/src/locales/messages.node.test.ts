/**
 * Every locale file says everything English says: the same keys (the compiler checks that too, through
 * `satisfies Messages`), no empty text, and the same `{placeholders}` in each message, so that no buyer ever
 * sees an amount go missing or a raw `{max}`.
 */
import { describe, expect, it } from 'vitest';
import de from './de.ts';
import en from './en.ts';
import es from './es.ts';
import fr from './fr.ts';
import it_ from './it.ts';
import nl from './nl.ts';
import pl from './pl.ts';
import pt from './pt.ts';
import { LOCALES, type LocaleTag, type Messages } from './localize.ts';
import { checkVatNumber } from '../vat/vat-number.ts';

const FILES: Record<LocaleTag, Messages> = { en, de, es, fr, it: it_, nl, pl, pt };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  for (const tag of LOCALES.filter((l) => l !== 'en')) {
    it(`${tag} has every English key, none empty, with the same placeholders`, () => {
      const translated: Record<string, string> = FILES[tag];
      expect(Object.keys(translated).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(translated[key]?.trim(), `${tag}.${key}`).not.toBe('');
        expect(placeholders(translated[key] ?? ''), `${tag}.${key}`).toEqual(placeholders(text));
      }
    });
  }

  it('the manual-capture texts name the held amount, and their Max variants the stated maximum', () => {
    for (const key of ['hold', 'authorized'] as const) {
      expect(placeholders(en[key])).toEqual(['amount']);
      expect(placeholders(en[`${key}Max`])).toEqual(['amount', 'max']);
    }
  });

  for (const tag of LOCALES)
    it(`${tag}: the VAT hint's example is written as typed (one word, no space) and passes the widget's own check`, () => {
      // The example ends the hint; a buyer copies its shape, so "ES A12345674" would teach a space.
      const example = /(\S+)$/.exec(FILES[tag].vatHint)?.[1] ?? '';
      expect(FILES[tag].vatHint.endsWith(` ${example}`), `${tag}: ${FILES[tag].vatHint}`).toBe(true);
      expect(example, tag).toMatch(/^[A-Z]{2}[0-9A-Z]{8,12}$/);
      expect(checkVatNumber(example).ok, example).toBe(true);
    });
});
