/**
 * Localization in Chromium: BCP 47 fallback, the `lang` attribute inherited across shadow roots, one message
 * file fetched per active locale, and switching the locale of a ready widget.
 */
import { expect } from 'chai';
import { resolveLocale } from './localize.ts';
import {
  cleanUp,
  createRequest,
  mountWidget,
  payButton,
  shadow,
  text,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

const localeFiles = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => /^\/widget\/src\/locales\/[a-z]{2}\.ts$/.test(p));

describe('locales', () => {
  it('falls back from region to language to English', () => {
    expect(resolveLocale('es-MX')).to.equal('es');
    expect(resolveLocale('pt-BR')).to.equal('pt');
    expect(resolveLocale('de_AT')).to.equal('de');
    expect(resolveLocale('sv-SE')).to.equal('en');
    expect(resolveLocale('')).to.equal('en');
  });

  it('fetches only the active locale, inherits lang through a shadow root, formats the amount for it', async () => {
    expect(localeFiles()).to.deep.equal([]);
    const host = document.createElement('div');
    host.lang = 'pl-PL';
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const { widget } = mountWidget(await createRequest({ amount: 12550, currency: 'eur' }), {}, root);
    await waitForState(widget, 'ready');
    expect(text(widget)).to.contain('Przewoźnik');
    expect(text(widget)).to.match(/125,50\s€/);
    expect(localeFiles()).to.deep.equal(['/widget/src/locales/pl.ts']);
  });

  it('switches a ready widget to another locale, loading that file then', async () => {
    const { widget } = mountWidget(await createRequest(), { locale: 'fr' });
    await waitForState(widget, 'ready');
    expect(payButton(widget).textContent).to.contain('Payer');
    widget.locale = 'nl-BE';
    await waitFor(() => payButton(widget).textContent?.includes('betalen'), 'Dutch');
    expect(localeFiles()).to.include('/widget/src/locales/nl.ts');
    expect(shadow(widget).querySelector('dt')?.textContent).to.equal('Betalen aan');
  });
});
