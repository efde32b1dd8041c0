import { PAGE_LOCALES, type PageLocale } from './messages.ts';

const isPageLocale = (tag: string): tag is PageLocale => (PAGE_LOCALES as readonly string[]).includes(tag);

/** The page locale nearest a BCP 47 tag (`pt-BR` → `pt`), or `null` when none is near. */
function nearest(tag: string): PageLocale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isPageLocale(primary) ? primary : null;
}

/**
 * The buyer's language for the hosted page: a `?lang=` the buyer picked (`schema.ts`), then
 * the best of `Accept-Language` by quality (RFC 9110 §12.5.4; equal qualities keep the header's order, `q=0`
 * means "not this one"), then English.
 */
export function pageLanguage(picked: PageLocale | undefined, acceptLanguage: string | undefined): PageLocale {
  if (picked) return picked;
  let best: { locale: PageLocale; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.split(';');
    const locale = nearest(tag);
    if (!locale) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { locale, q };
  }
  return best?.locale ?? 'en';
}
