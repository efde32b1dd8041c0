import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { messagesFor, resolveLocale, type Messages } from '../locales/localize.ts';

/** What the locale controller needs from the checkout that hosts it. */
export interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  /** The `locale` attribute: a BCP 47 tag, or `''` to follow the page. */
  locale: string;
}

/**
 * The checkout's language, as a Lit reactive controller: resolves `locale` (else the nearest `lang`, else the
 * browser's language) to one of the widget's locales, loads its messages (then asks the host to render again),
 * again whenever `locale` changes, formats amounts for the buyer, and picks the billing country the Payment
 * Element starts with.
 */
export class LocaleController implements ReactiveController {
  declare private readonly _host: LocaleHost;
  // Set by `_apply()`, which the host's load runs before anything reads them (no initial values to ship).
  declare private _numbers: string;
  /** The `locale` attribute the messages were last resolved for. */
  declare private _for: string;
  /** The active locale's messages; `undefined` until the first ones have loaded. */
  declare _messages: Messages | undefined;
  /** One of the widget's locales (`en`, `de`, …): what Stripe.js is given. */
  declare _tag: string;
  /**
   * The billing country the card form starts with: the region the page's language names (`de-AT` → AT), else
   * the home of the widget's language (`en` → GB). The browser's default `en-US` says nothing about where the
   * buyer's card is billed, so it never makes the form ask for a US ZIP.
   */
  declare _country: string;

  constructor(host: LocaleHost) {
    this._host = host;
    host.addController(this);
  }

  /**
   * A live `locale` change: the new language's messages. The host's load (on connect, before its first update)
   * applies the locale itself, so this does nothing until `locale` changes afterwards.
   */
  hostUpdate(): void {
    if (this._host.locale !== this._for) void this._apply();
  }

  /** Resolves the locale and loads its messages; rejects when the locale files cannot be loaded. */
  async _apply(): Promise<void> {
    const host = this._host;
    this._for = host.locale;
    const own = host.locale || inheritedLang(host);
    const tag = own || navigator.language;
    const resolved = resolveLocale(tag);
    this._tag = resolved;
    this._country = (
      /-([a-z]{2})(?:-|$)/i.exec(own)?.[1] ?? (resolved === 'en' ? 'gb' : resolved)
    ).toUpperCase();
    this._messages = await messagesFor(resolved);
    try {
      this._numbers = Intl.getCanonicalLocales(tag)[0] ?? resolved;
    } catch {
      this._numbers = resolved;
    }
    host.requestUpdate();
  }

  /** `minor` units (the request's amount by default) of the request's currency, formatted for the buyer's locale. */
  _amount(request: { amount: number; currency: string }, minor = request.amount): string {
    const money = new Intl.NumberFormat(this._numbers, { style: 'currency', currency: request.currency });
    // A currency's minor-unit digits are CLDR's, the same in every locale (2 for EUR, 0 for JPY).
    return money.format(minor / 10 ** (money.resolvedOptions().maximumFractionDigits ?? 2));
  }
}

/** The nearest `lang`, crossing shadow roots, for when `locale` is not set; `''` when the page sets none. */
function inheritedLang(host: HTMLElement): string {
  let node: Node | null = host.parentNode;
  let lang = host.getAttribute('lang');
  while (!lang && node) {
    lang = node instanceof Element ? node.getAttribute('lang') : null;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return lang ?? '';
}
