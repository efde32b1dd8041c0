/**
 * `<cargopay-checkout>` paying through the test checkout server and the sandbox's Stripe.js in Chromium:
 * the flow, every payment outcome, the events and their details, one terminal event per attempt.
 */
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import {
  answerChallenge,
  axeViolations,
  cleanUp,
  createRequest,
  goodCard,
  intentRequests,
  ofType,
  payButton,
  serverPaymentIntent,
  shadow,
  sleep,
  terminal,
  text,
  typeCard,
  waitFor,
  waitForState,
  mountWidget,
  readyWidget,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

describe('loading and ready', () => {
  it('shows a skeleton while loading, then the summary with the amount in the buyer locale', async () => {
    const request = await createRequest({ amount: 12550, currency: 'eur', carrier: 'Lufthansa Cargo' });
    const { widget, events } = mountWidget(request, { locale: 'de-DE' });
    await waitFor(() => shadow(widget).querySelector('[part=skeleton]'), 'the skeleton');
    expect(widget.getAttribute('state')).to.equal('loading');
    expect(shadow(widget).querySelector('[part=base]')?.getAttribute('aria-busy') ?? 'true').to.equal('true');
    await waitForState(widget, 'ready');
    expect(text(widget)).to.contain('AWB 176-12345675');
    expect(text(widget)).to.contain('Lufthansa Cargo');
    expect(text(widget)).to.contain('Rhein Freight GmbH');
    expect(text(widget)).to.match(/125,50\s€/);
    expect(widget.hasAttribute('ready')).to.equal(true);
    const ready = ofType(events, 'cargopay-ready');
    expect(ready).to.have.length(1);
    expect(ready[0]?.bubbles).to.equal(true);
    expect(ready[0]?.composed).to.equal(true);
    expect(ready[0]?.detail.paymentRequest).to.equal(request.id);
    expect(String(ready[0]?.detail.paymentIntent)).to.match(/^pi_/);
    expect(shadow(widget).querySelector('[role=status]')?.textContent).to.equal('Zahlungsformular bereit.');
  });

  it('sends a random device id and no amount with the intent request, and the same id next time', async () => {
    const { request } = await readyWidget();
    const [first] = await intentRequests(request.id);
    expect(first?.device_id).to.match(/^[a-p]{32}$/);
    expect(first?.signals).to.deep.equal({ ready_to_submit_ms: null, attempts: 0 });
    expect(JSON.stringify(first)).not.to.match(/amount|currency/);
    const second = await readyWidget();
    const [again] = await intentRequests(second.request.id);
    expect(again?.device_id).to.equal(first?.device_id);
  });

  it('has no axe-core violations when ready', async () => {
    const { widget } = await readyWidget();
    expect(await axeViolations(widget)).to.deep.equal([]);
  });
});

describe('paying', () => {
  it('pays with 4242 4242 4242 4242: submit, succeeded with the PaymentIntent, receipt, paid attribute', async () => {
    const { widget, events, request } = await readyWidget();
    await typeCard(widget, goodCard('4242424242424242'));
    expect(widget.hasAttribute('complete')).to.equal(true);
    const change = ofType(events, 'cargopay-change').at(-1);
    expect(change?.detail).to.deep.include({
      source: 'payment-element',
      complete: true,
      paymentMethodType: 'card',
    });
    payButton(widget).click();
    await waitForState(widget, 'succeeded');
    const submit = ofType(events, 'cargopay-submit');
    expect(submit).to.have.length(1);
    expect(submit[0]?.detail).to.deep.equal({ paymentRequest: request.id, attempt: 1 });
    const succeeded = ofType(events, 'cargopay-succeeded');
    expect(succeeded).to.have.length(1);
    const pi = await serverPaymentIntent(request.id);
    expect(succeeded[0]?.detail).to.deep.equal({
      paymentRequest: request.id,
      paymentIntent: pi?.id,
      status: 'succeeded',
    });
    expect(pi?.status).to.equal('succeeded');
    expect(terminal(events)).to.have.length(1);
    expect(widget.hasAttribute('paid')).to.equal(true);
    expect(text(widget)).to.contain('Payment received');
    expect(text(widget)).to.contain(String(pi?.id));
    expect(shadow(widget).activeElement?.getAttribute('part')).to.equal('message');
    const signals = (await intentRequests(request.id)).at(-1)?.signals;
    expect(signals?.attempts).to.equal(1);
    expect(signals?.ready_to_submit_ms).to.be.a('number').and.to.be.greaterThan(0);
    expect(JSON.stringify(events)).not.to.contain('4242424242424242');
    expect(await axeViolations(widget)).to.deep.equal([]);
  });

  it('a double click starts exactly one attempt and ends it with exactly one terminal event', async () => {
    const { widget, events } = await readyWidget();
    await typeCard(widget, goodCard('4242424242424242'));
    const button = payButton(widget);
    button.click();
    button.click();
    void widget.submit();
    await widget.updateComplete;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(widget.hasAttribute('processing')).to.equal(true);
    await waitForState(widget, 'succeeded');
    await sleep(300);
    expect(ofType(events, 'cargopay-submit')).to.have.length(1);
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
  });

  it('3D Secure completed: requires-action, authenticating state, then succeeded', async () => {
    const { widget, events } = await readyWidget();
    await typeCard(widget, goodCard('4000002760003184'));
    payButton(widget).click();
    await waitForState(widget, 'authenticating');
    expect(text(widget)).to.contain('Confirm the payment with your bank');
    expect(await axeViolations(widget)).to.deep.equal([]);
    const action = ofType(events, 'cargopay-requires-action');
    expect(action).to.have.length(1);
    expect(String(action[0]?.detail.paymentIntent)).to.match(/^pi_/);
    await answerChallenge('complete');
    await waitForState(widget, 'succeeded');
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
  });

  it('3D Secure failed: authentication-failed, then another card succeeds as a second attempt', async () => {
    const { widget, events } = await readyWidget();
    await typeCard(widget, goodCard('4000002760003184'));
    payButton(widget).click();
    await answerChallenge('fail');
    await waitForState(widget, 'declined');
    const failed = ofType(events, 'cargopay-failed');
    expect(failed).to.have.length(1);
    expect(failed[0]?.detail).to.deep.include({
      kind: 'authentication-failed',
      code: 'payment_intent_authentication_failure',
    });
    expect(text(widget)).to.contain('Bank authentication failed');
    expect(await axeViolations(widget)).to.deep.equal([]);
    (shadow(widget).querySelector('button') as HTMLButtonElement).click();
    await waitForState(widget, 'ready');
    await typeCard(widget, goodCard('4242424242424242'));
    payButton(widget).click();
    await waitForState(widget, 'succeeded');
    expect(ofType(events, 'cargopay-submit').map((e) => e.detail.attempt)).to.deep.equal([1, 2]);
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-failed', 'cargopay-succeeded']);
  });

  it('an incomplete card fails the attempt as validation, keeps the form and moves focus into it', async () => {
    const { widget, events } = await readyWidget();
    payButton(widget).click();
    await waitFor(() => ofType(events, 'cargopay-failed').length, 'cargopay-failed');
    expect(widget.getAttribute('state')).to.equal('ready');
    expect(ofType(events, 'cargopay-failed')[0]?.detail.kind).to.equal('validation');
    expect(terminal(events)).to.have.length(1);
  });
});

describe('keyboard only', () => {
  it('pays with the keyboard alone: Tab into the card form, type, Tab to the button, Enter', async () => {
    const before = document.createElement('button');
    before.textContent = 'Before';
    document.body.append(before);
    const { widget, events } = await readyWidget();
    before.focus();
    await sendKeys({ press: 'Tab' });
    await waitFor(() => ofType(events, 'cargopay-focus').length, 'focus in the Payment Element');
    await sendKeys({ type: '4242424242424242' });
    await sendKeys({ type: '1234' });
    await sendKeys({ type: '123' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '10001' });
    await waitFor(() => widget.complete, 'complete');
    for (let i = 0; i < 5 && shadow(widget).activeElement !== payButton(widget); i++)
      await sendKeys({ press: 'Tab' });
    expect(shadow(widget).activeElement).to.equal(payButton(widget));
    await sendKeys({ press: 'Enter' });
    await waitForState(widget, 'succeeded');
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
  });
});
