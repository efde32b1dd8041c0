/**
 * Where the widget sits: inside nested shadow roots (the Payment Element's mount point must reach the
 * document through a chain of slots, since Stripe.js refuses ShadowRoots), two widgets on one page, and the
 * theme and custom properties reaching Stripe's Appearance API.
 */
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { StripeElementsOptions } from '@stripe/stripe-js';
import {
  axeViolations,
  cleanUp,
  createRequest,
  goodCard,
  mountWidget,
  ofType,
  payButton,
  terminal,
  typeCard,
  waitFor,
  waitForState,
} from '../../test/helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const before: (body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

/** A host component with an open shadow root whose only content is a default slot and `inner`. */
class Shell extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(document.createElement('slot'), document.createElement('section'));
  }
  get inner(): HTMLElement {
    return this.shadowRoot?.querySelector('section') as HTMLElement;
  }
}
customElements.define('test-shell', Shell);

/** What the page's `Stripe` received: `elements()` options and `elements.update()` calls. */
const elementsCalls: StripeElementsOptions[] = [];
const updateCalls: Record<string, unknown>[] = [];

before(async () => {
  // Load the stand-in ourselves and wrap it, to observe what the widget hands to Stripe.js.
  const { sandboxUrl } = await createRequest();
  await new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: `${sandboxUrl}/v3/` });
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
  const win = window as unknown as { Stripe: (...args: unknown[]) => Record<string, unknown> };
  const original = win.Stripe;
  const wrapped = (...args: unknown[]) => {
    const stripe = original(...args);
    const elements = stripe.elements as (options: StripeElementsOptions) => Record<string, unknown>;
    stripe.elements = (options: StripeElementsOptions) => {
      elementsCalls.push(JSON.parse(JSON.stringify(options)));
      const group = elements.call(stripe, options);
      const update = group.update as (o: Record<string, unknown>) => void;
      group.update = (o: Record<string, unknown>) => {
        updateCalls.push(JSON.parse(JSON.stringify(o)));
        return update.call(group, o);
      };
      return group;
    };
    return stripe;
  };
  win.Stripe = Object.assign(wrapped, original);
  void executeServerCommand;
});

describe('inside shadow roots', () => {
  it('mounts and pays when the widget sits two shadow roots deep', async () => {
    const outer = document.createElement('test-shell') as Shell;
    document.body.append(outer);
    const inner = document.createElement('test-shell') as Shell;
    outer.inner.append(inner);
    const request = await createRequest();
    const { widget, events } = mountWidget(request, {}, inner.inner);
    await waitForState(widget, 'ready');
    const mountPoint = document.querySelector('.cargopay-payment-element') as HTMLElement;
    expect(mountPoint.getRootNode()).to.equal(document);
    expect(mountPoint.parentElement).to.equal(outer);
    // document > test-shell > div[slot] → slot in outer's root → slot in inner's root → the widget's slot
    let slot = mountPoint.assignedSlot;
    const chain: Node[] = [];
    while (slot) {
      chain.push(slot.getRootNode());
      slot = slot.assignedSlot;
    }
    expect(chain).to.deep.equal([outer.shadowRoot, inner.shadowRoot, widget.shadowRoot]);
    await typeCard(widget, goodCard('4242424242424242'));
    payButton(widget).click();
    await waitForState(widget, 'succeeded');
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
    expect(await axeViolations(widget)).to.deep.equal([]);
    widget.remove();
    expect(document.querySelector('.cargopay-payment-element')).to.equal(null);
    expect(inner.querySelector('slot')).to.equal(null);
  });
});

describe('two widgets on one page', () => {
  it('each loads its own request and pays or declines independently', async () => {
    const first = mountWidget(await createRequest({ reference: 'CMR 0001', amount: 1000 }));
    const second = mountWidget(await createRequest({ reference: 'CMR 0002', amount: 2000 }));
    await waitForState(first.widget, 'ready');
    await waitForState(second.widget, 'ready');
    await typeCard(second.widget, goodCard('4000000000000002'));
    payButton(second.widget).click();
    await waitForState(second.widget, 'declined');
    expect(first.widget.getAttribute('state')).to.equal('ready');
    await typeCard(first.widget, goodCard('4242424242424242'));
    payButton(first.widget).click();
    await waitForState(first.widget, 'succeeded');
    expect(second.widget.getAttribute('state')).to.equal('declined');
    expect(terminal(first.events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
    expect(terminal(second.events).map((e) => e.type)).to.deep.equal(['cargopay-failed']);
    expect(ofType(first.events, 'cargopay-succeeded')[0]?.detail.paymentIntent).not.to.equal(
      ofType(second.events, 'cargopay-failed')[0]?.detail.paymentIntent,
    );
  });
});

describe('themes', () => {
  it('custom properties and theme="dark" reach the Appearance API, and a theme change updates it', async () => {
    elementsCalls.length = 0;
    updateCalls.length = 0;
    const request = await createRequest();
    const widget = document.createElement('cargopay-checkout');
    widget.style.setProperty('--cargopay-accent', 'rgb(200, 0, 100)');
    widget.style.setProperty('--cargopay-radius', '12px');
    widget.style.setProperty('--cargopay-font-family', 'Georgia, serif');
    Object.assign(widget, {
      paymentRequest: request.id,
      apiBase: request.apiBase,
      theme: 'dark',
      locale: 'es-MX',
    });
    document.body.append(widget);
    await waitForState(widget, 'ready');
    const options = elementsCalls.at(-1) as StripeElementsOptions;
    expect(options.locale).to.equal('es');
    expect(options.appearance?.theme).to.equal('night');
    expect(options.appearance?.variables).to.deep.include({
      colorPrimary: 'rgb(200, 0, 100)',
      borderRadius: '12px',
      fontFamily: 'Georgia, serif',
      colorBackground: '#1b1f27',
    });
    widget.theme = 'light';
    await waitFor(() => updateCalls.length, 'elements.update');
    const updated = updateCalls.at(-1) as {
      appearance: { theme: string; variables: Record<string, string> };
    };
    expect(updated.appearance.theme).to.equal('stripe');
    expect(updated.appearance.variables.colorBackground).to.equal('#fff');
    expect(updated.appearance.variables.colorPrimary).to.equal('rgb(200, 0, 100)');
    expect(await axeViolations(widget)).to.deep.equal([]);
  });
});
