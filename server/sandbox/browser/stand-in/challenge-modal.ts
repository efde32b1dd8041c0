/**
 * The 3D Secure modal: a full-window iframe of the sandbox's challenge page, laid over the merchant page
 * as Stripe.js lays its authentication modal. It resolves with the buyer's choice and restores focus.
 */
import { openEnvelope } from '../shared/protocol.ts';
import type { ChallengeToPage } from '../shared/protocol.ts';

export type ChallengeOutcome = ChallengeToPage['outcome'];

let counter = 0;

/** Shows the challenge for `paymentIntent` and resolves once the buyer completed or failed it. */
export function runChallenge(sandboxOrigin: string, paymentIntent: string): Promise<ChallengeOutcome> {
  const target = `challenge-${Date.now().toString(36)}-${++counter}`;
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  const overlay = document.createElement('div');
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-label', '3D Secure authentication');
  overlay.dataset.cargopaySandbox = 'challenge';
  Object.assign(overlay.style, {
    position: 'fixed',
    inset: '0',
    zIndex: '2147483647',
    display: 'grid',
    placeItems: 'center',
    background: 'rgba(0, 0, 0, 0.5)',
  });
  const frame = document.createElement('iframe');
  frame.title = '3D Secure authentication';
  const hash = encodeURIComponent(JSON.stringify({ parentOrigin: location.origin, target }));
  frame.src = `${sandboxOrigin}/_sandbox/3ds/${encodeURIComponent(paymentIntent)}#${hash}`;
  Object.assign(frame.style, {
    width: 'min(500px, 100vw)',
    height: 'min(600px, 100vh)',
    border: '0',
    borderRadius: '8px',
    background: '#fff',
  });
  overlay.append(frame);

  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== sandboxOrigin || event.source !== frame.contentWindow) return;
      const message = openEnvelope<ChallengeToPage>(event.data, target);
      if (!message || message.type !== 'challenge-result') return;
      window.removeEventListener('message', onMessage);
      overlay.remove();
      previousFocus?.focus();
      resolve(message.outcome);
    };
    window.addEventListener('message', onMessage);
    frame.addEventListener(
      'load',
      () => {
        overlay.dataset.state = 'ready';
        frame.focus();
      },
      { once: true },
    );
    document.body.append(overlay);
  });
}
