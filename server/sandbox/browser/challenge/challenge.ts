/**
 * The 3D Secure challenge page, on the sandbox's origin, shown by the stand-in Stripe.js in a modal iframe.
 * "Complete authentication" and "Fail authentication" call the sandbox's `/_sandbox/3ds/:pi/complete|fail`
 * (same origin) and then tell the opening page the outcome; the page then retrieves the PaymentIntent.
 */
import { envelope } from '../shared/protocol.ts';
import type { ChallengeToPage } from '../shared/protocol.ts';

interface ChallengeConfig {
  parentOrigin: string;
  target: string;
}

function readConfig(): ChallengeConfig | null {
  try {
    const config = JSON.parse(decodeURIComponent(location.hash.slice(1))) as ChallengeConfig;
    if (new URL(config.parentOrigin).origin !== config.parentOrigin || typeof config.target !== 'string')
      return null;
    return config;
  } catch {
    return null;
  }
}

function main(): void {
  const root = document.querySelector<HTMLElement>('[data-payment-intent]');
  const status = document.getElementById('status');
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('.actions button')];
  const paymentIntent = root?.dataset.paymentIntent;
  const config = readConfig();
  if (!root || !status || !paymentIntent) return;

  const finish = async (outcome: 'complete' | 'fail'): Promise<void> => {
    for (const button of buttons) button.disabled = true;
    status.textContent = outcome === 'complete' ? 'Authenticating…' : 'Failing authentication…';
    let result: ChallengeToPage['outcome'] = outcome;
    try {
      const response = await fetch(`/_sandbox/3ds/${encodeURIComponent(paymentIntent)}/${outcome}`, {
        method: 'POST',
        credentials: 'omit',
      });
      if (!response.ok) result = 'error';
    } catch {
      result = 'error';
    }
    status.textContent = result === 'error' ? 'The sandbox could not record the authentication.' : 'Done.';
    const message: ChallengeToPage = { type: 'challenge-result', outcome: result };
    if (config && window.parent !== window) {
      window.parent.postMessage(envelope(config.target, message), config.parentOrigin);
    }
  };

  document.getElementById('complete')?.addEventListener('click', () => void finish('complete'));
  document.getElementById('fail')?.addEventListener('click', () => void finish('fail'));
  // Focus lands on the first choice, also when the modal's frame only receives focus after loading.
  buttons[0]?.focus();
  window.addEventListener('focus', () => {
    if (!buttons.includes(document.activeElement as HTMLButtonElement)) buttons[0]?.focus();
  });
}

main();
