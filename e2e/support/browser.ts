import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { ROOT } from './stack.ts';

/**
 * Debian's Chromium driven by playwright-core (nothing is downloaded), with the flags of
 * `.config/web-test-runner.config.mjs`, and the buyer's gestures on the widget: typing a card into the
 * sandbox's cross-origin Payment Element frame with real keystrokes, paying, answering 3D Secure.
 */

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** The (first) `<cargopay-checkout>` on the page; Playwright's CSS engine pierces open shadow roots. */
export const widgetOf = (page: Page): Locator => page.locator('cargopay-checkout').first();

/** States a loading widget ends in when it cannot take the payment; waiting on past one of them is pointless. */
const LOAD_ERROR_STATES = ['misconfigured', 'unreachable', 'blocked'];

/**
 * Waits until the widget's reflected `state` is one of `states`; returns it. A load error that was not asked
 * for fails at once, naming the widget's `cargopay-error` details when the page records them
 * (`window.cargopayEvents`), so that a failure says why (an origin, a risk block, a 5xx) and not only what.
 */
export async function waitForState(page: Page, states: string | string[], timeout = 20_000): Promise<string> {
  const wanted = Array.isArray(states) ? states : [states];
  const deadline = Date.now() + timeout;
  for (;;) {
    const last = await widgetOf(page)
      .getAttribute('state', { timeout: 1_000 })
      .catch(() => null);
    if (last && wanted.includes(last)) return last;
    const stuck = last !== null && LOAD_ERROR_STATES.includes(last);
    if (stuck || Date.now() > deadline) {
      throw new Error(
        `the widget ${stuck ? 'ended' : 'stayed'} in state ${last ?? '(none)'}; expected ${wanted.join(' or ')}; ` +
          `cargopay-error: ${await widgetErrors(page)}`,
      );
    }
    await page.waitForTimeout(50);
  }
}

async function widgetErrors(page: Page): Promise<string> {
  const recorded = await page
    .evaluate(() => {
      const events = (window as unknown as { cargopayEvents?: { type: string; detail: unknown }[] })
        .cargopayEvents;
      return events ? events.filter((e) => e.type === 'cargopay-error').map((e) => e.detail) : null;
    })
    .catch(() => null);
  return recorded ? JSON.stringify(recorded) : 'not recorded by this page';
}

/** The sandbox's Payment Element frame (cross-origin: the merchant page cannot read it, the test can). */
export async function paymentFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/_sandbox/elements/payment'));
    if (frame) {
      await frame.locator('input[autocomplete="cc-number"]').waitFor({ timeout });
      return frame;
    }
    if (Date.now() > deadline) throw new Error('no Payment Element frame appeared');
    await page.waitForTimeout(50);
  }
}

/** Every card number typed through `typeCard` in this process (for the card-data scans). */
export const typedCards = new Set<string>();

export interface Card {
  number: string;
  expiry?: string;
  cvc?: string;
  zip?: string;
}

/** Clicks into each field and types like a buyer (the frame formats and validates as Stripe's does). */
export async function typeCard(page: Page, card: Card): Promise<void> {
  typedCards.add(card.number);
  const frame = await paymentFrame(page);
  const field = async (autocomplete: string, value: string) => {
    const input = frame.locator(`input[autocomplete="${autocomplete}"]`);
    await input.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(value);
  };
  await field('cc-number', card.number);
  await field('cc-exp', card.expiry ?? '12 / 34');
  await field('cc-csc', card.cvc ?? '123');
  const zip = frame.locator('input[autocomplete="postal-code"]');
  if (await zip.isVisible()) await field('postal-code', card.zip ?? '10001');
}

/** The widget's main button (Pay / Try another card / Retry). */
export const widgetButton = (page: Page): Locator => widgetOf(page).locator('button[part="button"]');

/** Types `card` and presses Pay. */
export async function pay(page: Page, card: Card): Promise<void> {
  await typeCard(page, card);
  await widgetButton(page).click();
}

/** Answers the sandbox's 3D Secure challenge modal with the button for `choice`. */
export async function answerChallenge(page: Page, choice: 'complete' | 'fail'): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/_sandbox/3ds/'));
    if (frame) {
      const name = choice === 'complete' ? /Complete authentication/ : /Fail authentication/;
      await frame.getByRole('button', { name }).click({ timeout: 10_000 });
      return;
    }
    if (Date.now() > deadline) throw new Error('no 3D Secure challenge appeared');
    await page.waitForTimeout(50);
  }
}

/** Text the widget shows (its shadow root), whitespace collapsed. */
export async function widgetText(page: Page): Promise<string> {
  const text = await widgetOf(page).evaluate((el) => el.shadowRoot?.textContent ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

/** Saves a full-page screenshot of the final state as `e2e/artifacts/<name>.png`; returns its path. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
