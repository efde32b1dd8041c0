import type { MessageKey, Messages } from './en.ts';
import { loadLocale } from '../shared/chunks.ts';

/** Locales with a message file. Each is its own file, fetched on demand: only the active one is loaded. */
export const LOCALES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl'] as const;
/** A locale with a message file. */
export type LocaleTag = (typeof LOCALES)[number];

const cache = new Map<LocaleTag, Promise<Messages>>();

/**
 * Maps any BCP 47 tag to the nearest locale with messages: the tag itself, then its parent language, then
 * English (`es-MX` → `es`, `pt-BR` → `pt`, `sv` → `en`).
 */
export function resolveLocale(tag: string | null | undefined): LocaleTag {
  const parts = (tag ?? '').toLowerCase().split(/[-_]/);
  while (parts.length) {
    const candidate = parts.join('-');
    if ((LOCALES as readonly string[]).includes(candidate)) return candidate as LocaleTag;
    parts.pop();
  }
  return 'en';
}

/**
 * The messages of one locale, loaded at most once per page. A locale file that fails to load falls back to
 * English; if English fails too, the promise rejects (and a later call tries again).
 */
export function messagesFor(locale: LocaleTag): Promise<Messages> {
  let messages = cache.get(locale);
  if (!messages) {
    messages = loadLocale(locale).catch((error: unknown) => {
      cache.delete(locale);
      if (locale === 'en') throw error;
      return messagesFor('en');
    });
    cache.set(locale, messages);
  }
  return messages;
}

/** Fills `{name}` placeholders. */
export function format(messages: Messages, key: MessageKey, values: Record<string, string> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? '');
}

export type { MessageKey, Messages };
