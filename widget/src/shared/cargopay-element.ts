import { LitElement } from 'lit';
import type { CargopayEventDetails } from '../events/index.ts';

/** Base class of CargoPay's elements: a `LitElement` with a typed `emit()`. */
export class CargopayElement extends LitElement {
  /**
   * Dispatches one of the widget's events (see `CargopayEventDetails`), bubbling and composed so that it
   * crosses shadow roots, with a `detail` type the compiler checks.
   */
  protected emit<K extends keyof CargopayEventDetails>(name: K, detail: CargopayEventDetails[K]): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}
