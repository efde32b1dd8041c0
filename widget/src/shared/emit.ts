import type { CargopayEventDetails } from '../events/index.ts';

/**
 * Dispatches one of the widget's events (see `CargopayEventDetails`) on `target`, the element, bubbling and
 * composed so that it crosses shadow roots, with a `detail` type the compiler checks. Elements and their
 * controllers fire every event through it.
 */
export const emit = <K extends keyof CargopayEventDetails>(
  target: EventTarget,
  name: K,
  detail: CargopayEventDetails[K],
): boolean => target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
