/**
 * The widget and the page around it: Stripe.js that cannot load (no CSP involved), returning from a
 * redirect-based payment method, the loading state, narrow viewports, and the buyer's motion and colour
 * preferences.
 */
import { expect } from 'chai';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
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
  terminal,
  text,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

const { warned } = recordWarnings();

afterEach(async () => {
  await resetCheckout();
  await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
  await setViewport({ width: 800, height: 600 });
});

// First in this file: window.Stripe does not exist yet, so the widget has to load Stripe.js itself.
describe('Stripe.js cannot load', () => {
  it('shows the blocked state with a retry button and tells the developer', async () => {
    expect('Stripe' in window).to.equal(false);
    const request = await createRequest({ stripe_js_url: 'http://127.0.0.1:9/v3/' });
    const { widget, events } = mountWidget(request);
    await waitForState(widget, 'blocked');
    expect(text(widget)).to.contain('The secure card form could not load.');
    expect(shadow(widget).querySelector('button')?.textContent?.trim()).to.equal('Try again');
    expect(ofType(events, 'cargopay-error')[0]?.detail).to.deep.include({
      kind: 'script-load',
      code: 'stripe-js-blocked',
    });
    await warned('stripe-js-blocked');
    expect(await axeViolations(widget)).to.deep.equal([]);
  });
});

describe('back from a redirect', () => {
  async function returnTo(paymentMethod: string) {
    const request = await createRequest();
    const intent = await executeServerCommand<{ id: string; client_secret: string; status: string }, object>(
      'cargopay-server:confirm-server-side',
      { id: request.id, payment_method: paymentMethod },
    );
    const url = new URL(location.href);
    url.searchParams.set('payment_intent', intent.id);
    url.searchParams.set('payment_intent_client_secret', intent.client_secret);
    url.searchParams.set('redirect_status', intent.status === 'succeeded' ? 'succeeded' : 'failed');
    url.searchParams.set('cargopay_pr', request.id);
    history.replaceState(null, '', url.href);
    return { request, intent, ...mountWidget(request) };
  }

  it('shows the returned payment succeeded, fires cargopay-succeeded once, and cleans the address bar', async () => {
    const { widget, events, intent } = await returnTo('pm_card_visa');
    await waitForState(widget, 'succeeded');
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
    expect(ofType(events, 'cargopay-succeeded')[0]?.detail.paymentIntent).to.equal(intent.id);
    expect(text(widget)).to.contain(intent.id);
    expect(location.search).not.to.contain('payment_intent');
  });

  it('shows a returned payment that failed as declined, with "try another card"', async () => {
    const { widget, events } = await returnTo('pm_card_chargeDeclinedInsufficientFunds');
    await waitForState(widget, 'declined');
    expect(ofType(events, 'cargopay-failed')[0]?.detail).to.deep.include({ kind: 'card-declined' });
    expect(text(widget)).to.contain('Try another card');
  });

  it('ignores a return meant for another widget on the page', async () => {
    const url = new URL(location.href);
    url.searchParams.set('payment_intent_client_secret', 'pi_x_secret_y');
    url.searchParams.set('cargopay_pr', 'pr_someoneelse');
    history.replaceState(null, '', url.href);
    const { widget } = mountWidget(await createRequest());
    await waitForState(widget, 'ready');
    history.replaceState(null, '', location.pathname);
  });
});

describe('loading, small screens and preferences', () => {
  it('the loading state is announced, busy, free of axe violations, and its skeleton stops moving with reduced motion', async () => {
    CargopayCheckout.retryDelays = [5000];
    const request = await createRequest();
    await setServer(false);
    await emulateMedia({ reducedMotion: 'reduce' });
    const { widget } = mountWidget(request);
    const bar = await waitFor(() => shadow(widget).querySelector('[part=skeleton] i'), 'the skeleton');
    await waitFor(
      () => shadow(widget).querySelector('[role=status]')?.textContent,
      'the loading announcement',
    );
    expect(getComputedStyle(bar).animationName).to.equal('none');
    expect(shadow(widget).querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    expect(await axeViolations(widget)).to.deep.equal([]);
  });

  it('fits a 320 px wide screen without horizontal scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    const request = await createRequest({
      description: 'Sea freight Rotterdam → Gdańsk, 1×40ft HC container, door-to-door with customs clearance',
    });
    const { widget } = mountWidget(request);
    await waitForState(widget, 'ready');
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    expect(widget.getBoundingClientRect().right).to.be.at.most(320);
  });

  it('theme="auto" follows prefers-color-scheme: dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { widget } = mountWidget(await createRequest());
    await waitForState(widget, 'ready');
    expect(getComputedStyle(widget).backgroundColor).to.equal('rgb(27, 31, 39)');
    expect(await axeViolations(widget)).to.deep.equal([]);
  });
});
