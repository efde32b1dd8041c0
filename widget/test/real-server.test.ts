/**
 * `<cargopay-checkout>` end to end against the real CargoPay server (`createApp`, real SQLite, started by the
 * server's test harness through `.config/wtr-checkout.mjs`) and the sandbox: the summary it serves, a payment
 * with 4242 that the server records as paid (through the sandbox's signed webhook), "already paid" on the next
 * load, a decline, and the server refusing a foreign origin.
 */
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import {
  cleanUp,
  goodCard,
  mountWidget,
  ofType,
  payButton,
  terminal,
  text,
  typeCard,
  waitForState,
} from './helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

const create = (options: Record<string, unknown> = {}) =>
  executeServerCommand<{ id: string; apiBase: string }, object>('cargopay-server:create', {
    origin: location.origin,
    ...options,
  });
const serverView = (id: string) =>
  executeServerCommand<{ status: string }, object>('cargopay-server:payment-request', { id });

describe('against the real server', () => {
  it('shows the summary, pays with 4242, and the server records the request as paid', async () => {
    const request = await create({ amount: 9900, reference: 'CMR 4711', carrier: 'DB Schenker' });
    const { widget, events } = mountWidget({ ...request, sandboxUrl: '' });
    await waitForState(widget, 'ready', 15_000);
    expect(text(widget)).to.contain('CMR 4711');
    expect(text(widget)).to.contain('DB Schenker');
    expect(text(widget)).to.contain('€99.00');
    await typeCard(widget, goodCard('4242424242424242'));
    payButton(widget).click();
    await waitForState(widget, 'succeeded', 15_000);
    expect(terminal(events).map((e) => e.type)).to.deep.equal(['cargopay-succeeded']);
    let status = '';
    for (let i = 0; i < 60 && status !== 'paid'; i++) {
      status = (await serverView(request.id)).status;
      if (status !== 'paid') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).to.equal('paid');
    cleanUp();
    const again = mountWidget({ ...request, sandboxUrl: '' });
    await waitForState(again.widget, 'paid', 15_000);
    expect(ofType(again.events, 'cargopay-error')[0]?.detail.kind).to.equal('canceled');
  });

  it('a declined card leaves the request open and can be paid with another card', async () => {
    const request = await create();
    const { widget, events } = mountWidget({ ...request, sandboxUrl: '' });
    await waitForState(widget, 'ready', 15_000);
    await typeCard(widget, goodCard('4000000000009995'));
    payButton(widget).click();
    await waitForState(widget, 'declined', 15_000);
    expect(ofType(events, 'cargopay-failed')[0]?.detail).to.deep.include({
      kind: 'card-declined',
      declineCode: 'insufficient_funds',
    });
    expect((await serverView(request.id)).status).to.equal('open');
  });

  it('a page origin the merchant did not allow is refused', async () => {
    const request = await executeServerCommand<{ id: string; apiBase: string }, object>(
      'cargopay-server:create',
      {
        origin: 'https://other-shop.example',
      },
    );
    const { widget, events } = mountWidget({ ...request, sandboxUrl: '' });
    await waitForState(widget, 'misconfigured', 15_000);
    expect(ofType(events, 'cargopay-error')[0]?.detail.code).to.equal('origin-not-allowed');
  });
});
