/**
 * Stripe busy (its rate limits, https://docs.stripe.com/rate-limits): the server retries Stripe's 429s itself
 * and, when they outlast what a buyer can wait for, answers `503 stripe-busy` with `Retry-After`. The widget
 * then shows "busy, retrying" (not an error), fires `cargopay-busy`, asks again after `Retry-After` a bounded
 * number of times, and only then tells the buyer clearly to try again. These run against the widget's test
 * checkout server (`.config/wtr-checkout.mjs`), told to answer `stripe-busy`; `widget/test/stripe-busy.test.ts`
 * runs the same against the real server and its sandbox enforcing a rate limit.
 */
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { CargopayCheckout } from './checkout.ts';
import {
  axeViolations,
  createRequest,
  goodCard,
  mountWidget,
  ofType,
  payButton,
  resetCheckout,
  shadow,
  terminal,
  text,
  typeCard,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(resetCheckout);

const BUSY = 'Many payments are being made right now. Retrying in a moment…';
const TRY_AGAIN = 'The payment service is very busy right now. Please try again in a minute.';

const status = (widget: CargopayCheckout) => shadow(widget).querySelector('[role=status]')?.textContent ?? '';
const stripeBusy = (id: string, times: number) =>
  executeServerCommand('cargopay-checkout:stripe-busy', { id, times });

describe('Stripe busy while the checkout loads', () => {
  it('shows "busy, retrying", fires cargopay-busy with the server’s Retry-After, then the form: no error', async () => {
    const request = await createRequest();
    await stripeBusy(request.id, 2);
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'busy');
    expect(text(widget)).to.contain(BUSY);
    expect(status(widget)).to.equal(BUSY);
    expect(widget.shadowRoot?.querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    expect(await axeViolations(widget)).to.deep.equal([]);
    await waitForState(widget, 'ready');
    const busy = ofType(events, 'cargopay-busy');
    expect(busy.map((e) => e.detail.retry)).to.deep.equal([1, 2]);
    expect(busy[0]?.detail).to.deep.include({ paymentRequest: request.id });
    // Retry-After: 1 outweighs the first back-off step (500 ms).
    expect(busy[0]?.detail.retryInMs).to.equal(1000);
    expect(busy.every((e) => e.bubbles && e.composed)).to.equal(true);
    expect(ofType(events, 'cargopay-error')).to.deep.equal([]);
  });

  it('busy through every retry: tells the buyer clearly to try again (cargopay-error stripe-busy), and "Try again" then works', async () => {
    const request = await createRequest();
    await stripeBusy(request.id, 100);
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'unreachable', 15_000);
    expect(text(widget)).to.contain(TRY_AGAIN);
    expect(text(widget)).not.to.contain('Check your connection');
    expect(ofType(events, 'cargopay-busy')).to.have.length(CargopayCheckout.retryDelays.length);
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({
      kind: 'network',
      code: 'stripe-busy',
      message: TRY_AGAIN,
    });
    await stripeBusy(request.id, 0);
    shadow(widget).querySelector<HTMLButtonElement>('button')?.click();
    await waitForState(widget, 'ready');
  });

  it('says it in the buyer’s language', async () => {
    const request = await createRequest();
    await stripeBusy(request.id, 1);
    const { widget } = mountWidget(request, { locale: 'de' });
    await waitForState(widget, 'busy');
    expect(text(widget)).to.contain('Gerade werden sehr viele Zahlungen ausgeführt.');
    await waitForState(widget, 'ready');
  });
});

describe('Stripe busy during a payment attempt', () => {
  it('keeps the form, says "busy, retrying" while it waits, then pays', async () => {
    const request = await createRequest();
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'ready');
    await typeCard(widget, goodCard('4242424242424242'));
    await stripeBusy(request.id, 1);
    payButton(widget).click();
    await waitFor(() => text(widget).includes(BUSY), 'the busy message during the attempt');
    expect(widget.state).to.equal('processing');
    await waitForState(widget, 'succeeded', 15_000);
    expect(ofType(events, 'cargopay-busy')).to.have.length(1);
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
    expect(text(widget)).not.to.contain(BUSY);
  });
});
