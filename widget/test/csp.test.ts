/**
 * The built classic script (`dist/widget/cargopay.js`, from `npm run build:widget`) on a page served with the
 * strict Content-Security-Policy documented in widget/README.md (no 'unsafe-inline', no 'unsafe-eval'): it
 * loads its Spanish locale file lazily and becomes ready with no violation; and when the policy leaves out the
 * Stripe origin, the buyer sees the blocked state and the developer gets `[cargopay:csp-blocked]`, naming every
 * directive that lacks an origin the widget needs (script-src, frame-src, connect-src), not only the first one
 * that fired.
 */
import { expect } from 'chai';
import { cleanUp, createRequest, waitFor } from './helpers.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

afterEach(cleanUp);

interface CspWindow extends Window {
  cargopayConsole: string[];
  cargopayViolations: string[];
}

async function openPage(query: Record<string, string>): Promise<{ win: CspWindow; widget: HTMLElement }> {
  const frame = document.createElement('iframe');
  frame.style.width = '600px';
  frame.style.height = '700px';
  frame.src = `/__cargopay/csp-page?${new URLSearchParams(query).toString()}`;
  document.body.append(frame);
  const win = await waitFor(
    () =>
      frame.contentWindow?.document.querySelector('cargopay-checkout') && (frame.contentWindow as CspWindow),
    'the page',
  );
  const widget = win.document.querySelector('cargopay-checkout') as HTMLElement;
  return { win, widget };
}

describe('strict Content-Security-Policy', () => {
  it('the classic script works under the documented policy, loading its locale file lazily', async () => {
    const request = await createRequest();
    const { win, widget } = await openPage({ 'payment-request': request.id, locale: 'es' });
    await waitFor(() => widget.getAttribute('state') === 'ready', 'ready under CSP', 15_000);
    expect(widget.shadowRoot?.textContent).to.contain('Transportista');
    const fetched = win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(fetched).to.include('/dist/widget/locales/es.js');
    expect(fetched.filter((p) => p.includes('/locales/'))).to.deep.equal(['/dist/widget/locales/es.js']);
    expect(win.cargopayViolations).to.deep.equal([]);
  });

  it('a policy without the Stripe origin: blocked state, and a warning naming the directive to fix', async () => {
    const request = await createRequest();
    const { win, widget } = await openPage({
      'payment-request': request.id,
      stripe: 'https://js.stripe.com',
    });
    await waitFor(() => widget.getAttribute('state') === 'blocked', 'blocked state', 15_000);
    expect(widget.shadowRoot?.textContent).to.contain('could not load');
    const warning = await waitFor(
      () => win.cargopayConsole.find((l) => l.startsWith('[cargopay:csp-blocked]')),
      'the warning',
    );
    expect(warning).to.contain('script-src');
    expect(win.cargopayViolations.some((v) => v.startsWith('script-src'))).to.equal(true);
  });

  it('a policy lacking the sandbox in script-src, frame-src and connect-src: one warning names all three', async () => {
    const request = await createRequest();
    const { win, widget } = await openPage({
      'payment-request': request.id,
      block: 'script-src,frame-src,connect-src',
    });
    await waitFor(() => widget.getAttribute('state') === 'blocked', 'blocked state', 15_000);
    const warning = await waitFor(
      () => win.cargopayConsole.find((l) => l.startsWith('[cargopay:csp-blocked]')),
      'the warning',
    );
    // Only script-src fired (Stripe.js never loaded), yet the page needs the sandbox in all three.
    expect(win.cargopayViolations.length).to.be.greaterThan(0);
    expect(win.cargopayViolations.every((v) => v.startsWith('script-src'))).to.equal(true);
    const sandbox = new URL(request.sandboxUrl).origin;
    for (const directive of ['script-src', 'frame-src', 'connect-src'])
      expect(warning, directive).to.contain(`${sandbox} to ${directive}`);
  });

  it('a policy lacking the sandbox in connect-src only: the warning names connect-src, not frame-src', async () => {
    const request = await createRequest();
    const { win, widget } = await openPage({ 'payment-request': request.id, block: 'connect-src' });
    await waitFor(() => widget.getAttribute('state') === 'blocked', 'blocked state', 15_000);
    const warning = await waitFor(
      () => win.cargopayConsole.find((l) => l.startsWith('[cargopay:csp-blocked]')),
      'the warning',
    );
    const sandbox = new URL(request.sandboxUrl).origin;
    expect(warning).to.contain(`Add ${sandbox} to connect-src.`);
    expect(warning).not.to.contain('frame-src');
  });
});
