/**
 * Which of the sandbox's languages to speak for an Elements `locale` (`auto` reads the browser's languages):
 * the first requested tag whose base language is supported, else English, as Stripe.js falls back.
 */
export function pickLocale(
  requested: string | undefined,
  browserLanguages: readonly string[],
  supported: readonly string[],
): string {
  const candidates = !requested || requested === 'auto' ? browserLanguages : [requested];
  for (const tag of candidates) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (supported.includes(base)) return base;
  }
  return 'en';
}
