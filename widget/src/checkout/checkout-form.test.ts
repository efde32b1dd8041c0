/**
 * The buyer's form: the billing country the card form starts with, an error shown once (at its field), focus on
 * the first invalid field after a failed submit, the live region following a live `locale` change,.
 * (A checkout refused by risk rules at load is in widget/test/real-server.test.ts: it needs the real server.)
 */
import { expect } from 'chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import de from '../locales/de.ts';
import en from '../locales/en.ts';
import {
  cleanUp,
  createRequest,
  mountWidget,
  ofType,
  payButton,
  readyWidget,
  shadow,
  sleep,
  typeCard,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';
import type { CargopayCheckout } from './checkout.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

/** A field of the page's Payment Element frame, read inside the cross-origin frame (once the frame is there). */
async function frameField(id: string): Promise<string | null | undefined> {
  for (let tries = 0; ; tries++) {
    const values = await executeServerCommand<(string | null)[], object>(
      'cargopay-sandbox:payment-element-field',
      { id },
    );
    if (values.length || tries > 40) return values.at(-1);
    await sleep(50);
  }
}
const frameFocus = async (): Promise<string | null | undefined> =>
  (await executeServerCommand<(string | null)[], object>('cargopay-sandbox:payment-element-focus', {})).at(
    -1,
  );
/** Polls the frame until its focused field is `id` (the frame answers asynchronously). */
async function frameFocusIs(id: string | null, timeout = 5000): Promise<string | null | undefined> {
  const started = Date.now();
  let now = await frameFocus();
  while (now !== id && Date.now() - started < timeout) {
    await sleep(50);
    now = await frameFocus();
  }
  return now;
}
const status = (widget: CargopayCheckout): string =>
  shadow(widget).querySelector('[role=status]')?.textContent?.trim() ?? '';

describe('billing country', () => {
  it('starts from the language the page gives (de → Germany, no ZIP), never the browser’s en-US', async () => {
    await readyWidget({ locale: 'de' });
    expect(await frameField('country')).to.equal('DE');
    expect(await frameField('postalCode')).to.equal(null);
  });

  it('takes the region of the page’s language when it names one (lang="fr-BE" → Belgium)', async () => {
    const host = document.createElement('div');
    host.lang = 'fr-BE';
    document.body.append(host);
    const request = await createRequest();
    await waitForState(mountWidget(request, {}, host).widget, 'ready');
    expect(await frameField('country')).to.equal('BE');
  });

  it('English with no region starts in the United Kingdom, not the United States', async () => {
    await readyWidget({ locale: 'en' });
    expect(await frameField('country')).to.equal('GB');
  });
});

describe('a failed submit', () => {
  it('shows the card form’s error once, at its field, and no second copy above Pay', async () => {
    const { widget, events } = await readyWidget({ locale: 'en' });
    payButton(widget).click();
    await waitFor(() => ofType(events, 'cargopay-failed').length, 'cargopay-failed');
    await widget.updateComplete;
    expect(ofType(events, 'cargopay-failed')[0]?.detail.kind).to.equal('validation');
    expect(shadow(widget).querySelector('.error, [part~=message]')).to.equal(null);
    // Still said once, to screen readers, through the live region.
    expect(status(widget)).to.equal(ofType(events, 'cargopay-failed')[0]?.detail.message);
  });

  it('moves focus to the first invalid field of the card form (the expiry after a complete number)', async () => {
    const { widget, events } = await readyWidget({ locale: 'en' });
    await typeCard(widget, { number: '424242424242424' });
    await sendKeys({ type: '2' });
    expect(await frameFocusIs('expiry')).to.equal('expiry');
    payButton(widget).focus();
    expect(await frameFocusIs(null)).to.equal(null);
    payButton(widget).click();
    await waitFor(() => ofType(events, 'cargopay-failed').length, 'cargopay-failed');
    expect(await frameFocusIs('expiry')).to.equal('expiry');
  });

  it('moves focus to the VAT number when it is invalid, as it comes before the card form', async () => {
    const { widget, events } = await readyWidget({ locale: 'en', 'collect-vat': 'required' });
    payButton(widget).focus();
    payButton(widget).click();
    await waitFor(() => ofType(events, 'cargopay-failed').length, 'cargopay-failed');
    expect(ofType(events, 'cargopay-failed')[0]?.detail.code).to.equal('vat_number');
    await waitFor(() => shadow(widget).activeElement?.id === 'vat', 'focus on the VAT number');
    expect(await frameFocus()).to.equal(null);
  });
});

describe('locale', () => {
  it('a live locale change re-says the status line in the new language', async () => {
    const { widget } = await readyWidget({ locale: 'en' });
    expect(status(widget)).to.equal(en.ready);
    widget.locale = 'de';
    await waitFor(() => status(widget) === de.ready, `the status in German (now "${status(widget)}")`);
  });
});
