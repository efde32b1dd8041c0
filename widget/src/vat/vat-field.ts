import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { VatCheckResponse } from '../../../server/src/contract/http.ts';
import { format, type Messages } from '../locales/localize.ts';
import type { VatCheck } from './vat-number.ts';

/** `collect-vat`: whether and how the checkout asks for a VAT number. */
export type VatMode = 'off' | 'optional' | 'required';

/** What the VAT field needs from the checkout that hosts it. */
export interface VatFieldHost extends ReactiveControllerHost {
  collectVat: VatMode;
  /**
   * Asks the server's VIES check (`POST /v1/checkout/:id/vat`): its answer, `'invalid'` when the server refused
   * the number, `null` when no answer came; `null` instead of a promise before the checkout has loaded.
   */
  _vatLookup(vat: string): Promise<VatCheckResponse | 'invalid' | null> | null;
  /** The merchant lets buyers pay when VIES cannot answer. */
  _vatUnavailable(): boolean;
  /** The value changed (`cargopay-change`); `answered` when VIES has just answered (worth announcing). */
  _vatChanged(empty: boolean, answered?: boolean): void;
}

/**
 * The VAT number field of `<cargopay-checkout>` as a Lit reactive controller: checks the number as it is
 * typed (format and check digits, from the lazily loaded `vat-number.ts`), then asks the server's VIES check,
 * and says whether the buyer may pay. Its messages are the active locale's.
 */
export class VatField implements ReactiveController {
  declare private readonly _host: VatFieldHost;
  private _check: ((input: string) => VatCheck) | null = null;
  private _value = '';
  private _local: VatCheck = { ok: false, problem: 'empty' };
  private _remote: VatCheckResponse | 'checking' | null = null;
  private _touched = false;
  private _timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: VatFieldHost) {
    this._host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this._timer);
  }

  /** Installs the offline checks once their file has loaded. */
  set _checker(check: (input: string) => VatCheck) {
    this._check = check;
  }

  get _loaded(): boolean {
    return !!this._check;
  }

  /** Whether a VAT number is asked for (`collect-vat` is `optional` or `required`). */
  get _wanted(): boolean {
    return this._host.collectVat === 'optional' || this._host.collectVat === 'required';
  }

  /** Whether the VAT number, as it stands, lets the buyer pay (always, when no VAT number is asked for). */
  get _complete(): boolean {
    if (!this._wanted) return true;
    const remote = this._remote;
    if (!this._value.trim()) return this._host.collectVat === 'optional';
    if (!this._local.ok || !remote || remote === 'checking') return false;
    return remote.result === 'valid' || (remote.result === 'unavailable' && this._host._vatUnavailable());
  }

  /** Waits for a pending VIES check (or starts one), then returns `_complete`; marks the field as touched. */
  async _accepted(): Promise<boolean> {
    if (!this._wanted) return true;
    this._touched = true;
    if (this._local.ok && this._remote === null) await this._lookup();
    while (this._remote === 'checking') await new Promise((resolve) => setTimeout(resolve, 50));
    this._host.requestUpdate();
    return this._complete;
  }

  private _input(value: string): void {
    this._value = value;
    this._local = this._check?.(value) ?? { ok: false, problem: 'format' };
    this._remote = null;
    this._touched ||= value.replace(/\W/g, '').length > 4;
    clearTimeout(this._timer);
    if (this._local.ok) this._timer = setTimeout(() => void this._lookup(), 400);
    this._host.requestUpdate();
    this._host._vatChanged(!value.trim());
  }

  private async _lookup(): Promise<void> {
    const local = this._local;
    const pending = local.ok ? this._host._vatLookup(local.vat) : null;
    if (!local.ok || !pending) return;
    clearTimeout(this._timer);
    this._remote = 'checking';
    this._host.requestUpdate();
    const answer = await pending;
    if (this._local !== local) return;
    // No answer at all (network) is "VIES unavailable", never "invalid".
    this._remote = (answer !== 'invalid' && answer) || {
      result: answer ?? 'unavailable',
      country_code: local.country,
      vat_number: local.number,
      name: null,
      address: null,
      request_date: null,
    };
    this._touched = true;
    this._host.requestUpdate();
    this._host._vatChanged(false, true);
  }

  /** The field's message in `m` and its tone. */
  _message(m: Messages): [string, 'hint' | 'error' | 'ok'] {
    const local = this._local;
    const remote = this._remote;
    if (!this._value.trim())
      return this._host.collectVat === 'required' && this._touched
        ? [m.vatEmpty, 'error']
        : [m.vatHint, 'hint'];
    if (!local.ok) {
      if (!this._touched) return [m.vatHint, 'hint'];
      const key = (
        {
          empty: 'vatEmpty',
          country: 'vatCountry',
          format: 'vatFormat',
          'check-digit': 'vatCheckDigit',
        } as const
      )[local.problem];
      return [format(m, key, { country: local.country ?? '' }), 'error'];
    }
    if (remote === 'checking' || remote === null) return [m.vatChecking, 'hint'];
    if (remote.result === 'valid')
      return [format(m, 'vatVerified', { name: remote.name ?? remote.vat_number }), 'ok'];
    if (remote.result === 'invalid') return [m.vatInvalid, 'error'];
    return [m.vatUnavailable, this._host._vatUnavailable() ? 'hint' : 'error'];
  }

  /** The labelled input with its live message; read-only while a payment is in progress. */
  _render(m: Messages, readonly: boolean): TemplateResult | typeof nothing {
    if (!this._wanted) return nothing;
    const [message, tone] = this._message(m);
    return html`<div part="vat">
      <label for="vat"
        >${m.vatLabel}
        ${this._host.collectVat === 'optional' ? html`<span class="hint">${m.vatOptional}</span>` : nothing}</label
      >
      <input
        id="vat"
        name="vat"
        autocomplete="off"
        spellcheck="false"
        autocapitalize="characters"
        .value=${this._value}
        aria-describedby="vat-message"
        ?required=${this._host.collectVat === 'required'}
        aria-invalid=${tone === 'error'}
        ?readonly=${readonly}
        @input=${(event: Event) => this._input((event.target as HTMLInputElement).value)}
        @blur=${() => {
          this._touched = true;
          this._host.requestUpdate();
        }}
      />
      <div id="vat-message" class=${tone}>${message}</div>
    </div>`;
  }
}
