import type {
  CheckoutSummary,
  IntentRequest,
  IntentResponse,
  Problem,
  VatCheckResponse,
} from '../../../server/src/contract/http.ts';

/** The outcome of one call to the CargoPay checkout API. `network` means no HTTP answer could be read. */
export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; network: true; reachable: boolean }
  | {
      ok: false;
      network: false;
      status: number;
      slug: string;
      problem: Problem;
      /** The answer's `Retry-After` in ms (seconds form only), or null. */
      retryAfterMs?: number | null;
    };

/** Longest `Retry-After` the widget honours; a buyer is not left waiting longer between two tries. */
const MAX_RETRY_AFTER_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Talks to the server's public checkout endpoints (`server/src/contract/http.ts`). Network failures and
 * 5xx/429 answers are retried with the given back-off (or the answer's `Retry-After`, when longer); every other
 * answer is returned as it came.
 */
export class CheckoutApi {
  /** `…/v1/checkout/<id>`: the payment request's checkout endpoints start here. */
  declare readonly _url: string;
  /** Delays between attempts, in ms; one retry per entry. */
  declare readonly _backoff: readonly number[];
  /** How long one request may take before it counts as a network failure (ms). */
  static timeoutMs = 15_000;
  /** Called before each retry (`retry` counts from 1), so the widget can say why it is retrying. */
  onRetry: (failure: Exclude<ApiResult<unknown>, { ok: true }>, delayMs: number, retry: number) => void =
    () => {};

  constructor(base: string, id: string, backoff: readonly number[]) {
    this._url = new URL(`v1/checkout/${encodeURIComponent(id)}`, base.replace(/\/?$/, '/')).href;
    this._backoff = backoff;
  }

  summary(): Promise<ApiResult<CheckoutSummary>> {
    return this._call('', 'GET');
  }

  intent(body: IntentRequest): Promise<ApiResult<IntentResponse>> {
    return this._call('/intent', 'POST', body);
  }

  vat(vatNumber: string): Promise<ApiResult<VatCheckResponse>> {
    return this._call('/vat', 'POST', { vat_number: vatNumber });
  }

  private async _call<T>(path: string, method: string, body?: unknown): Promise<ApiResult<T>> {
    const url = this._url + path;
    for (let attempt = 0; ; attempt++) {
      const result = await this._once<T>(url, method, body);
      const retryable = result.ok
        ? false
        : result.network
          ? !result.reachable
          : result.status >= 500 || result.status === 429;
      const backoff = this._backoff[attempt];
      if (result.ok || !retryable || backoff === undefined) return result;
      const delay = Math.max(backoff, result.network ? 0 : (result.retryAfterMs ?? 0));
      this.onRetry(result, delay, attempt + 1);
      await sleep(delay);
    }
  }

  private async _once<T>(url: string, method: string, body?: unknown): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        credentials: 'omit',
        // A server that accepts the connection but never answers counts as unreachable.
        signal: AbortSignal.timeout(CheckoutApi.timeoutMs),
      });
    } catch {
      // No readable answer: the server is down, or it answered without CORS headers for this origin.
      // An opaque `no-cors` request tells the two apart.
      const reachable = await fetch(url, { mode: 'no-cors', credentials: 'omit' }).then(
        () => true,
        () => false,
      );
      return { ok: false, network: true, reachable };
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, data: json as T };
    const problem = (json && typeof json === 'object' ? json : { title: response.statusText }) as Problem;
    const slug = (problem.type ?? '').replace(/^urn:cargopay:problem:/, '');
    const seconds = Number(response.headers.get('retry-after') ?? NaN);
    const retryAfterMs =
      Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : null;
    return { ok: false, network: false, status: response.status, slug, problem, retryAfterMs };
  }
}
