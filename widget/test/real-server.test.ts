/**
 * `<cargopay-checkout>` end to end against the real CargoPay server (`createApp`, real SQLite, started by the
 * server's test harness through `.config/wtr-server.mjs`) and the sandbox: the summary it serves, a payment
 * with 4242 that the server records as paid (through the sandbox's signed webhook), "already paid" on the next
 * load, a decline, and the server refusing a foreign origin; a manual-capture request told as a hold (English and
 * German, and with the merchant's stated maximum from the server's summary), authorized by paying, and
 * authorized again on the next load; a checkout refused by the merchant's risk rules at load (state `refused`).
 */
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import en from '../src/locales/en.ts';
import {
  cleanUp,
  goodCard,
  mountWidget,
  ofType,
  payButton,
  shadow,
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
/** Waits until the server has recorded the request as `status` (its sandbox's webhook applied). */
async function serverStatus(id: string, status: string): Promise<string> {
  let now = '';
  for (let i = 0; i < 60 && now !== status; i++) {
    now = (await serverView(id)).status;
    if (now !== status) await new Promise((r) => setTimeout(r, 250));
  }
  return now;
}
const plain = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

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
    expect(await serverStatus(request.id, 'paid')).to.equal('paid');
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

  it('manual capture: told the card is held for €120.00 (English), paid, authorized; the next load says so again', async () => {
    const request = await create({ amount: 12000, capture: 'manual' });
    const { widget, events } = mountWidget({ ...request, sandboxUrl: '' }, { locale: 'en' });
    await waitForState(widget, 'ready', 15_000);
    const hold =
      'Your card will be authorized (held) for €120.00 now. You will be charged the final price after the shipment is weighed and measured.';
    expect(plain(shadow(widget).querySelector('#hold')?.textContent)).to.equal(hold);
    expect(shadow(widget).querySelector('[part=base]')?.getAttribute('aria-describedby')).to.equal('hold');
    expect(payButton(widget).getAttribute('aria-describedby')).to.equal('hold');
    expect(plain(shadow(widget).querySelector('[role=status]')?.textContent)).to.equal(
      `Payment form ready. ${hold}`,
    );
    await typeCard(widget, goodCard('4242424242424242'));
    payButton(widget).click();
    await waitForState(widget, 'authorized', 15_000);
    const authorized =
      'Your card is authorized for €120.00; you will be charged the final price after weighing.';
    expect(plain(shadow(widget).querySelector('h2')?.textContent)).to.equal(authorized);
    expect(terminal(events).map((e) => e.detail.status)).to.deep.equal(['requires_capture']);
    expect(await serverStatus(request.id, 'authorized')).to.equal('authorized');
    cleanUp();
    const again = mountWidget({ ...request, sandboxUrl: '' }, { locale: 'en' });
    await waitForState(again.widget, 'authorized', 15_000);
    expect(plain(shadow(again.widget).querySelector('h2')?.textContent)).to.equal(authorized);
    expect(ofType(again.events, 'cargopay-error')[0]?.detail.code).to.equal('payment-request-authorized');
  });

  it('manual capture in German: the hold is said in German with the amount formatted for German', async () => {
    const request = await create({ amount: 12000, capture: 'manual' });
    const { widget } = mountWidget({ ...request, sandboxUrl: '' }, { locale: 'de-DE' });
    await waitForState(widget, 'ready', 15_000);
    expect(plain(shadow(widget).querySelector('#hold')?.textContent)).to.equal(
      'Auf Ihrer Karte werden jetzt 120,00 € reserviert (autorisiert). Abgebucht wird der endgültige Preis, sobald die Sendung gewogen und vermessen ist.',
    );
  });

  it('manual capture with a stated maximum: the server’s max_final_amount reaches the buyer as “höchstens”', async () => {
    const request = await create({ amount: 12000, capture: 'manual', max_final_amount: 15000 });
    const { widget } = mountWidget({ ...request, sandboxUrl: '' }, { locale: 'de-DE' });
    await waitForState(widget, 'ready', 15_000);
    expect(plain(shadow(widget).querySelector('#hold')?.textContent)).to.equal(
      'Auf Ihrer Karte werden jetzt 120,00 € reserviert (autorisiert). Abgebucht wird der endgültige Preis, höchstens 150,00 €, sobald die Sendung gewogen und vermessen ist.',
    );
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

describe('refused by the merchant’s risk rules at load', () => {
  it('shows state refused with its own message and event detail, not misconfigured', async () => {
    const request = await create({
      reference: 'CMR 9001',
      // The second attempt for this request is over the limit and blocked.
      risk: { velocity: { per_payment_request: { limit: 1, window_seconds: 3600, action: 'block' } } },
    });
    const { widget, events } = mountWidget({ ...request, sandboxUrl: '' }, { locale: 'en' });
    await waitForState(widget, 'ready', 15_000);
    void widget.reset();
    await waitForState(widget, 'refused', 15_000);
    const error = ofType(events, 'cargopay-error').at(-1)?.detail;
    expect(error).to.deep.include({ kind: 'refused', code: 'blocked-by-risk' });
    expect(error?.message).to.match(/^For your security, this payment can’t be made online right now/);
    expect(text(widget)).to.contain(String(error?.message));
    expect(text(widget)).to.contain('CMR 9001');
    expect(text(widget)).not.to.contain(en.misconfigured);
    expect(shadow(widget).querySelector('button')).to.equal(null);
  });
});
