let url: string | undefined;

/** Records the URL `cargopay.js` was loaded from; the classic-script entry calls it before anything else. */
export function setScriptUrl(value: string | undefined): void {
  url = value || url;
}

/**
 * The URL the widget's code came from: the classic script's `src`, else this module's own URL (ES build), else
 * the page. `api-base` defaults to its origin and the classic build resolves its locale files against it.
 */
export function scriptUrl(): string {
  return url ?? (import.meta.url || globalThis.location?.href) ?? '';
}
