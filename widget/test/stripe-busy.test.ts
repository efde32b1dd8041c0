/**
 * Stripe busy, end to end: the real server (`server/test/harness.ts`, started by `.config/wtr-server.mjs`)
 * whose sandbox refuses every Stripe call with Stripe's rate-limit answer until the test lifts it. The server
 * retries Stripe's 429s itself (up to ~8 s, one idempotency key), then answers `503 stripe-busy` with
 * `Retry-After: 2`; the widget shows "busy, retrying", asks again, and the buyer pays once Stripe serves.
 * (Its own file: a page keeps the first Stripe.js it loaded, and this one must be the real server's sandbox's.)
 */
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import {
  cleanUp,
  goodCard,
  mountWidget,
  ofType,
  payButton,
  shadow,
  text,
  typeCard,
  waitForState,
} from './helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: { timeout(ms: number): void }) => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

const BUSY = 'Many payments are being made right now. Retrying in a moment…';

describe('against the real server, its sandbox enforcing a rate limit Stripe never lifts until the test does', () => {
  it('the server retries Stripe’s 429s, then the widget shows "busy, retrying"; once Stripe serves again, the buyer pays', async function () {
    // The server backs off for up to ~8 s before it answers stripe-busy (what a buyer can wait for).
    this.timeout(90_000);
    const request = await executeServerCommand<{ id: string; apiBase: string }, object>(
      'cargopay-server:create',
      { origin: location.origin },
    );
    await executeServerCommand('cargopay-server:stripe-busy', { busy: true });
    let mounted: ReturnType<typeof mountWidget>;
    try {
      mounted = mountWidget({ ...request, sandboxUrl: '' });
      await waitForState(mounted.widget, 'busy', 45_000);
    } finally {
      await executeServerCommand('cargopay-server:stripe-busy', { busy: false });
    }
    const { widget, events } = mounted;
    expect(text(widget)).to.contain(BUSY);
    expect(shadow(widget).querySelector('[role=status]')?.textContent).to.equal(BUSY);
    expect(ofType(events, 'cargopay-busy')[0]?.detail.retryInMs).to.equal(2000);
    await waitForState(widget, 'ready', 30_000);
    await typeCard(widget, goodCard('4242424242424242'));
    payButton(widget).click();
    await waitForState(widget, 'succeeded', 20_000);
    expect(ofType(events, 'cargopay-error')).to.deep.equal([]);
  });
});
