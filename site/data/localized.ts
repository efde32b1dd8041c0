/** The site's two languages: English at `/`, Spanish at `/es/`. */
export type Lang = 'en' | 'es';

/** A text in every language of the site; the compiler refuses an entry that misses one. */
export type Localized = Record<Lang, string>;

/** The language of a page, from Starlight's locale (`undefined` for the root locale, English). */
export function langOf(locale: string | undefined): Lang {
  return locale === 'es' ? 'es' : 'en';
}
