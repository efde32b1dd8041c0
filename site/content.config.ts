import { defineCollection } from 'astro/content/config';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

/**
 * Starlight's collections: `docs` holds the pages (`site/content/docs/`, English, and `site/content/docs/es/`,
 * Spanish); `i18n` holds interface strings that differ from Starlight's own translations.
 */
export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
