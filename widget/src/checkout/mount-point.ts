/** The name of the slot in the widget's shadow root where the Payment Element appears. */
export const PAYMENT_SLOT = 'cargopay-payment';

let counter = 0;

/** A light-DOM node for Stripe's Payment Element, and how to take it away again. */
export interface MountPoint {
  node: HTMLElement;
  remove(): void;
}

/**
 * Creates the node Stripe.js mounts into. Stripe.js refuses nodes inside a ShadowRoot, so the node must live
 * in the document's light DOM. When the widget itself sits in shadow roots, it is appended to the outermost
 * host and reaches the widget's `cargopay-payment` slot through one `<slot>` per enclosing shadow root:
 *
 * `host-in-document > div[slot=cargopay-1]` → `…shadow root… <cargopay-checkout> > slot[name=cargopay-1][slot=cargopay-payment]`
 */
export function createMountPoint(widget: HTMLElement): MountPoint {
  const created: Element[] = [];
  let carrier: Element = widget;
  let slotName = PAYMENT_SLOT;
  for (let root = widget.getRootNode(); root instanceof ShadowRoot; root = carrier.getRootNode()) {
    const relay = document.createElement('slot');
    relay.name = `cargopay-${++counter}`;
    relay.slot = slotName;
    carrier.append(relay);
    created.push(relay);
    carrier = root.host;
    slotName = relay.name;
  }
  const node = document.createElement('div');
  node.slot = slotName;
  node.className = 'cargopay-payment-element';
  carrier.append(node);
  created.push(node);
  return { node, remove: () => created.forEach((element) => element.remove()) };
}
