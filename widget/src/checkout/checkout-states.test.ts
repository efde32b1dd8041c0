/**
 * Every state of `<cargopay-checkout>` other than paying: already paid, canceled, expired, server unreachable
 * (then back), misconfiguration (missing or unknown payment request, wrong origin, a secret key on the page).
 * Each is visible, announced, reported with `cargopay-error`, explained to the developer in the console, and
 * free of axe-core violations.
 */
import { expect } from 'chai';
import { CargopayCheckout } from './checkout.ts';
import {
  axeViolations,
  createRequest,
  mountWidget,
  ofType,
  recordWarnings,
  resetCheckout,
  setServer,
  shadow,
  text,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

const { warned } = recordWarnings();

afterEach(resetCheckout);

const status = (widget: CargopayCheckout) => shadow(widget).querySelector('[role=status]')?.textContent ?? '';

describe('payment requests that cannot be paid', () => {
  for (const [requestStatus, state, shown] of [
    ['paid', 'paid', 'This shipment has already been paid.'],
    ['refunded', 'paid', 'This shipment has already been paid.'],
    ['canceled', 'canceled', 'This payment request was canceled.'],
    ['expired', 'expired', 'This payment request has expired.'],
  ] as const) {
    it(`a ${requestStatus} request shows "${shown}", announces it and fires cargopay-error`, async () => {
      const request = await createRequest({ status: requestStatus });
      const { widget, events } = mountWidget(request);
      await waitForState(widget, state);
      expect(text(widget)).to.contain(shown);
      expect(status(widget)).to.equal(shown);
      expect(widget.hasAttribute('paid')).to.equal(state === 'paid');
      expect(widget.hasAttribute('ready')).to.equal(false);
      const errors = ofType(events, 'cargopay-error');
      expect(errors).to.have.length(1);
      expect(errors[0]?.detail).to.deep.include({ kind: 'canceled', paymentRequest: request.id });
      expect(document.querySelector('.cargopay-payment-element')).to.equal(null);
      expect(await axeViolations(widget)).to.deep.equal([]);
    });
  }
});

describe('misconfiguration', () => {
  it('an unknown payment request: a message for the buyer, the exact problem for the developer', async () => {
    const request = await createRequest();
    const { widget, events } = mountWidget({ ...request, id: 'pr_doesNotExist000000000000' });
    await waitForState(widget, 'misconfigured');
    expect(text(widget)).to.contain('This payment cannot be taken on this page.');
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({
      kind: 'configuration',
      code: 'payment-request-not-found',
    });
    expect(await warned('unknown-payment-request')).to.contain('pr_doesNotExist000000000000');
    expect(await axeViolations(widget)).to.deep.equal([]);
  });

  it('no payment-request attribute', async () => {
    const { widget, events } = mountWidget(null);
    await waitForState(widget, 'misconfigured');
    expect(ofType(events, 'cargopay-error')[0]?.detail.code).to.equal('missing-payment-request');
    expect(await warned('missing-payment-request')).to.contain('payment-request attribute');
  });

  it('a page origin the merchant did not allow (the API answers without CORS)', async () => {
    const request = await createRequest({ allowed_origins: ['https://shop.example'] });
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'misconfigured');
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({
      kind: 'configuration',
      code: 'origin-not-allowed',
    });
    // The exact command for the operator: the payment request id stands for its merchant (the page knows no other).
    expect(await warned('origin-not-allowed')).to.contain(
      `npm run merchant -- origins add ${request.id} ${location.origin} `,
    );
  });

  it('a secret key in publishable-key is refused before any request, with a warning that never repeats it', async () => {
    const request = await createRequest();
    const secret = ['s', 'k_test_', 'abc123'].join('');
    const { widget, events } = mountWidget(request, { 'publishable-key': secret });
    await waitForState(widget, 'misconfigured');
    expect(ofType(events, 'cargopay-error')[0]?.detail.code).to.equal('secret-key');
    const warning = await warned('secret-key');
    expect(warning).not.to.contain(secret);
  });
});

describe('server unreachable', () => {
  it('retries with back-off, then says so with a retry button; once the server is back, retry reaches ready', async () => {
    CargopayCheckout.retryDelays = [100, 200];
    const request = await createRequest();
    await setServer(false);
    const { widget, events } = mountWidget(request);
    await waitFor(() => status(widget) === 'Connection problem. Retrying…', 'the retrying announcement');
    await waitForState(widget, 'unreachable');
    expect(text(widget)).to.contain('We could not reach the payment service.');
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({ kind: 'network', code: 'network' });
    expect(await axeViolations(widget)).to.deep.equal([]);
    await setServer(true);
    const retry = shadow(widget).querySelector('button') as HTMLButtonElement;
    expect(retry.textContent?.trim()).to.equal('Try again');
    retry.click();
    await waitForState(widget, 'ready');
    expect(ofType(events, 'cargopay-ready')).to.have.length(1);
  });

  it('recovers by itself when the server comes back during the back-off', async () => {
    CargopayCheckout.retryDelays = [300, 600, 1200];
    const request = await createRequest();
    await setServer(false);
    const { widget, events } = mountWidget(request);
    await waitFor(() => status(widget).includes('Retrying'), 'a retry');
    await setServer(true);
    await waitForState(widget, 'ready');
    expect(ofType(events, 'cargopay-error')).to.have.length(0);
  });
});

describe('reset()', () => {
  it('loads the checkout again and becomes ready again', async () => {
    const request = await createRequest();
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'ready');
    await widget.reset();
    await waitForState(widget, 'ready');
    expect(ofType(events, 'cargopay-ready')).to.have.length(2);
    expect(document.querySelectorAll('.cargopay-payment-element')).to.have.length(1);
  });
});
