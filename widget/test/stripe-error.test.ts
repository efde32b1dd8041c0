/**
 * A Stripe refusal the buyer cannot fix, end to end: the real server (`server/test/harness.ts`, started by
 * `.config/wtr-server.mjs`) whose Stripe refuses the PaymentIntent create (its idempotency key taken with other
 * parameters) answers `502 stripe-error`; the widget tells the buyer the payment service could not set up the
 * payment, in the buyer's language, never "check your connection".
 */
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { cleanUp, mountWidget, ofType, text, waitForState } from './helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: { timeout(ms: number): void }) => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

async function refusedRequest(): Promise<{ id: string; apiBase: string }> {
  const request = await executeServerCommand<{ id: string; apiBase: string }, object>(
    'cargopay-server:create',
    {
      origin: location.origin,
    },
  );
  await executeServerCommand('cargopay-server:take-intent-key', { id: request.id });
  return request;
}

describe('against the real server, when Stripe refuses to set up the payment', () => {
  it('says the payment service could not set up this payment (cargopay-error stripe-error), not "check your connection"', async function () {
    this.timeout(30_000);
    const { widget, events } = mountWidget({ ...(await refusedRequest()), sandboxUrl: '' });
    await waitForState(widget, 'unreachable', 20_000);
    const said =
      'The payment service could not set up this payment. Please try again later or contact the merchant.';
    expect(text(widget)).to.contain(said);
    expect(text(widget)).not.to.contain('Check your connection');
    expect(ofType(events, 'cargopay-error').at(-1)?.detail).to.deep.include({
      kind: 'configuration',
      code: 'stripe-error',
    });
  });

  it('says it in the widget’s locale (de)', async function () {
    this.timeout(30_000);
    const { widget } = mountWidget({ ...(await refusedRequest()), sandboxUrl: '' }, { locale: 'de' });
    await waitForState(widget, 'unreachable', 20_000);
    expect(text(widget)).to.contain('Der Zahlungsdienst konnte diese Zahlung nicht vorbereiten.');
  });
});
