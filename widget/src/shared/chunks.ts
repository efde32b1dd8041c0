import type { Messages } from '../locales/en.ts';
import type { LocaleTag } from '../locales/localize.ts';

/**
 * Code loaded on demand with dynamic `import()`: one file per locale, and the VAT number checks (only for
 * `collect-vat`). Bundlers emit each as its own chunk. The classic-script build swaps this module for
 * `chunks.classic.ts`, which loads the same files from next to `cargopay.js`.
 */
export async function loadLocale(locale: LocaleTag): Promise<Messages> {
  switch (locale) {
    case 'es':
      return (await import('../locales/es.ts')).default;
    case 'fr':
      return (await import('../locales/fr.ts')).default;
    case 'de':
      return (await import('../locales/de.ts')).default;
    case 'it':
      return (await import('../locales/it.ts')).default;
    case 'pt':
      return (await import('../locales/pt.ts')).default;
    case 'nl':
      return (await import('../locales/nl.ts')).default;
    case 'pl':
      return (await import('../locales/pl.ts')).default;
    default:
      return (await import('../locales/en.ts')).default;
  }
}

/** The offline VAT number checks. */
export const loadVat = (): Promise<typeof import('../vat/vat-number.ts')> => import('../vat/vat-number.ts');

/** The texts of the developer warnings. */
export const loadWarnings = (): Promise<typeof import('./warnings.ts')> => import('./warnings.ts');
