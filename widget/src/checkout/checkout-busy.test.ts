/**
 * Stripe busy (its rate limits, https://docs.stripe.com/rate-limits): the server retries Stripe's 429s itself
 * and, when they outlast what a buyer can wait for, answers `503 stripe-busy` with `Retry-After`. The widget
 * then shows "busy, retrying" (not an error), fires `cargopay-busy`, asks again after `Retry-After` a bounded
 * number of times, and only then tells the buyer clearly to try again. These run against the real server
 * (`.config/wtr-server.mjs`) whose sandbox refuses every Stripe call with Stripe's rate-limit answer while a test
 * keeps Stripe busy: the server retries for up to ~8 s, then answers `503 stripe-busy` with `Retry-After: 2`.
 * Stripe serves again once the test has seen the widget react to as many busy answers as it wants; the server's
 * own retries of the next request outlast the moment the test takes to lift the limit.
 */
import { expect } from 'chai';
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
  stripeBusy,
  terminal,
  text,
  typeCard,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: { timeout(ms: number): void }) => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(resetCheckout);

const BUSY = 'Many payments are being made right now. Retrying in a moment…';
const TRY_AGAIN = 'The payment service is very busy right now. Please try again in a minute.';

const status = (widget: CargopayCheckout) => shadow(widget).querySelector('[role=status]')?.textContent ?? '';
/** Each busy answer takes the server ~8 s of its own retries, plus the widget's wait of Retry-After (2 s). */
const BUSY_ANSWER_MS = 12_000;

describe('Stripe busy while the checkout loads', () => {
  it('shows "busy, retrying", fires cargopay-busy with the server’s Retry-After, then the form: no error', async function () {
    this.timeout(4 * BUSY_ANSWER_MS);
    const request = await createRequest();
    await stripeBusy(true);
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'busy', 2 * BUSY_ANSWER_MS);
    expect(text(widget)).to.contain(BUSY);
    expect(status(widget)).to.equal(BUSY);
    expect(widget.shadowRoot?.querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    expect(await axeViolations(widget)).to.deep.equal([]);
    await waitFor(
      () => ofType(events, 'cargopay-busy').length === 2,
      'the second busy answer',
      2 * BUSY_ANSWER_MS,
    );
    await stripeBusy(false);
    await waitForState(widget, 'ready', 2 * BUSY_ANSWER_MS);
    const busy = ofType(events, 'cargopay-busy');
    expect(busy.map((e) => e.detail.retry)).to.deep.equal([1, 2]);
    expect(busy[0]?.detail).to.deep.include({ paymentRequest: request.id });
    // Retry-After: 2 outweighs the first back-off step (500 ms).
    expect(busy[0]?.detail.retryInMs).to.equal(2000);
    expect(busy.every((e) => e.bubbles && e.composed)).to.equal(true);
    expect(ofType(events, 'cargopay-error')).to.deep.equal([]);
  });

  it('busy through every retry: tells the buyer clearly to try again (cargopay-error stripe-busy), and "Try again" then works', async function () {
    this.timeout(5 * BUSY_ANSWER_MS);
    // One retry: every busy answer costs the server ~8 s of its own retries.
    CargopayCheckout.retryDelays = [500];
    const request = await createRequest();
    await stripeBusy(true);
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'unreachable', 3 * BUSY_ANSWER_MS);
    expect(text(widget)).to.contain(TRY_AGAIN);
    expect(text(widget)).not.to.contain('Check your connection');
    expect(ofType(events, 'cargopay-busy')).to.have.length(CargopayCheckout.retryDelays.length);
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({
      kind: 'network',
      code: 'stripe-busy',
      message: TRY_AGAIN,
    });
    await stripeBusy(false);
    shadow(widget).querySelector<HTMLButtonElement>('button')?.click();
    await waitForState(widget, 'ready');
  });

  it('says it in the buyer’s language', async function () {
    this.timeout(3 * BUSY_ANSWER_MS);
    const request = await createRequest();
    await stripeBusy(true);
    const { widget } = mountWidget(request, { locale: 'de' });
    await waitForState(widget, 'busy', 2 * BUSY_ANSWER_MS);
    expect(text(widget)).to.contain('Gerade werden sehr viele Zahlungen ausgeführt.');
    await stripeBusy(false);
    await waitForState(widget, 'ready', BUSY_ANSWER_MS);
  });
});

describe('Stripe busy during a payment attempt', () => {
  it('keeps the form, says "busy, retrying" while it waits, then pays', async function () {
    this.timeout(4 * BUSY_ANSWER_MS);
    const request = await createRequest();
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'ready');
    await typeCard(widget, goodCard('4242424242424242'));
    await stripeBusy(true);
    payButton(widget).click();
    await waitFor(
      () => text(widget).includes(BUSY),
      'the busy message during the attempt',
      2 * BUSY_ANSWER_MS,
    );
    expect(widget.state).to.equal('processing');
    await stripeBusy(false);
    await waitForState(widget, 'succeeded', 2 * BUSY_ANSWER_MS);
    expect(ofType(events, 'cargopay-busy')).to.have.length(1);
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
    expect(text(widget)).not.to.contain(BUSY);
  });
});
