/**
 * Manual capture (freight priced once weighed), through the test checkout server: the buyer is told in words,
 * before paying, that the card is only authorized (held) for the quote and charged the final price after
 * weighing, "at most" the merchant's stated maximum when there is one; the text is the form's accessible
 * description and is announced; paying ends in the `authorized` state, which a reload shows again. The stated
 * maximum comes from the summary's `max_final_amount`, which the real server fills once the request stores
 * it (`widget/test/real-server.test.ts` covers the rest against the real server).
 */
import { expect } from 'chai';
import { CargopayCheckout } from './checkout.ts';
import {
  axeViolations,
  cleanUp,
  createRequest,
  goodCard,
  mountWidget,
  ofType,
  payButton,
  shadow,
  terminal,
  typeCard,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

/** Text with every run of white space (Intl's no-break spaces included) as one space. */
const plain = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const hold = (widget: CargopayCheckout) => plain(shadow(widget).querySelector('#hold')?.textContent);
const status = (widget: CargopayCheckout) =>
  plain(shadow(widget).querySelector('[role=status]')?.textContent);
const heading = (widget: CargopayCheckout) => plain(shadow(widget).querySelector('h2')?.textContent);
const base = (widget: CargopayCheckout) => shadow(widget).querySelector('[part=base]') as HTMLElement;

describe('manual capture, with the merchant’s stated maximum', () => {
  it('tells the buyer before paying, in English, that €120.00 is held and at most €150.00 charged', async () => {
    const request = await createRequest({ amount: 12000, capture: 'manual', max_final_amount: 15000 });
    const { widget } = mountWidget(request, { locale: 'en' });
    await waitForState(widget, 'ready');
    const expected =
      'Your card will be authorized (held) for €120.00 now. You will be charged the final price, at most €150.00, after the shipment is weighed and measured.';
    expect(hold(widget)).to.equal(expected);
    // Part of the form's accessible description (the region and its pay button), and announced with "ready".
    expect(base(widget).getAttribute('aria-describedby')).to.equal('hold');
    expect(payButton(widget).getAttribute('aria-describedby')).to.equal('hold');
    expect(status(widget)).to.equal(`Payment form ready. ${expected}`);
    expect(await axeViolations(widget)).to.deep.equal([]);
  });

  it('says the same in French, with the amounts formatted for French', async () => {
    const request = await createRequest({ amount: 12000, capture: 'manual', max_final_amount: 15000 });
    const { widget } = mountWidget(request, { locale: 'fr-FR' });
    await waitForState(widget, 'ready');
    expect(hold(widget)).to.equal(
      'Un montant de 120,00 € va être bloqué sur votre carte (autorisation). Le prix définitif, au plus 150,00 €, sera débité une fois l’envoi pesé et mesuré.',
    );
    expect(status(widget)).to.contain('Formulaire de paiement prêt. Un montant de 120,00 €');
  });

  it('paying ends in the authorized state, which names the hold and the maximum, and is not "paid"', async () => {
    const request = await createRequest({ amount: 12000, capture: 'manual', max_final_amount: 15000 });
    const { widget, events } = mountWidget(request, { locale: 'en' });
    await waitForState(widget, 'ready');
    await typeCard(widget, goodCard('4242424242424242'));
    payButton(widget).click();
    await waitForState(widget, 'authorized', 15_000);
    const expected =
      'Your card is authorized for €120.00; you will be charged the final price, at most €150.00, after weighing.';
    expect(heading(widget)).to.equal(expected);
    expect(status(widget)).to.equal(expected);
    expect(shadow(widget).activeElement?.tagName).to.equal('H2');
    expect(shadow(widget).querySelector('#hold')).to.equal(null);
    expect(widget.paid).to.equal(false);
    expect(terminal(events).map((e) => [e.type, e.detail.status])).to.deep.equal([
      ['cargopay-succeeded', 'requires_capture'],
    ]);
    expect(await axeViolations(widget)).to.deep.equal([]);
  });

  it('a request already authorized shows the hold on load (Dutch) and reports payment-request-authorized', async () => {
    const request = await createRequest({
      amount: 12000,
      capture: 'manual',
      max_final_amount: 15000,
      status: 'authorized',
    });
    const { widget, events } = mountWidget(request, { locale: 'nl' });
    await waitForState(widget, 'authorized');
    const expected =
      'Er is € 120,00 op uw kaart gereserveerd; de definitieve prijs, maximaal € 150,00, wordt na het wegen afgeschreven.';
    expect(heading(widget)).to.equal(expected);
    expect(status(widget)).to.equal(expected);
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({
      kind: 'canceled',
      code: 'payment-request-authorized',
      message: shadow(widget).querySelector('h2')?.textContent,
    });
    expect(document.querySelector('.cargopay-payment-element')).to.equal(null);
    expect(await axeViolations(widget)).to.deep.equal([]);
  });
});

describe('manual capture without a stated maximum, and automatic capture', () => {
  it('without a maximum: the hold and "the final price" with no upper figure (German)', async () => {
    const request = await createRequest({ amount: 12000, capture: 'manual', max_final_amount: null });
    const { widget } = mountWidget(request, { locale: 'de' });
    await waitForState(widget, 'ready');
    expect(hold(widget)).to.equal(
      'Auf Ihrer Karte werden jetzt 120,00 € reserviert (autorisiert). Abgebucht wird der endgültige Preis, sobald die Sendung gewogen und vermessen ist.',
    );
  });

  it('an automatic-capture request says nothing about holds and describes nothing extra', async () => {
    const request = await createRequest({ amount: 12000 });
    const { widget } = mountWidget(request, { locale: 'en' });
    await waitForState(widget, 'ready');
    expect(shadow(widget).querySelector('#hold')).to.equal(null);
    expect(base(widget).hasAttribute('aria-describedby')).to.equal(false);
    expect(payButton(widget).hasAttribute('aria-describedby')).to.equal(false);
    expect(status(widget)).to.equal('Payment form ready.');
  });
});
