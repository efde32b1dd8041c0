/**
 * `<cargopay-checkout>` with each of the sandbox's decline cards: the declined state with Stripe's message (in
 * the buyer's language), "try another card", and exactly one `cargopay-failed` with Stripe's codes.
 */
import { expect } from 'chai';
import {
  axeViolations,
  cleanUp,
  goodCard,
  ofType,
  payButton,
  terminal,
  text,
  typeCard,
  waitForState,
  readyWidget,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

describe('declines', () => {
  const cards: [string, string, string][] = [
    ['4000000000000002', 'card_declined', 'generic_decline'],
    ['4000000000009995', 'card_declined', 'insufficient_funds'],
    ['4000000000009987', 'card_declined', 'lost_card'],
    ['4000000000009979', 'card_declined', 'stolen_card'],
    ['4000000000000069', 'expired_card', ''],
    ['4000000000000127', 'incorrect_cvc', ''],
    ['4100000000000019', 'card_declined', 'fraudulent'],
  ];
  for (const [number, code, declineCode] of cards) {
    it(`${number} is declined with ${code}${declineCode ? `/${declineCode}` : ''} and Stripe's message`, async () => {
      const { widget, events } = await readyWidget();
      await typeCard(widget, goodCard(number));
      payButton(widget).click();
      await waitForState(widget, 'declined');
      const failed = ofType(events, 'cargopay-failed');
      expect(failed).to.have.length(1);
      expect(failed[0]?.detail.kind).to.equal('card-declined');
      expect(failed[0]?.detail.code).to.equal(code);
      if (declineCode) expect(failed[0]?.detail.declineCode).to.equal(declineCode);
      expect(String(failed[0]?.detail.message).length).to.be.greaterThan(5);
      expect(text(widget)).to.contain('Payment declined');
      expect(text(widget)).to.contain(String(failed[0]?.detail.message));
      expect(text(widget)).to.contain('Try another card');
      expect(widget.hasAttribute('paid')).to.equal(false);
      expect(terminal(events)).to.have.length(1);
    });
  }

  it('shows the decline in Spanish with locale es', async () => {
    const { widget, events } = await readyWidget({ locale: 'es' });
    await typeCard(widget, goodCard('4000000000000002'));
    payButton(widget).click();
    await waitForState(widget, 'declined');
    expect(text(widget)).to.contain('Pago rechazado');
    expect(text(widget)).to.contain('Probar con otra tarjeta');
    // Stripe localizes its own message (the widget passes `locale` to Stripe.js); it is shown as given.
    expect(text(widget)).to.contain(String(ofType(events, 'cargopay-failed')[0]?.detail.message));
    expect(await axeViolations(widget)).to.deep.equal([]);
  });
});
