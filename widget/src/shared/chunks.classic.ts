import type { Messages } from '../locales/en.ts';
import type { LocaleTag } from '../locales/localize.ts';
import { scriptUrl } from './script-url.ts';

/** Imports a file of the ES build that sits next to `cargopay.js`, resolved from the script's own URL. */
const load = <T>(path: string): Promise<T> =>
  import(/* @vite-ignore */ new URL(path, scriptUrl()).href) as Promise<T>;

/** Classic-script build: `locales/<tag>.js` next to `cargopay.js`; only the active locale is fetched. */
export async function loadLocale(locale: LocaleTag): Promise<Messages> {
  return (await load<{ default: Messages }>(`locales/${locale}.js`)).default;
}

/** Classic-script build: `vat.js` next to `cargopay.js`, fetched only when `collect-vat` is on. */
export const loadVat = (): Promise<typeof import('../vat/vat-number.ts')> => load('vat.js');

/** Classic-script build: `warnings.js` next to `cargopay.js`, fetched only when a warning is due. */
export const loadWarnings = (): Promise<typeof import('./warnings.ts')> => load('warnings.js');
