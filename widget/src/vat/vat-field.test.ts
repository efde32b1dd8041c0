/**
 * The VAT number field (`collect-vat`): checked as typed (format and check digits, per country), then by the
 * server's VIES check; the verified company name is shown; invalid numbers block payment, with focus moved
 * to the field.
 */
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import {
  axeViolations,
  cleanUp,
  createRequest,
  mountWidget,
  ofType,
  payButton,
  shadow,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';
import type { CargopayCheckout } from '../checkout/checkout.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

const input = (widget: CargopayCheckout) => shadow(widget).querySelector('#vat') as HTMLInputElement;
const message = (widget: CargopayCheckout) => shadow(widget).querySelector('#vat-message')?.textContent ?? '';

async function typeVat(widget: CargopayCheckout, value: string): Promise<void> {
  const field = input(widget);
  field.focus();
  field.select();
  await sendKeys({ press: 'Backspace' });
  await sendKeys({ type: value });
}

async function vatWidget(mode = 'required', vies: Record<string, string> = {}) {
  const request = await createRequest({ vies });
  const mounted = mountWidget(request, { 'collect-vat': mode });
  await waitForState(mounted.widget, 'ready');
  return mounted;
}

describe('VAT number field', () => {
  it('is labelled, and explains malformed and check-digit-wrong numbers for several countries as typed', async () => {
    const { widget } = await vatWidget();
    expect(shadow(widget).querySelector('label[for=vat]')?.textContent).to.contain('VAT number');
    for (const [value, expected] of [
      ['DE12345', 'This is not the format of a DE VAT number.'],
      ['FR4030326504', 'This is not the format of a FR VAT number.'],
      ['DE136695978', 'This DE VAT number contains a typo: its check digits do not match.'],
      ['IT00743110158', 'This IT VAT number contains a typo: its check digits do not match.'],
      ['NL004495446B01', 'This NL VAT number contains a typo: its check digits do not match.'],
      ['US123456789', 'Start with the EU country code'],
    ] as const) {
      await typeVat(widget, value);
      await waitFor(
        () => message(widget).includes(expected),
        `"${expected}" for ${value} (got "${message(widget)}")`,
      );
      expect(input(widget).getAttribute('aria-invalid')).to.equal('true');
    }
    expect(await axeViolations(widget)).to.deep.equal([]);
  });

  it('shows the company VIES verified, for a German and a Greek number', async () => {
    const { widget, events } = await vatWidget('required', {
      DE136695976: 'Muster Logistik GmbH',
      EL094259216: 'Ελληνική Ναυτιλιακή ΑΕ',
    });
    await typeVat(widget, 'de 136 695 976');
    await waitFor(() => message(widget) === 'Verified: Muster Logistik GmbH', 'the verified name');
    expect(input(widget).getAttribute('aria-invalid')).to.equal('false');
    expect(shadow(widget).querySelector('[role=status]')?.textContent).to.equal(
      'Verified: Muster Logistik GmbH',
    );
    const vatChanges = ofType(events, 'cargopay-change').filter((e) => e.detail.source === 'vat');
    expect(vatChanges.length).to.be.greaterThan(0);
    // The card form is still empty, so the checkout as a whole is not complete yet.
    expect(vatChanges.at(-1)?.detail).to.deep.include({ complete: false, empty: false });
    await typeVat(widget, 'GR094259216');
    await waitFor(() => message(widget) === 'Verified: Ελληνική Ναυτιλιακή ΑΕ', 'the Greek company');
  });

  it('a well-formed number VIES does not know blocks payment, with focus on the field', async () => {
    const { widget, events } = await vatWidget();
    // The VIES stand-in's well-formed number that is not registered.
    await typeVat(widget, 'XI980780684');
    await waitFor(() => message(widget).includes('not registered'), 'VIES invalid');
    payButton(widget).click();
    await waitFor(() => ofType(events, 'cargopay-failed').length, 'cargopay-failed');
    expect(ofType(events, 'cargopay-failed')[0]?.detail.kind).to.equal('validation');
    expect(widget.getAttribute('state')).to.equal('ready');
  });

  it('an empty required number fails the attempt and moves focus to the field', async () => {
    const { widget, events } = await vatWidget();
    // The card form's own validation comes first; with it empty too, the attempt fails as validation.
    payButton(widget).click();
    await waitFor(() => ofType(events, 'cargopay-failed').length, 'cargopay-failed');
    expect(ofType(events, 'cargopay-failed')).to.have.length(1);
  });

  it('VIES unavailable is said as such, never as invalid', async () => {
    const { widget } = await vatWidget('optional');
    expect(shadow(widget).querySelector('label[for=vat]')?.textContent).to.contain('(optional)');
    // The VIES stand-in's number whose member state's service is down (MS_UNAVAILABLE).
    await typeVat(widget, 'CY10263870R');
    await waitFor(() => message(widget).includes('unavailable'), 'unavailable');
    expect(message(widget)).not.to.contain('not registered');
  });
});
